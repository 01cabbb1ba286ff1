-- drop_work_tables: frees the intermediate tables of an ingest (raw, lines, staged, parsed);
-- `transactions` and `rejected` stay. Returns nothing.
DROP VIEW IF EXISTS staged;
DROP TABLE IF EXISTS parsed;
DROP TABLE IF EXISTS lines;
DROP TABLE IF EXISTS raw;

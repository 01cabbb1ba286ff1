-- drop_work_tables: frees what an ingest used on the way (raw, staged, the de-duplication's temp
-- tables); `transactions` and `rejected` stay. A script of several DROP statements. out: nothing.
DROP VIEW IF EXISTS staged;
DROP TABLE IF EXISTS raw;
DROP TABLE IF EXISTS _cv_removed;
DROP TABLE IF EXISTS _cv_dup_hashes;

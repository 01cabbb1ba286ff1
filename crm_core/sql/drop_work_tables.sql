-- drop_work_tables: frees what an ingest used on the way (raw, staged, the de-duplication's temp
-- tables, the reader's bad lines once merged); `transactions`, `rejected` and `excluded` stay. A script of several DROP statements. out: nothing.
DROP VIEW IF EXISTS staged;
DROP TABLE IF EXISTS raw;
DROP TABLE IF EXISTS _cv_removed;
DROP TABLE IF EXISTS _cv_dup_candidates;
DROP TABLE IF EXISTS raw_bad_lines;

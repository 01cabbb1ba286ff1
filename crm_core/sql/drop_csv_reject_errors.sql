-- drop_csv_reject_errors: drops the CSV reader's temp table of rejected records (before a scan, so
-- that it holds that scan's records only, and after raw_bad_lines has read it).
-- in : _cv_reject_errors (may not exist). out: nothing. params: none.
DROP TABLE IF EXISTS _cv_reject_errors

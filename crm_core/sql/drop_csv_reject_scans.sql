-- drop_csv_reject_scans: drops the CSV reader's temp table describing its scans (written with
-- _cv_reject_errors; not needed once raw_bad_lines is made).
-- in : _cv_reject_scans (may not exist). out: nothing. params: none.
DROP TABLE IF EXISTS _cv_reject_scans

-- drop_raw_source: drops the view `_cv_raw_source` once raw_lines_from_source has copied it.
-- in : _cv_raw_source (may not exist). out: nothing. params: none.
DROP VIEW IF EXISTS _cv_raw_source

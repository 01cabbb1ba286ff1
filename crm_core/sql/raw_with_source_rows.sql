-- raw_with_source_rows: `raw` again with the column `_cv_source_row` (the file line each record
-- starts on), for files with many runs of line offsets (one copy instead of many updates).
-- in : raw(<VARCHAR columns>), _cv_source_rows(_cv_source_row BIGINT; one row per raw line, in
--      rowid order). out: raw(<VARCHAR columns>, _cv_source_row BIGINT), same order. params: none.
-- DuckDB-only: POSITIONAL JOIN.
CREATE OR REPLACE TABLE raw AS
SELECT raw.*, lines._cv_source_row
FROM raw
POSITIONAL JOIN _cv_source_rows AS lines

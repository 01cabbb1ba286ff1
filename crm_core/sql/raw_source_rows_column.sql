-- raw_source_rows_column: adds the empty column `_cv_source_row` to `raw`, set next by
-- raw_source_rows_segment (only for files where rowid + first row is not the file line).
-- in : raw. out: raw(<columns>, _cv_source_row BIGINT NULL). params: none.
ALTER TABLE raw ADD COLUMN _cv_source_row BIGINT

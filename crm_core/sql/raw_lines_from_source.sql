-- raw_lines_from_source: table `raw` from the view `_cv_raw_source`, each column as text (a Parquet
-- file whose columns had to be renamed first: a column named rowid would hide DuckDB's row number).
-- in : _cv_raw_source(<columns under their final names>). out: raw(<one VARCHAR column each>), in
-- file order. params: none.
CREATE OR REPLACE TABLE raw AS
SELECT CAST(COLUMNS(*) AS VARCHAR)
FROM _cv_raw_source

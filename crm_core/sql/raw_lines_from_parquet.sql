-- raw_lines_from_parquet: table `raw`, every row of a Parquet file with each column as text
-- (typed values are re-read by the same parsing rules as a CSV: one code path).
-- in : $path. out: raw(<one VARCHAR column per Parquet column>), in file order.
-- DuckDB-only: read_parquet, COLUMNS(*).
CREATE OR REPLACE TABLE raw AS
SELECT CAST(COLUMNS(*) AS VARCHAR)
FROM read_parquet($path)

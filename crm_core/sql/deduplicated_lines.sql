-- deduplicated_lines: table `lines`, one row per distinct raw line, with its first file row
-- and how many identical copies the file had (exact duplicates: every column equal; NULLs equal).
-- in : raw(<VARCHAR columns>); $first_row = file row of raw's first line (2 with a header line).
-- out: lines(_cv_row BIGINT [file row], _cv_copies BIGINT, <raw columns>).
-- DuckDB-only: rowid, COLUMNS(*), GROUP BY ALL.
CREATE OR REPLACE TABLE lines AS
SELECT
    min(rowid) + $first_row AS _cv_row,
    count(*) AS _cv_copies,
    COLUMNS(*)
FROM raw
GROUP BY ALL

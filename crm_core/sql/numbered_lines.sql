-- numbered_lines: table `lines`, every raw line with its file row, duplicates kept (each its own line).
-- For data where identical lines are genuine separate purchases (no order id; e.g. the CDNOW
-- research data, whose published summaries count them). Same output as deduplicated_lines.
-- in : raw(<VARCHAR columns>); $first_row = file row of raw's first line.
-- out: lines(_cv_row BIGINT [file row], _cv_copies BIGINT = 1, <raw columns>). DuckDB-only: rowid.
CREATE OR REPLACE TABLE lines AS
SELECT
    rowid + $first_row AS _cv_row,
    CAST(1 AS BIGINT) AS _cv_copies,
    *
FROM raw

-- excluded_counts: lines excluded per reason.
-- in : excluded(source_row, reason). out: reason VARCHAR, rows BIGINT, first_rows VARCHAR (up to 5 file rows).
SELECT
    reason,
    count(*) AS rows,
    array_to_string(list(source_row ORDER BY source_row)[1:5], ', ') AS first_rows
FROM excluded
GROUP BY reason
ORDER BY rows DESC, reason

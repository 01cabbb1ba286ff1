-- rejected_counts: rows rejected per reason.
-- in : parsed(_cv_reason). out: reason VARCHAR, rows BIGINT, first_rows VARCHAR (up to 5 file rows).
SELECT
    _cv_reason AS reason,
    count(*) AS rows,
    array_to_string(list(_cv_row ORDER BY _cv_row)[1:5], ', ') AS first_rows
FROM parsed
WHERE _cv_reason IS NOT NULL
GROUP BY _cv_reason
ORDER BY rows DESC, reason

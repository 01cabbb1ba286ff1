-- status_values: the order statuses of the file and how many lines each has, with the exclusion reason
-- the lines got (NULL = kept), so the report can name every status, also those it does not know.
-- in : parsed(status, _cv_excluded, _cv_reason). out: status VARCHAR, lines BIGINT, reason VARCHAR.
SELECT status, count(*) AS lines, any_value(_cv_excluded) AS reason
FROM parsed
WHERE status IS NOT NULL AND _cv_reason IS NULL
GROUP BY status
ORDER BY lines DESC, status

-- raw_count: how many lines `raw` holds.
-- in : raw. out: one row, n BIGINT [lines]. params: none.
SELECT count(*) AS n
FROM raw

-- raw_sample: the first $n lines of `raw` (for detecting column roles, date formats, currency).
-- in : raw(<VARCHAR columns>). out: the same columns. params: $n (lines).
SELECT *
FROM raw
LIMIT $n

-- refund_total: the refunds netted into the kept lines' amounts [dataset currency].
-- in : parsed(refund DOUBLE, _cv_reason, _cv_excluded). out: one row, total DOUBLE.
SELECT sum(refund) AS total
FROM parsed
WHERE _cv_reason IS NULL AND _cv_excluded IS NULL

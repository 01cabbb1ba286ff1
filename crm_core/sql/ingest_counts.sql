-- ingest_counts: one row, the ingest report's figures.
-- in : parsed(_cv_copies, _cv_reason, _cv_customer, _cv_ts, _cv_amount).
-- out: rows_read, duplicates_removed, rows_rejected, rows_kept, returns [lines with amount < 0],
--      customers [with at least one kept line], first_date, last_date [DATE],
--      gross_revenue [sum of positive kept amounts, currency], returns_amount [currency, >= 0],
--      net_revenue [currency].
-- Identity: rows_read = rows_kept + rows_rejected + duplicates_removed.
SELECT
    sum(_cv_copies) AS rows_read,
    sum(_cv_copies - 1) AS duplicates_removed,
    count(*) FILTER (WHERE _cv_reason IS NOT NULL) AS rows_rejected,
    count(*) FILTER (WHERE _cv_reason IS NULL) AS rows_kept,
    count(*) FILTER (WHERE _cv_reason IS NULL AND _cv_amount < 0) AS returns,
    count(DISTINCT _cv_customer) FILTER (WHERE _cv_reason IS NULL) AS customers,
    CAST(min(_cv_ts) FILTER (WHERE _cv_reason IS NULL) AS DATE) AS first_date,
    CAST(max(_cv_ts) FILTER (WHERE _cv_reason IS NULL) AS DATE) AS last_date,
    coalesce(sum(_cv_amount) FILTER (WHERE _cv_reason IS NULL AND _cv_amount > 0), 0) AS gross_revenue,
    coalesce(-sum(_cv_amount) FILTER (WHERE _cv_reason IS NULL AND _cv_amount < 0), 0) AS returns_amount,
    coalesce(sum(_cv_amount) FILTER (WHERE _cv_reason IS NULL), 0) AS net_revenue
FROM parsed

-- ingest_counts: one row, the ingest report's figures.
-- in : transactions(customer_id, order_ts, amount), rejected, excluded. params: $duplicates_removed (lines).
-- out: rows_read, duplicates_removed, rows_rejected, rows_excluded, rows_kept, returns [lines with
--      amount < 0], customers [with at least one kept line], first_date, last_date [DATE],
--      gross_revenue [sum of positive kept amounts, currency], returns_amount [currency, >= 0],
--      net_revenue [currency].
-- Identity: rows_read = rows_kept + rows_rejected + rows_excluded + duplicates_removed.
SELECT
    count(*) + (SELECT count(*) FROM rejected) + (SELECT count(*) FROM excluded) + $duplicates_removed AS rows_read,
    $duplicates_removed AS duplicates_removed,
    (SELECT count(*) FROM rejected) AS rows_rejected,
    (SELECT count(*) FROM excluded) AS rows_excluded,
    count(*) AS rows_kept,
    count(*) FILTER (WHERE amount < 0) AS returns,
    count(DISTINCT customer_id) AS customers,
    CAST(min(order_ts) AS DATE) AS first_date,
    CAST(max(order_ts) AS DATE) AS last_date,
    coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS gross_revenue,
    coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS returns_amount,
    coalesce(sum(amount), 0) AS net_revenue
FROM transactions

-- retention_by_period: the customer retention rate per calendar period (Reichheld's retention; the course's
-- 客户保持率): of the customers who bought in period t-1, how many bought again in period t.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE).
-- params: $as_of DATE — lines dated before it count; $months_per_period INTEGER — 1 (month), 3 (quarter) or
--         12 (year).
-- out: period_index INTEGER [period t, counted from January of year 0: floor((12·year + month − 1) / months)];
--      active_before [customers with a purchase line (amount >= 0) in period t-1]; retained [of those, customers
--      with a purchase line in period t]. One row per period following a period with buyers, including the
--      period after the as-of date's own (crm_core.loyalty drops periods not complete at $as_of); sorted.
-- Portable SQL (EXTRACT, floor, a self join).
WITH buyer_periods AS (
    SELECT DISTINCT
        customer_id,
        CAST(floor((EXTRACT(YEAR FROM order_ts) * 12 + EXTRACT(MONTH FROM order_ts) - 1)
                   / CAST($months_per_period AS DOUBLE)) AS INTEGER) AS period_index
    FROM transactions
    WHERE order_ts < CAST($as_of AS DATE) AND amount >= 0
)
SELECT
    prev.period_index + 1 AS period_index,
    count(*) AS active_before,
    count(cur.customer_id) AS retained
FROM buyer_periods AS prev
LEFT JOIN buyer_periods AS cur
    ON cur.customer_id = prev.customer_id AND cur.period_index = prev.period_index + 1
GROUP BY prev.period_index + 1
ORDER BY period_index

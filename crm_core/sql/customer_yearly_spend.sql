-- customer_yearly_spend: each customer's spend in the year before $as_of — the numerator of share of wallet
-- (占有率, crm_core.loyalty.wallet).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, source_row BIGINT).
-- params: $as_of DATE — lines dated before it count; $year_start DATE = $as_of - 365 days (the year's first day).
-- out: customer_id; yearly_spend [currency: net value (cte_customer_orders' order_value) of the orders whose
--      first purchase line is in [$year_start, $as_of)]; yearly_orders [count of those orders]. One row per
--      customer with an order before $as_of (0 and 0 when none in the year), sorted by customer_id.
WITH
-- include: cte_customer_orders
SELECT
    customer_id,
    coalesce(sum(order_value) FILTER (WHERE order_start >= CAST($year_start AS DATE)), 0)
        AS yearly_spend,
    count(*) FILTER (WHERE order_start >= CAST($year_start AS DATE)) AS yearly_orders
FROM customer_orders
GROUP BY customer_id
ORDER BY customer_id

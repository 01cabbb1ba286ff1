-- customer_order_gaps: per customer, the length of the relationship and the gaps between consecutive orders as
-- of $as_of — the inputs of purchase regularity (crm_core.loyalty.behaviour).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id).
-- params: $as_of DATE — lines dated before it count.
-- out: customer_id; orders [orders as in cte_customer_orders: distinct order_id, or customer-day without order
--      ids, with at least one purchase line]; first_order_day, last_order_day DATE [day of the first purchase
--      line of the first / last order]; relationship_days [days] = last_order_day − first_order_day;
--      gap_count [gaps] = orders − 1; gap_mean_days [days; NULL without a gap] = mean of the gaps;
--      gap_sd_days [days; NULL without a gap] = their population standard deviation
--      sqrt(Σ (g − mean)² / gap_count) (a customer's gaps are all of their gaps, not a sample of them).
--      A gap = order day of order k + 1 − order day of order k, orders numbered by time (order_number): two
--      orders on one day (order ids known) make a gap of 0 days. Customers without an order are not in it;
--      sorted by customer_id.
-- Portable SQL: window function lag, stddev_pop, date − date = days (as in repurchase_gap_ceilings).
WITH
-- include: cte_customer_orders
,
order_days AS (
    SELECT
        customer_id,
        order_number,
        CAST(order_start AS DATE) AS order_day
    FROM customer_orders
),
gaps AS (
    SELECT
        customer_id,
        order_day,
        order_day - lag(order_day) OVER (PARTITION BY customer_id ORDER BY order_number) AS gap_days
    FROM order_days
)
SELECT
    customer_id,
    count(*) AS orders,
    min(order_day) AS first_order_day,
    max(order_day) AS last_order_day,
    max(order_day) - min(order_day) AS relationship_days,
    count(gap_days) AS gap_count,
    avg(gap_days) AS gap_mean_days,
    CASE WHEN count(gap_days) > 0 THEN stddev_pop(gap_days) END AS gap_sd_days
FROM gaps
GROUP BY customer_id
ORDER BY customer_id

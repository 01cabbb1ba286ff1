-- customer_order_gaps: per customer, the length of the relationship and the gaps between consecutive orders as
-- of $as_of — the inputs of purchase regularity (crm_core.loyalty.behaviour).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id).
-- params: $as_of DATE — lines dated before it count.
-- out: customer_id; orders [orders as in cte_customer_orders: distinct order_id, or customer-day without order
--      ids, with at least one purchase line]; first_order_day, last_order_day DATE [day of the first purchase
--      line of the first / last order]; relationship_days [days] = last_order_day − first_order_day;
--      gap_count [gaps] = orders − 1; gap_sum_days [days] = Σ g, gap_sumsq_days [days²] = Σ g² over the gaps
--      (0 without a gap) — whole numbers, exact on every engine: crm_core.loyalty.behaviour turns them into the
--      mean and the population standard deviation with the same arithmetic for DuckDB and Spark (their
--      avg / stddev_pop differ in the last bit, and a last bit can break a tie of the loyalty score's ranks).
--      A gap = order day of order k + 1 − order day of order k, orders numbered by time (order_number): two
--      orders on one day (order ids known) make a gap of 0 days. Customers without an order are not in it;
--      sorted by customer_id.
-- Portable (DuckDB and Spark, crm_core.spark.transpile): window function lag, sums, a difference of days
-- as date_diff('day', start, end) (as in repurchase_gaps).
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
        date_diff('day', lag(order_day) OVER (PARTITION BY customer_id ORDER BY order_number), order_day) AS gap_days
    FROM order_days
)
SELECT
    customer_id,
    count(*) AS orders,
    min(order_day) AS first_order_day,
    max(order_day) AS last_order_day,
    date_diff('day', min(order_day), max(order_day)) AS relationship_days,
    count(gap_days) AS gap_count,
    coalesce(sum(gap_days), 0) AS gap_sum_days,
    coalesce(sum(gap_days * gap_days), 0) AS gap_sumsq_days
FROM gaps
GROUP BY customer_id
ORDER BY customer_id

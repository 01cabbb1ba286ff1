-- repeat_revenue_by_period: per calendar period, the orders and revenue of customers' first orders and of
-- their repeat orders (2nd, 3rd, …) — the share of revenue from repeat orders (crm_core.loyalty).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id).
-- params: $as_of DATE — lines dated before it count; $months_per_period INTEGER — 1, 3 or 12.
-- out: period_index INTEGER [as in retention_by_period]; first_orders, repeat_orders [orders, as in
--      cte_customer_orders, by the day of their first purchase line]; first_order_value, repeat_order_value
--      [currency, net of each order's lines]. Only periods with an order; sorted.
WITH
-- include: cte_customer_orders
,
numbered AS (
    SELECT
        CAST(floor((EXTRACT(YEAR FROM order_start) * 12 + EXTRACT(MONTH FROM order_start) - 1)
                   / CAST($months_per_period AS DOUBLE)) AS INTEGER) AS period_index,
        order_value,
        order_number
    FROM customer_orders
)
SELECT
    period_index,
    count(*) FILTER (WHERE order_number = 1) AS first_orders,
    count(*) FILTER (WHERE order_number > 1) AS repeat_orders,
    coalesce(sum(order_value) FILTER (WHERE order_number = 1), 0) AS first_order_value,
    coalesce(sum(order_value) FILTER (WHERE order_number > 1), 0) AS repeat_order_value
FROM numbered
GROUP BY period_index
ORDER BY period_index

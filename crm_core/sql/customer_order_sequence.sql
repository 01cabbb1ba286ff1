-- customer_order_sequence: each customer's first and second order and the value of their repeat orders as of
-- $as_of — the inputs of the repeat-purchase measures of crm_core.loyalty.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id).
-- params: $as_of DATE — lines dated before it count.
-- out: customer_id; orders [distinct order_id, or customer-day without order ids, with at least one purchase
--      line (amount >= 0) — customer_summary's count]; first_order_day, second_order_day DATE [day of the
--      first purchase line of the 1st / 2nd order by time, ties by order key; second NULL with one order];
--      first_order_value, repeat_orders_value [currency: net of the order's lines — returns on the same order
--      id or customer-day are subtracted, as in btyd_inputs; repeat = orders 2, 3, …; 0 without one].
--      Return-only keys are not orders. Customers without an order before $as_of are not in the table; sorted.
WITH lines AS (
    SELECT
        customer_id,
        order_ts,
        amount,
        coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key
    FROM transactions
    WHERE order_ts < CAST($as_of AS DATE)
),
orders AS (
    SELECT
        customer_id,
        order_key,
        min(order_ts) FILTER (WHERE amount >= 0) AS order_start,
        sum(amount) AS order_value
    FROM lines
    GROUP BY customer_id, order_key
    HAVING max(amount) >= 0
),
numbered AS (
    SELECT
        customer_id,
        CAST(order_start AS DATE) AS order_day,
        order_value,
        row_number() OVER (PARTITION BY customer_id ORDER BY order_start, order_key) AS order_number
    FROM orders
)
SELECT
    customer_id,
    count(*) AS orders,
    min(order_day) FILTER (WHERE order_number = 1) AS first_order_day,
    min(order_day) FILTER (WHERE order_number = 2) AS second_order_day,
    sum(order_value) FILTER (WHERE order_number = 1) AS first_order_value,
    coalesce(sum(order_value) FILTER (WHERE order_number > 1), 0) AS repeat_orders_value
FROM numbered
GROUP BY customer_id
ORDER BY customer_id

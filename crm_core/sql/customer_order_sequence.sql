-- customer_order_sequence: each customer's first and second order and the value of their repeat orders as of
-- $as_of — the inputs of the repeat-purchase measures of crm_core.loyalty.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id).
-- params: $as_of DATE — lines dated before it count.
-- out: customer_id; orders [orders as in cte_customer_orders: distinct order_id, or customer-day without
--      order ids, with at least one purchase line — customer_summary's count]; first_order_day,
--      second_order_day DATE [day of the first purchase line of the 1st / 2nd order by time, ties by order
--      key; second NULL with one order]; first_order_value, repeat_orders_value [currency, net of each order's
--      lines; repeat = orders 2, 3, …; 0 without one]. Customers without an order before $as_of are not in
--      the table; sorted.
WITH
-- include: cte_customer_orders
SELECT
    customer_id,
    count(*) AS orders,
    min(CAST(order_start AS DATE)) FILTER (WHERE order_number = 1) AS first_order_day,
    min(CAST(order_start AS DATE)) FILTER (WHERE order_number = 2) AS second_order_day,
    sum(order_value) FILTER (WHERE order_number = 1) AS first_order_value,
    coalesce(sum(order_value) FILTER (WHERE order_number > 1), 0) AS repeat_orders_value
FROM customer_orders
GROUP BY customer_id
ORDER BY customer_id

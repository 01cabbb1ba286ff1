-- ladder_reach_days: the day each customer reached each rung of Kotler's ladder (crm_core.loyalty.ladder), so
-- that the ladder at many dates is one pass over the orders: at a date D a customer stands on the highest rung
-- whose day is before D.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id).
-- params: $as_of DATE — lines dated before it count (the latest date asked); $client_min_orders INTEGER;
--         $client_min_span_months INTEGER — a client has at least that many orders and an order at least that
--         many calendar months after the first (the day clipped to the month's end, as pandas' DateOffset).
-- out: customer_id; first_order_day (first_time), second_order_day (repeat; NULL with one order),
--      client_day DATE [the day of the first order n >= $client_min_orders whose day is >= first order day +
--      $client_min_span_months months; NULL while never a client]. Orders as in cte_customer_orders, each on the
--      day of its first purchase line. Sorted by customer_id.
-- Portable SQL but for the month arithmetic (DuckDB: date + n * INTERVAL '1' MONTH; Spark: add_months).
WITH
-- include: cte_customer_orders
,
days AS (
    SELECT
        customer_id,
        order_number,
        CAST(order_start AS DATE) AS order_day,
        min(CAST(order_start AS DATE)) OVER (PARTITION BY customer_id) AS first_day
    FROM customer_orders
)
SELECT
    customer_id,
    min(first_day) AS first_order_day,
    min(order_day) FILTER (WHERE order_number = 2) AS second_order_day,
    min(order_day) FILTER (WHERE order_number >= $client_min_orders
                           AND order_day >= first_day + $client_min_span_months * INTERVAL '1' MONTH) AS client_day
FROM days
GROUP BY customer_id
ORDER BY customer_id

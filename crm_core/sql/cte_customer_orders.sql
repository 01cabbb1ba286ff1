-- cte_customer_orders: a fragment (named CTEs, expanded into a query by "-- include: cte_customer_orders"):
-- each customer's orders before $as_of, the definition every loyalty measure shares (crm_core.loyalty).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, source_row BIGINT).
-- params: $as_of DATE — lines dated before it count.
-- out: order_lines(customer_id, order_ts, amount, order_key, source_row [the line's file row: joins a line's
--      other columns, e.g. discount, to its order without restating the order key]),
--      customer_orders(customer_id, order_key [order_id, or the customer-day without order ids],
--      order_start TIMESTAMP [its first purchase line], order_value [currency: net of the order's lines — a
--      return on the same order id or customer-day is subtracted, as in btyd_inputs], order_number [1, 2, …
--      by order_start, ties by order_key]). An order has at least one purchase line (amount >= 0):
--      return-only keys are not orders (customer_summary's count).
order_lines AS (
    SELECT
        customer_id,
        order_ts,
        amount,
        coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key,
        source_row
    FROM transactions
    WHERE order_ts < CAST($as_of AS DATE)
),
order_totals AS (
    SELECT
        customer_id,
        order_key,
        min(order_ts) FILTER (WHERE amount >= 0) AS order_start,
        sum(amount) AS order_value
    FROM order_lines
    GROUP BY customer_id, order_key
    HAVING max(amount) >= 0
),
customer_orders AS (
    SELECT
        customer_id,
        order_key,
        order_start,
        order_value,
        row_number() OVER (PARTITION BY customer_id ORDER BY order_start, order_key) AS order_number
    FROM order_totals
)

-- monthly_activity: one row per calendar month of the kept lines, for a first look at the data.
-- in : transactions(customer_id, order_ts, amount, order_id).
-- out: month DATE [first day of the month], orders [distinct orders of purchase lines; without an
--      order id, distinct customer-days], active_customers [customers with a purchase line that
--      month], new_customers [customers whose first purchase line falls in that month],
--      gross_revenue, returns [>= 0], net_revenue [dataset currency].
-- Portable SQL except date_trunc (DuckDB, PostgreSQL, Spark).
WITH lines AS (
    SELECT
        customer_id,
        amount,
        CAST(date_trunc('month', order_ts) AS DATE) AS month,
        coalesce(order_id, customer_id || '|' || CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key
    FROM transactions
),
firsts AS (
    SELECT customer_id, min(month) AS first_month
    FROM lines
    WHERE amount >= 0
    GROUP BY customer_id
),
per_month AS (
    SELECT
        month,
        count(DISTINCT order_key) FILTER (WHERE amount >= 0) AS orders,
        count(DISTINCT customer_id) FILTER (WHERE amount >= 0) AS active_customers,
        coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS gross_revenue,
        coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS returns,
        sum(amount) AS net_revenue
    FROM lines
    GROUP BY month
),
new_per_month AS (
    SELECT first_month AS month, count(*) AS new_customers
    FROM firsts
    GROUP BY first_month
)
SELECT
    p.month,
    p.orders,
    p.active_customers,
    coalesce(n.new_customers, 0) AS new_customers,
    p.gross_revenue,
    p.returns,
    p.net_revenue
FROM per_month AS p
LEFT JOIN new_per_month AS n ON n.month = p.month
ORDER BY p.month

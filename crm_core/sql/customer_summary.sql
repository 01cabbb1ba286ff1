-- customer_summary: one row per customer as of $as_of, the CustomerTable's value and recency columns
-- (DESIGN.md §2) — what the pyramid and RFM views read. crm_core.customers.customer_table joins it with
-- btyd_inputs.sql for the full CustomerTable.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE).
-- params: $as_of DATE — lines dated before it count.
-- out: customer_id; first_order_date, last_order_date DATE (of purchase lines, amount >= 0); orders
--      [distinct order_id, or customer-day without order ids]; gross_revenue, returns (>= 0), net_revenue,
--      profit [currency; NULL when a line's profit is unknown — a blank cost, or no cost column at all:
--      never a partial sum]; avg_order_value [currency per order]; days_since_last_order, tenure_days [days];
--      profit_unknown_lines [lines without a known profit].
--      Customers with no purchase line before $as_of are not in the table. Sorted by customer_id.
-- Portable (DuckDB and Spark, crm_core.spark.transpile): date differences are date_diff('day', start, end).
WITH lines AS (
    SELECT
        customer_id,
        CAST(order_ts AS DATE) AS order_day,
        amount,
        profit,
        coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key
    FROM transactions
    WHERE order_ts < CAST($as_of AS DATE)
),
per_customer AS (
    SELECT
        customer_id,
        min(order_day) FILTER (WHERE amount >= 0) AS first_order_date,
        max(order_day) FILTER (WHERE amount >= 0) AS last_order_date,
        count(DISTINCT order_key) FILTER (WHERE amount >= 0) AS orders,
        coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS gross_revenue,
        coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS returns,
        sum(amount) AS net_revenue,
        CASE WHEN count(profit) = count(*) THEN sum(profit) END AS profit,
        count(*) - count(profit) AS profit_unknown_lines
    FROM lines
    GROUP BY customer_id
)
SELECT
    customer_id,
    first_order_date,
    last_order_date,
    orders,
    gross_revenue,
    returns,
    net_revenue,
    profit,
    net_revenue / orders AS avg_order_value,
    date_diff('day', last_order_date, CAST($as_of AS DATE)) AS days_since_last_order,
    date_diff('day', first_order_date, CAST($as_of AS DATE)) AS tenure_days,
    profit_unknown_lines
FROM per_customer
WHERE orders > 0
ORDER BY customer_id

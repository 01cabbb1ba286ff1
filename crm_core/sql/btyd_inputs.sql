-- btyd_inputs: the BTYD inputs of each customer as of $as_of (Fader, Hardie & Lee 2005); purchase days
-- are the purchase occasions. Joined to customer_summary by crm_core.customers.customer_table.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE).
-- params: $as_of DATE — lines dated before it count; $unit_days DOUBLE — days per time unit (7 = weeks).
-- out: customer_id; frequency [repeat purchase days = distinct purchase days - 1]; recency [first -> last
--      purchase day, in units]; T [first purchase day -> last observed day ($as_of - 1), in units];
--      mean_repeat_spend [mean net amount per repeat purchase day = (all days - the first day) / frequency;
--      NULL when frequency = 0, currency]. A purchase day has at least one line with amount >= 0.
-- Portable (DuckDB and Spark, crm_core.spark.transpile): arg_min is written min_by by sqlglot; date differences
-- are date_diff('day', start, end) (DuckDB's date - date is a number, Spark's an interval).
WITH purchase_days AS (
    SELECT customer_id, CAST(order_ts AS DATE) AS order_day, sum(amount) AS day_amount
    FROM transactions
    WHERE order_ts < CAST($as_of AS DATE)
    GROUP BY customer_id, CAST(order_ts AS DATE)
    HAVING max(amount) >= 0
),
per_customer AS (
    SELECT
        customer_id,
        count(*) AS days,
        min(order_day) AS first_day,
        max(order_day) AS last_day,
        sum(day_amount) AS all_days_amount,
        arg_min(day_amount, order_day) AS first_day_amount
    FROM purchase_days
    GROUP BY customer_id
)
SELECT
    customer_id,
    days - 1 AS frequency,
    date_diff('day', first_day, last_day) / CAST($unit_days AS DOUBLE) AS recency,
    (date_diff('day', first_day, CAST($as_of AS DATE)) - 1) / CAST($unit_days AS DOUBLE) AS T,
    CASE WHEN days > 1 THEN (all_days_amount - first_day_amount) / (days - 1) END AS mean_repeat_spend
FROM per_customer
ORDER BY customer_id

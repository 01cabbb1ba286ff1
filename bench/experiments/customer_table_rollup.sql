-- customer_table, rewritten as roll-ups (experiment): the same output columns and definitions as
-- crm_core/sql/customer_table.sql, but the 10M lines are aggregated once, to one row per
-- (customer, day, order key); days and customers are rolled up from that. The original reads
-- the lines three times (per_customer with a count(DISTINCT), purchase_days, and the distinct
-- aggregate's own hash table).
WITH lines AS (
    SELECT
        customer_id,
        CAST(order_ts AS DATE) AS order_day,
        amount,
        profit,
        coalesce(order_id, customer_id || '|' || CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key
    FROM transactions
    WHERE order_ts < CAST($as_of AS DATE)
),
key_days AS (
    SELECT
        customer_id, order_day, order_key,
        sum(amount) AS amount,
        max(amount) AS max_amount,
        sum(amount) FILTER (WHERE amount > 0) AS positive,
        sum(amount) FILTER (WHERE amount < 0) AS negative,
        sum(profit) AS profit
    FROM lines
    GROUP BY customer_id, order_day, order_key
),
days AS (
    SELECT
        customer_id, order_day,
        sum(amount) AS day_amount,
        max(max_amount) >= 0 AS purchase,
        sum(positive) AS positive,
        sum(negative) AS negative,
        sum(profit) AS profit
    FROM key_days
    GROUP BY customer_id, order_day
),
orders AS (
    SELECT customer_id, count(*) AS orders
    FROM (SELECT DISTINCT customer_id, order_key FROM key_days WHERE max_amount >= 0)
    GROUP BY customer_id
),
per_customer AS (
    SELECT
        customer_id,
        min(order_day) FILTER (WHERE purchase) AS first_order_date,
        max(order_day) FILTER (WHERE purchase) AS last_order_date,
        count(*) FILTER (WHERE purchase) - 1 AS frequency,
        coalesce(sum(positive), 0) AS gross_revenue,
        coalesce(-sum(negative), 0) AS returns,
        sum(day_amount) AS net_revenue,
        sum(profit) AS profit
    FROM days
    GROUP BY customer_id
),
repeat_spend AS (
    SELECT d.customer_id, avg(d.day_amount) AS mean_repeat_spend
    FROM days AS d
    JOIN per_customer AS c ON c.customer_id = d.customer_id
    WHERE d.purchase AND d.order_day > c.first_order_date
    GROUP BY d.customer_id
)
SELECT
    c.customer_id,
    c.first_order_date,
    c.last_order_date,
    o.orders,
    c.gross_revenue,
    c.returns,
    c.net_revenue,
    c.profit,
    c.net_revenue / o.orders AS avg_order_value,
    CAST($as_of AS DATE) - c.last_order_date AS days_since_last_order,
    CAST($as_of AS DATE) - c.first_order_date AS tenure_days,
    c.frequency,
    (c.last_order_date - c.first_order_date) / CAST($unit_days AS DOUBLE) AS recency,
    (CAST($as_of AS DATE) - 1 - c.first_order_date) / CAST($unit_days AS DOUBLE) AS T,
    r.mean_repeat_spend
FROM per_customer AS c
JOIN orders AS o ON o.customer_id = c.customer_id
LEFT JOIN repeat_spend AS r ON r.customer_id = c.customer_id
WHERE o.orders > 0
ORDER BY c.customer_id

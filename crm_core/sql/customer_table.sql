-- customer_table: the CustomerTable of DESIGN.md §2, one row per customer as of $as_of.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE).
-- params: $as_of DATE — lines dated before it count (the as-of date itself is excluded);
--         $unit_days DOUBLE — length of the BTYD time unit in days (1 day, 7 week, 30.4375 month).
-- out (money in the dataset currency, days are calendar days):
--   customer_id; first_order_date, last_order_date DATE (of purchase lines, amount >= 0);
--   orders [distinct order_id, or distinct customer-day when the file has no order id];
--   gross_revenue [sum of amount > 0]; returns [-sum of amount < 0, >= 0]; net_revenue;
--   profit [sum of line profit; NULL without cost/margin]; avg_order_value [net_revenue / orders];
--   days_since_last_order [$as_of - last_order_date, >= 1]; tenure_days [$as_of - first_order_date];
--   BTYD inputs (Fader, Hardie & Lee 2005; purchase days are the purchase occasions):
--   frequency [repeat purchase days = distinct purchase days - 1], recency [first -> last purchase
--   day, in units], T [first purchase day -> last observed day ($as_of - 1), in units],
--   mean_repeat_spend [mean net amount per repeat purchase day; NULL when frequency = 0].
-- Customers with no purchase line before $as_of (only returns) are not in the table.
-- Portable SQL: date - date = days (DuckDB, PostgreSQL); FILTER clauses (SQL:2003).
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
per_customer AS (
    SELECT
        customer_id,
        min(order_day) FILTER (WHERE amount >= 0) AS first_order_date,
        max(order_day) FILTER (WHERE amount >= 0) AS last_order_date,
        count(DISTINCT order_key) FILTER (WHERE amount >= 0) AS orders,
        coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS gross_revenue,
        coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS returns,
        sum(amount) AS net_revenue,
        sum(profit) AS profit
    FROM lines
    GROUP BY customer_id
),
purchase_days AS (
    SELECT customer_id, order_day, sum(amount) AS day_amount
    FROM lines
    GROUP BY customer_id, order_day
    HAVING max(amount) >= 0
),
btyd AS (
    SELECT
        d.customer_id,
        count(*) - 1 AS frequency,
        avg(d.day_amount) FILTER (WHERE d.order_day > c.first_order_date) AS mean_repeat_spend
    FROM purchase_days AS d
    JOIN per_customer AS c ON c.customer_id = d.customer_id
    GROUP BY d.customer_id
)
SELECT
    c.customer_id,
    c.first_order_date,
    c.last_order_date,
    c.orders,
    c.gross_revenue,
    c.returns,
    c.net_revenue,
    c.profit,
    c.net_revenue / c.orders AS avg_order_value,
    CAST($as_of AS DATE) - c.last_order_date AS days_since_last_order,
    CAST($as_of AS DATE) - c.first_order_date AS tenure_days,
    b.frequency,
    (c.last_order_date - c.first_order_date) / CAST($unit_days AS DOUBLE) AS recency,
    (CAST($as_of AS DATE) - 1 - c.first_order_date) / CAST($unit_days AS DOUBLE) AS T,
    b.mean_repeat_spend
FROM per_customer AS c
JOIN btyd AS b ON b.customer_id = c.customer_id
WHERE c.orders > 0
ORDER BY c.customer_id

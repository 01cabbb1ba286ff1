-- cte_stage_inputs_over_time: a fragment (named CTEs, see crm_core.store) — the columns of stage_inputs.sql
-- for many as-of dates at once (the month-by-month stage counts), from each customer's running totals instead
-- of one pass over the lines per date.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE).
-- params: $as_of_dates DATE[] — for each date D, lines dated before D count;
--         $recent_days INTEGER — length W of the recent window [D − W, D) [days].
-- out: CTE stage_inputs_over_time, as stage_inputs.sql except recent_returns (the stage rules do not use it) —
--      as_of DATE; customer_id; first_order_date, last_order_date DATE; orders [distinct order keys with a
--      purchase line, each counted on its first purchase day]; purchase_days; net_revenue, profit,
--      recent_revenue, earlier_revenue [currency]; days_since_last_order, tenure_days [days]. Only customers
--      with a purchase line before D. Unsorted.
-- How: every change of a customer's totals is an event placed in the bucket of the first as-of date that
-- sees it (bucket = number of dates <= the event's day): a purchase day, the first purchase day of an order,
-- and the day a purchase day's amount leaves the recent window (its day + W: earlier revenue from then on).
-- Running sums per customer over the buckets give the state at each bucket's date, which holds until the
-- customer's next bucket; each state is repeated for the dates it covers (generate_series).
-- Memory: states (one row per customer and bucket) is stored once (AS MATERIALIZED); the per-date rows
-- (customers × dates) are NOT MATERIALIZED, so a query that reads them twice (the rules' median gap and the
-- rules) re-expands them from states instead of holding them all.
-- Portable SQL (window functions, joins) except unnest of a list parameter, UNNEST(GENERATE_SERIES(a, b))
-- (DuckDB; Spark: EXPLODE(SEQUENCE(a, b)), which sqlglot writes for it) and the CTE hints
-- AS [NOT] MATERIALIZED (DuckDB and PostgreSQL; another engine may drop them).
dates AS (
    SELECT DISTINCT CAST(d AS DATE) AS as_of
    FROM (SELECT unnest($as_of_dates) AS d) AS given
),
date_index AS (
    SELECT as_of, CAST(row_number() OVER (ORDER BY as_of) - 1 AS INTEGER) AS date_index
    FROM dates
),
lines AS (
    SELECT
        customer_id,
        CAST(order_ts AS DATE) AS order_day,
        amount,
        profit,
        coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key
    FROM transactions
    WHERE order_ts < (SELECT max(as_of) FROM dates)
),
order_first_days AS (
    -- an order spanning several days counts once, on its first day with a purchase line
    SELECT customer_id, min(order_day) FILTER (WHERE amount >= 0) AS order_day
    FROM lines
    GROUP BY customer_id, order_key
),
days AS (
    SELECT
        customer_id,
        order_day,
        max(CASE WHEN amount >= 0 THEN 1 ELSE 0 END) AS purchase_day,
        sum(amount) AS amount,
        sum(profit) AS profit
    FROM lines
    GROUP BY customer_id, order_day
),
event_days AS (
    SELECT order_day AS day FROM days
    UNION
    SELECT order_day + CAST($recent_days AS INTEGER) FROM days
),
day_buckets AS (
    -- the index of the first as-of date after the day (= the number of dates on or before it)
    SELECT e.day, CAST(count(t.as_of) AS INTEGER) AS bucket
    FROM event_days AS e
    LEFT JOIN dates AS t ON t.as_of <= e.day
    GROUP BY e.day
),
events AS (
    SELECT d.customer_id, b.bucket, 0 AS new_orders, d.purchase_day,
           CASE WHEN d.purchase_day = 1 THEN d.order_day END AS purchase_date,
           d.amount, d.profit, CAST(0 AS DOUBLE) AS earlier_amount
    FROM days AS d
    JOIN day_buckets AS b ON b.day = d.order_day
    UNION ALL
    SELECT d.customer_id, b.bucket, 0, 0, CAST(NULL AS DATE), CAST(0 AS DOUBLE), CAST(NULL AS DOUBLE), d.amount
    FROM days AS d
    JOIN day_buckets AS b ON b.day = d.order_day + CAST($recent_days AS INTEGER)
    WHERE b.bucket < (SELECT count(*) FROM dates)
    UNION ALL
    SELECT o.customer_id, b.bucket, 1, 0, CAST(NULL AS DATE), CAST(0 AS DOUBLE), CAST(NULL AS DOUBLE),
           CAST(0 AS DOUBLE)
    FROM order_first_days AS o
    JOIN day_buckets AS b ON b.day = o.order_day
),
bucket_changes AS (
    SELECT customer_id, bucket, sum(new_orders) AS new_orders, sum(purchase_day) AS purchase_days,
           min(purchase_date) AS first_purchase_date, max(purchase_date) AS last_purchase_date,
           sum(amount) AS amount, sum(profit) AS profit, sum(earlier_amount) AS earlier_amount
    FROM events
    GROUP BY customer_id, bucket
),
running AS (
    -- RANGE frame: all events of one bucket share the totals; the last of them (next_bucket beyond it) is kept
    SELECT
        customer_id,
        bucket,
        lead(bucket) OVER cum AS next_bucket,
        sum(new_orders) OVER cum AS orders,
        sum(purchase_days) OVER cum AS purchase_days,
        min(first_purchase_date) OVER (PARTITION BY customer_id) AS first_order_date,
        max(last_purchase_date) OVER cum AS last_order_date,
        sum(amount) OVER cum AS net_revenue,
        sum(profit) OVER cum AS profit,
        sum(earlier_amount) OVER cum AS earlier_revenue
    FROM bucket_changes
    WINDOW cum AS (PARTITION BY customer_id ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
states AS MATERIALIZED (
    SELECT
        r.*,
        unnest(generate_series(r.bucket, coalesce(r.next_bucket, (SELECT count(*) FROM dates)) - 1)) AS date_index
    FROM running AS r
    WHERE (r.next_bucket IS NULL OR r.next_bucket > r.bucket) AND r.orders > 0
),
stage_inputs_over_time AS NOT MATERIALIZED (
    SELECT
        t.as_of,
        s.customer_id,
        s.first_order_date,
        s.last_order_date,
        s.orders,
        s.purchase_days,
        s.net_revenue,
        s.profit,
        s.net_revenue - s.earlier_revenue AS recent_revenue,
        s.earlier_revenue,
        t.as_of - s.last_order_date AS days_since_last_order,
        t.as_of - s.first_order_date AS tenure_days
    FROM states AS s
    JOIN date_index AS t ON t.date_index = s.date_index
)

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
-- sees it (bucket = number of dates <= the event's day): a purchase day (with the orders whose first purchase
-- day it is) and the day a purchase day's amount leaves the recent window (its day + W: earlier revenue from
-- then on). Running sums per customer over the events, ordered by bucket, give at the last event of a bucket
-- the state at that bucket's date, which holds until the customer's next bucket; each state is repeated for
-- the dates it covers (generate_series). The events go to the window as they are (one row per customer-day
-- and per leaving day), not first summed per bucket: at 10M lines that GROUP BY of ~16M rows cost more than
-- the window saved on its ~8M result (bench/README.md).
-- Memory: states (one row per customer and bucket) is stored once (AS MATERIALIZED); the per-date rows
-- (customers × dates) are NOT MATERIALIZED, so a query that reads them twice (the rules' median gap and the
-- rules) re-expands them from states instead of holding them all — held, they took 2.7 GB at 10M lines and
-- spilled under the ingest's memory cap. lines is NOT MATERIALIZED too (two scans of the table are cheaper
-- than a stored copy).
-- DuckDB SQL: unnest of a list parameter and list_max / list_distinct of it (constants, so the filters
-- need no subquery join), UNNEST(GENERATE_SERIES(a, b)), the CTE hints AS [NOT] MATERIALIZED. The Spark
-- path does not run it.
dates AS (
    SELECT DISTINCT CAST(d AS DATE) AS as_of
    FROM (SELECT unnest($as_of_dates) AS d) AS given
),
date_index AS (
    SELECT as_of, CAST(row_number() OVER (ORDER BY as_of) - 1 AS INTEGER) AS date_index
    FROM dates
),
lines AS NOT MATERIALIZED (
    SELECT
        customer_id,
        CAST(order_ts AS DATE) AS order_day,
        amount,
        profit,
        coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key
    FROM transactions
    WHERE order_ts < CAST(list_max($as_of_dates) AS DATE)
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
    -- the index of the first as-of date after the day (= the number of dates on or before it); seen: a
    -- date after the day exists (bucket < the number of dates)
    SELECT e.day, CAST(count(t.as_of) AS INTEGER) AS bucket, e.day < (SELECT max(as_of) FROM dates) AS seen
    FROM event_days AS e
    LEFT JOIN dates AS t ON t.as_of <= e.day
    GROUP BY e.day
),
new_orders AS (
    -- orders per customer and first purchase day (every such day is a purchase day in days)
    SELECT customer_id, order_day, count(*) AS new_orders
    FROM order_first_days
    WHERE order_day IS NOT NULL
    GROUP BY customer_id, order_day
),
events AS (
    SELECT d.customer_id, b.bucket, coalesce(n.new_orders, 0) AS new_orders, d.purchase_day,
           CASE WHEN d.purchase_day = 1 THEN d.order_day END AS purchase_date,
           d.amount, d.profit, CAST(0 AS DOUBLE) AS earlier_amount
    FROM days AS d
    JOIN day_buckets AS b ON b.day = d.order_day
    LEFT JOIN new_orders AS n ON n.customer_id = d.customer_id AND n.order_day = d.order_day
    UNION ALL
    SELECT d.customer_id, b.bucket, 0, 0, CAST(NULL AS DATE), CAST(0 AS DOUBLE), CAST(0 AS DOUBLE), d.amount
    FROM days AS d
    JOIN day_buckets AS b ON b.day = d.order_day + CAST($recent_days AS INTEGER)
    WHERE b.seen
),
running AS (
    -- ROWS frame: the events of one bucket follow each other in any order; the last of them (next_bucket
    -- beyond it) has the bucket's totals and is the one kept
    SELECT
        customer_id,
        bucket,
        lead(bucket) OVER cum AS next_bucket,
        sum(new_orders) OVER cum AS orders,
        sum(purchase_day) OVER cum AS purchase_days,
        min(purchase_date) OVER (PARTITION BY customer_id) AS first_order_date,
        max(purchase_date) OVER cum AS last_order_date,
        sum(amount) OVER cum AS net_revenue,
        sum(profit) OVER cum AS profit,
        sum(earlier_amount) OVER cum AS earlier_revenue
    FROM events
    WINDOW cum AS (PARTITION BY customer_id ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
states AS MATERIALIZED (
    SELECT r.*
    FROM running AS r
    WHERE (r.next_bucket IS NULL OR r.next_bucket > r.bucket) AND r.orders > 0
),
state_dates AS NOT MATERIALIZED (
    SELECT
        s.*,
        unnest(generate_series(s.bucket, coalesce(s.next_bucket, len(list_distinct($as_of_dates))) - 1)) AS date_index
    FROM states AS s
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
    FROM state_dates AS s
    JOIN date_index AS t ON t.date_index = s.date_index
)

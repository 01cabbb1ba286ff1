-- stage_inputs_over_time: the columns of stage_inputs.sql for many as-of dates at once (the month-by-month
-- stage counts), from each customer's running totals instead of one pass over the lines per date.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE).
-- params: $as_of_dates DATE[] — for each date D, lines dated before D count;
--         $recent_days INTEGER — length W of the recent window [D − W, D) [days].
-- out: as stage_inputs.sql except recent_returns (the stage rules do not use it) — as_of DATE; customer_id;
--      first_order_date, last_order_date DATE; orders
--      [distinct order keys with a purchase line, each counted on its first purchase day]; purchase_days;
--      net_revenue, profit, recent_revenue, earlier_revenue [currency]; days_since_last_order, tenure_days
--      [days]. Only customers with a purchase line before D. Sorted by as_of, customer_id.
-- How: one row per customer and day with running totals (window sums); the state of a customer at a date
-- is the row of their last day before it (a range join on [day, next day)); recent = running net revenue
-- at D minus the running net revenue at D − W.
-- Portable SQL (window functions, range join) except unnest of a list parameter.
WITH dates AS (
    SELECT DISTINCT CAST(d AS DATE) AS as_of
    FROM (SELECT unnest($as_of_dates) AS d) AS given
),
order_keys AS (
    SELECT
        customer_id,
        CAST(order_ts AS DATE) AS order_day,
        coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key,
        max(amount) >= 0 AS has_purchase,
        sum(amount) AS amount,
        sum(profit) AS profit
    FROM transactions
    WHERE order_ts < (SELECT max(as_of) FROM dates)
    GROUP BY customer_id, CAST(order_ts AS DATE), coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR))
),
order_first_days AS (
    -- an order spanning several days counts once, on its first day with a purchase line
    SELECT customer_id, min(order_day) AS order_day, order_key
    FROM order_keys
    WHERE has_purchase
    GROUP BY customer_id, order_key
),
new_orders AS (
    SELECT customer_id, order_day, count(*) AS new_orders
    FROM order_first_days
    GROUP BY customer_id, order_day
),
days AS (
    SELECT
        customer_id,
        order_day,
        max(CASE WHEN has_purchase THEN 1 ELSE 0 END) AS purchase_day,
        sum(amount) AS amount,
        sum(profit) AS profit
    FROM order_keys
    GROUP BY customer_id, order_day
),
running AS (
    SELECT
        d.customer_id,
        d.order_day,
        coalesce(lead(d.order_day) OVER (PARTITION BY d.customer_id ORDER BY d.order_day), DATE '9999-12-31')
            AS next_day,
        sum(coalesce(n.new_orders, 0)) OVER cum AS orders,
        sum(d.purchase_day) OVER cum AS purchase_days,
        min(CASE WHEN d.purchase_day = 1 THEN d.order_day END) OVER cum AS first_order_date,
        max(CASE WHEN d.purchase_day = 1 THEN d.order_day END) OVER cum AS last_order_date,
        sum(d.amount) OVER cum AS net_revenue,
        sum(d.profit) OVER cum AS profit
    FROM days AS d
    LEFT JOIN new_orders AS n ON n.customer_id = d.customer_id AND n.order_day = d.order_day
    WINDOW cum AS (PARTITION BY d.customer_id ORDER BY d.order_day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
at_date AS (
    SELECT t.as_of, r.*
    FROM dates AS t
    JOIN running AS r ON r.order_day < t.as_of AND r.next_day >= t.as_of
),
window_start AS (
    SELECT t.as_of, r.customer_id, r.net_revenue
    FROM dates AS t
    JOIN running AS r
      ON r.order_day < t.as_of - CAST($recent_days AS INTEGER)
     AND r.next_day >= t.as_of - CAST($recent_days AS INTEGER)
)
SELECT
    a.as_of,
    a.customer_id,
    a.first_order_date,
    a.last_order_date,
    a.orders,
    a.purchase_days,
    a.net_revenue,
    a.profit,
    a.net_revenue - coalesce(w.net_revenue, 0) AS recent_revenue,
    coalesce(w.net_revenue, 0) AS earlier_revenue,
    a.as_of - a.last_order_date AS days_since_last_order,
    a.as_of - a.first_order_date AS tenure_days
FROM at_date AS a
LEFT JOIN window_start AS w ON w.as_of = a.as_of AND w.customer_id = a.customer_id
WHERE a.orders > 0
ORDER BY a.as_of, a.customer_id

-- churn_features_labels: for each cutoff c of $cutoffs, one row per customer with a purchase before c: the churn
-- model's features from the lines dated before c only (nothing on or after c is read for them: no leakage
-- into the label window), and the churn label from the lines in [c, c + $horizon_days). One statement answers
-- every cutoff (crm_core.churn.report asks for D − 2H, D − H and D at once); the single-cutoff callers
-- (churn_features, churn_labels) run this same query with a list of one.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id).
-- params: $cutoffs DATE[] — the cutoffs (any number, any order; duplicates count once);
--         $recent_days INTEGER — length of the "recent" window [c - $recent_days, c) (the churn horizon H,
--         so "recent" spans as long as the label window);
--         $horizon_days INTEGER >= 0 — length H of the label window [c, c + H) (0: no label window, and no
--         line on or after the last cutoff is read).
-- out: cutoff DATE; customer_id; days_since_last_order, tenure_days [days, c - last / first purchase day];
--      orders [distinct order_id, or customer-day without order ids]; purchase_days [distinct purchase days];
--      orders_recent [orders with a purchase line in the recent window]; net_revenue, net_revenue_recent
--      [currency, returns subtracted]; avg_order_value [currency per order]; avg_gap_days [days: (last - first
--      purchase day) / (purchase_days - 1); for a one-time buyer its tenure, the least its first gap can be];
--      overdue_ratio [days_since_last_order / avg_gap_days, 1 = as late as usual]; purchases_in_window
--      [distinct days in [c, c + H) with a purchase line of a new order: lines of an order id that already had
--      a purchase line before c (an order delivered in parts across the cutoff) are not a return visit];
--      churned BOOLEAN (purchases_in_window = 0). Purchase = a line with amount >= 0. Sorted by cutoff,
--      customer_id.
-- How: the lines are grouped once by customer, order key and day (key_days); an order key seen on more than
-- one day (rare: an order delivered in parts, a return booked on a later day under the order id) is looked up
-- in key_spans, so that each order is counted on the first day it was bought; customer_days then holds one
-- row per customer and day, and each cutoff aggregates the days before it (a join on day < c, no DISTINCT).
-- orders_recent counts each bought key-day in the window, less those of an order already bought earlier in
-- the window (continued). The transactions are read twice, for all cutoffs each time: grouped into key_days,
-- and line by line for the money sums (money) — a floating-point sum depends on its order, and summed from
-- the per-day totals instead the revenues would differ in the last bit from a per-cutoff GROUP BY over the
-- lines, which moves the gradient boosting's results.
-- Portable SQL (FILTER, window, scalar subquery) except unnest of a list parameter; date differences are
-- date_diff('day', start, end) (crm_core.spark.transpile: Spark's date − date is an interval); DATE ± INTEGER
-- is a date in both.
WITH cutoffs AS (
    SELECT DISTINCT CAST(c AS DATE) AS cutoff
    FROM (SELECT unnest($cutoffs) AS c) AS given
),
key_days AS (
    SELECT
        customer_id,
        order_key,
        order_day,
        max(amount) >= 0 AS bought,
        -- the label's "new order" is judged by order id; lines without one are always a new visit
        coalesce(max(CASE WHEN order_id IS NULL THEN amount END) >= 0, false) AS anonymous_bought,
        coalesce(max(CASE WHEN order_id IS NOT NULL THEN amount END) >= 0, false) AS id_bought
    FROM (
        SELECT
            customer_id,
            order_id,
            CAST(order_ts AS DATE) AS order_day,
            coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key,
            amount
        FROM transactions
        WHERE order_ts < (SELECT max(cutoff) + CAST($horizon_days AS INTEGER) FROM cutoffs)
    ) AS lines
    GROUP BY customer_id, order_key, order_day
),
key_spans AS (
    SELECT
        customer_id,
        order_key,
        min(CASE WHEN bought THEN order_day END) AS first_buy_day,
        min(CASE WHEN id_bought THEN order_day END) AS first_id_buy_day
    FROM key_days
    GROUP BY customer_id, order_key
    HAVING count(*) > 1
),
key_rows AS (
    SELECT
        k.customer_id,
        k.order_key,
        k.order_day,
        k.bought,
        k.anonymous_bought,
        k.id_bought,
        s.first_buy_day,
        s.first_id_buy_day,
        s.customer_id IS NOT NULL AS spans_days
    FROM key_days AS k
    LEFT JOIN key_spans AS s ON s.customer_id = k.customer_id AND s.order_key = k.order_key
),
continued AS (
    -- a bought day of an order that was bought on an earlier day too, with that earlier (latest) day
    SELECT customer_id, order_day, previous_buy_day
    FROM (
        SELECT
            customer_id,
            order_day,
            bought,
            max(CASE WHEN bought THEN order_day END) OVER (
                PARTITION BY customer_id, order_key ORDER BY order_day
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ) AS previous_buy_day
        FROM key_rows
        WHERE spans_days
    ) AS spanning
    WHERE bought AND previous_buy_day IS NOT NULL
),
customer_days AS (
    SELECT
        customer_id,
        order_day,
        CASE WHEN bool_or(bought) THEN order_day END AS buy_day,
        count(*) FILTER (WHERE bought AND (NOT spans_days OR first_buy_day = order_day)) AS new_orders,
        count(*) FILTER (WHERE bought) AS bought_orders,
        -- the latest first purchase day of an order bought this day: the day is a return visit after a
        -- cutoff c when it is >= c
        max(CASE
            WHEN anonymous_bought THEN order_day
            WHEN id_bought THEN coalesce(first_id_buy_day, order_day)
        END) AS newest_order_start
    FROM key_rows
    GROUP BY customer_id, order_day
),
per_cutoff AS (
    SELECT
        c.cutoff,
        d.customer_id,
        min(d.buy_day) AS first_day,
        max(d.buy_day) AS last_day,
        sum(d.new_orders) AS orders,
        count(d.buy_day) AS purchase_days,
        sum(CASE WHEN d.order_day >= c.cutoff - CAST($recent_days AS INTEGER) THEN d.bought_orders END)
            AS recent_bought_orders
    FROM customer_days AS d
    INNER JOIN cutoffs AS c ON d.order_day < c.cutoff
    GROUP BY c.cutoff, d.customer_id
),
money AS (
    -- summed line by line, as a per-cutoff GROUP BY over the lines would (see How above)
    SELECT
        c.cutoff,
        t.customer_id,
        sum(t.amount) AS net_revenue,
        coalesce(sum(t.amount) FILTER (WHERE t.order_ts >= c.cutoff - CAST($recent_days AS INTEGER)), 0)
            AS net_revenue_recent
    FROM transactions AS t
    INNER JOIN cutoffs AS c ON t.order_ts < c.cutoff
    GROUP BY c.cutoff, t.customer_id
),
continued_recent AS (
    SELECT c.cutoff, k.customer_id, count(*) AS continued_orders
    FROM continued AS k
    INNER JOIN cutoffs AS c
        ON k.order_day < c.cutoff AND k.previous_buy_day >= c.cutoff - CAST($recent_days AS INTEGER)
    GROUP BY c.cutoff, k.customer_id
),
in_window AS (
    SELECT c.cutoff, d.customer_id, count(*) AS purchases_in_window
    FROM customer_days AS d
    INNER JOIN cutoffs AS c
        ON d.order_day >= c.cutoff AND d.order_day < c.cutoff + CAST($horizon_days AS INTEGER)
        AND d.newest_order_start >= c.cutoff
    GROUP BY c.cutoff, d.customer_id
),
features AS (
    SELECT
        p.cutoff,
        p.customer_id,
        date_diff('day', p.last_day, p.cutoff) AS days_since_last_order,
        date_diff('day', p.first_day, p.cutoff) AS tenure_days,
        p.orders,
        p.purchase_days,
        coalesce(p.recent_bought_orders, 0) - coalesce(r.continued_orders, 0) AS orders_recent,
        m.net_revenue,
        m.net_revenue_recent,
        m.net_revenue / p.orders AS avg_order_value,
        CASE
            WHEN p.purchase_days > 1 THEN CAST(date_diff('day', p.first_day, p.last_day) AS DOUBLE) / (p.purchase_days - 1)
            ELSE CAST(date_diff('day', p.first_day, p.cutoff) AS DOUBLE)
        END AS avg_gap_days,
        coalesce(w.purchases_in_window, 0) AS purchases_in_window
    FROM per_cutoff AS p
    LEFT JOIN continued_recent AS r ON r.cutoff = p.cutoff AND r.customer_id = p.customer_id
    INNER JOIN money AS m ON m.cutoff = p.cutoff AND m.customer_id = p.customer_id
    LEFT JOIN in_window AS w ON w.cutoff = p.cutoff AND w.customer_id = p.customer_id
    WHERE p.orders > 0
)
SELECT
    cutoff,
    customer_id,
    days_since_last_order,
    tenure_days,
    orders,
    purchase_days,
    orders_recent,
    net_revenue,
    net_revenue_recent,
    avg_order_value,
    avg_gap_days,
    days_since_last_order / avg_gap_days AS overdue_ratio,
    purchases_in_window,
    purchases_in_window = 0 AS churned
FROM features
ORDER BY cutoff, customer_id

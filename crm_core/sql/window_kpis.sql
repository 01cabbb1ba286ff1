-- window_kpis: the overview's KPIs for a few consecutive date windows [start, end) — active and new
-- customers, revenue and profit, orders and their value, customers kept from the window before, and the
-- repeat-purchase counts as of each window's end (crm_core.overview).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE).
-- params: $as_of DATE — lines dated before it count (the last window's end);
--         $starts DATE[], $ends DATE[] — window k is [starts[k], ends[k]), consecutive and in time order
--         (ends[k] = starts[k + 1]).
-- out: one row per window, sorted by window_start: window_start, window_end DATE;
--      active_customers [customers with an order (cte_customer_orders) started in the window];
--      new_customers [of those, customers whose first order ever started in it];
--      retained_customers [of the previous window's active customers, those active in this one; NULL for the
--      first window]; orders [orders started in it]; order_value [currency: Σ their values net of the returns
--      dated before the window's end];
--      revenue [currency: Σ amount of the lines dated in the window, returns subtracted]; profit [currency:
--      Σ profit of those lines, NULL when a line's profit is unknown]; customers_to_date,
--      repeat_customers_to_date [customers with >= 1 and >= 2 orders started before window_end].
-- Portable SQL (unnest of list parameters, as in repurchase_gap_ceilings; window functions).
WITH
-- include: cte_customer_orders
,
windows AS (
    SELECT
        CAST(window_start AS DATE) AS window_start,
        CAST(window_end AS DATE) AS window_end,
        row_number() OVER (ORDER BY window_start) AS k
    FROM (SELECT unnest($starts) AS window_start, unnest($ends) AS window_end) AS given
),
window_orders AS (
    SELECT w.k, w.window_end, o.customer_id, o.order_key, o.order_number
    FROM customer_orders AS o
    JOIN windows AS w ON o.order_start >= w.window_start AND o.order_start < w.window_end
),
per_customer AS (
    SELECT k, customer_id, min(order_number) = 1 AS is_new
    FROM window_orders
    GROUP BY k, customer_id
),
customer_counts AS (
    SELECT
        cur.k,
        count(*) AS active_customers,
        count(*) FILTER (WHERE cur.is_new) AS new_customers
    FROM per_customer AS cur
    GROUP BY cur.k
),
kept AS (
    SELECT prev.k + 1 AS k, count(cur.customer_id) AS retained_customers
    FROM per_customer AS prev
    LEFT JOIN per_customer AS cur ON cur.customer_id = prev.customer_id AND cur.k = prev.k + 1
    GROUP BY prev.k + 1
),
window_order_values AS (
    -- each order's value as it stood at its window's end: returns known by then are subtracted, so that
    -- every window's orders had the same time to be returned
    SELECT wo.k, wo.customer_id, wo.order_key, sum(l.amount) AS order_value
    FROM window_orders AS wo
    JOIN order_lines AS l
        ON l.customer_id = wo.customer_id AND l.order_key = wo.order_key AND l.order_ts < wo.window_end
    GROUP BY wo.k, wo.customer_id, wo.order_key
),
order_counts AS (
    SELECT k, count(*) AS orders, sum(order_value) AS order_value
    FROM window_order_values
    GROUP BY k
),
money AS (
    SELECT
        w.k,
        sum(t.amount) AS revenue,
        CASE WHEN count(t.profit) = count(*) THEN sum(t.profit) END AS profit
    FROM transactions AS t
    JOIN windows AS w ON t.order_ts >= w.window_start AND t.order_ts < w.window_end
    GROUP BY w.k
),
firsts AS (
    SELECT
        customer_id,
        min(order_start) FILTER (WHERE order_number = 1) AS first_start,
        min(order_start) FILTER (WHERE order_number = 2) AS second_start
    FROM customer_orders
    GROUP BY customer_id
),
to_date AS (
    SELECT
        w.k,
        count(f.first_start) AS customers_to_date,
        count(f.second_start) FILTER (WHERE f.second_start < w.window_end) AS repeat_customers_to_date
    FROM windows AS w
    LEFT JOIN firsts AS f ON f.first_start < w.window_end
    GROUP BY w.k
)
SELECT
    w.window_start,
    w.window_end,
    coalesce(c.active_customers, 0) AS active_customers,
    coalesce(c.new_customers, 0) AS new_customers,
    CASE WHEN w.k > 1 THEN coalesce(kept.retained_customers, 0) END AS retained_customers,
    coalesce(oc.orders, 0) AS orders,
    coalesce(oc.order_value, 0) AS order_value,
    coalesce(m.revenue, 0) AS revenue,
    m.profit,
    d.customers_to_date,
    d.repeat_customers_to_date
FROM windows AS w
LEFT JOIN customer_counts AS c ON c.k = w.k
LEFT JOIN kept ON kept.k = w.k
LEFT JOIN order_counts AS oc ON oc.k = w.k
LEFT JOIN money AS m ON m.k = w.k
LEFT JOIN to_date AS d ON d.k = w.k
ORDER BY w.window_start

-- group_retention_value: per customer group, the inputs of the retention-based CLV m·r/(1+d−r) measured in the
-- latest calendar period complete before $as_of (period t): the group's retention rate from t−1 to t (the
-- definition of retention_by_period) and its value per active customer in t.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, profit DOUBLE);
--      customer_groups(customer_id VARCHAR, grp VARCHAR): one row per customer, supplied by the caller
--      (Store.run_with); lines of customers not in it are left out.
-- params: $as_of DATE — lines dated before it count; $months_per_period INTEGER — 1 (month), 3 (quarter) or
--         12 (year). Period t = the period before the one containing $as_of (period index
--         floor((12·year + month − 1) / months), as in retention_by_period).
-- out: grp; period_index INTEGER [t]; active_before [the group's customers with a purchase line (amount >= 0)
--      in t−1]; retained [of those, customers with a purchase line in t]; active [the group's customers with a
--      purchase line in t]; active_revenue [sum of amount of the active customers' lines in t, returns
--      included: dataset currency]; active_profit [sum of their line profit in t, dataset currency; NULL when
--      no line has a profit]; profit_unknown_lines [their lines in t with amount but no profit (blank cost)].
--      One row per group that has a customer active in t−1 or t; sorted by grp.
-- Portable SQL (EXTRACT, floor, FILTER, joins).
WITH params AS (
    SELECT CAST(floor((EXTRACT(YEAR FROM CAST($as_of AS DATE)) * 12 + EXTRACT(MONTH FROM CAST($as_of AS DATE)) - 1)
                      / CAST($months_per_period AS DOUBLE)) AS INTEGER) - 1 AS latest
),
lines AS (
    SELECT
        g.grp,
        t.customer_id,
        t.amount,
        t.profit,
        CAST(floor((EXTRACT(YEAR FROM t.order_ts) * 12 + EXTRACT(MONTH FROM t.order_ts) - 1)
                   / CAST($months_per_period AS DOUBLE)) AS INTEGER) AS period_index
    FROM transactions AS t
    JOIN customer_groups AS g ON g.customer_id = t.customer_id
    WHERE t.order_ts < CAST($as_of AS DATE)
),
buyers AS (
    SELECT DISTINCT l.grp, l.customer_id, l.period_index
    FROM lines AS l, params AS p
    WHERE l.amount >= 0 AND l.period_index IN (p.latest - 1, p.latest)
),
per_customer AS (
    SELECT
        b.grp,
        b.customer_id,
        max(CASE WHEN b.period_index = p.latest - 1 THEN 1 ELSE 0 END) AS in_before,
        max(CASE WHEN b.period_index = p.latest THEN 1 ELSE 0 END) AS in_latest
    FROM buyers AS b, params AS p
    GROUP BY b.grp, b.customer_id
),
latest_value AS (
    SELECT
        l.grp,
        l.customer_id,
        sum(l.amount) AS revenue,
        sum(l.profit) AS profit,
        count(*) FILTER (WHERE l.profit IS NULL) AS profit_unknown_lines
    FROM lines AS l, params AS p
    WHERE l.period_index = p.latest
    GROUP BY l.grp, l.customer_id
)
SELECT
    c.grp,
    max(p.latest) AS period_index,
    sum(c.in_before) AS active_before,
    sum(c.in_before * c.in_latest) AS retained,
    sum(c.in_latest) AS active,
    coalesce(sum(v.revenue) FILTER (WHERE c.in_latest = 1), 0) AS active_revenue,
    sum(v.profit) FILTER (WHERE c.in_latest = 1) AS active_profit,
    coalesce(sum(v.profit_unknown_lines) FILTER (WHERE c.in_latest = 1), 0) AS profit_unknown_lines
FROM per_customer AS c
CROSS JOIN params AS p
LEFT JOIN latest_value AS v ON v.grp = c.grp AND v.customer_id = c.customer_id
GROUP BY c.grp
ORDER BY c.grp

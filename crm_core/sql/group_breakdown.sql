-- group_breakdown: net revenue, profit, customers and orders per (customer group, channel or product).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE, channel, product);
--      customer_groups(customer_id VARCHAR, grp VARCHAR): one row per customer, supplied by the caller
--      (Store.run_with); lines of customers not in it are left out.
-- params: $as_of DATE — lines dated before it count (the as-of date itself is excluded);
--         $dimension VARCHAR — 'channel' or 'product': which column of the line is the category.
-- out: grp; category [the line's channel or product; NULL when the line has none];
--      customers [customers of the group with a purchase line (amount >= 0) in the category];
--      orders [distinct orders with a purchase line in the category; without an order id, distinct
--              customer-days; an order spanning two categories counts once in each];
--      net_revenue [sum of amount, dataset currency]; profit [sum of line profit, dataset currency;
--      NULL without cost/margin]. Sorted by grp, then category (NULL last).
-- Portable SQL (CASE on a parameter instead of dynamic column names; FILTER clauses, SQL:2003).
WITH lines AS (
    SELECT
        g.grp,
        CASE CAST($dimension AS VARCHAR) WHEN 'channel' THEN t.channel ELSE t.product END AS category,
        t.customer_id,
        t.amount,
        t.profit,
        coalesce(t.order_id, t.customer_id || '|' || CAST(CAST(t.order_ts AS DATE) AS VARCHAR)) AS order_key
    FROM transactions AS t
    JOIN customer_groups AS g ON g.customer_id = t.customer_id
    WHERE t.order_ts < CAST($as_of AS DATE)
)
SELECT
    grp,
    category,
    count(DISTINCT customer_id) FILTER (WHERE amount >= 0) AS customers,
    count(DISTINCT order_key) FILTER (WHERE amount >= 0) AS orders,
    sum(amount) AS net_revenue,
    sum(profit) AS profit
FROM lines
GROUP BY grp, category
ORDER BY grp, category NULLS LAST

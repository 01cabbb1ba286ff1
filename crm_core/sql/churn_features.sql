-- churn_features: one row per customer with a purchase before $cutoff, the churn model's features computed
-- from the lines dated before $cutoff only (nothing on or after it is read: no leakage into the label window).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id).
-- params: $cutoff DATE — lines dated before it count; $recent_days INTEGER — length of the "recent" window
--         [$cutoff - $recent_days, $cutoff) (the churn horizon H, so "recent" spans as long as the label window).
-- out: customer_id; days_since_last_order, tenure_days [days, cutoff - last / first purchase day]; orders
--      [distinct order_id, or customer-day without order ids]; purchase_days [distinct purchase days];
--      orders_recent [orders in the recent window]; net_revenue, net_revenue_recent [currency, returns
--      subtracted]; avg_order_value [currency per order]; avg_gap_days [days: (last - first purchase day) /
--      (purchase_days - 1); for a one-time buyer its tenure, the least its first gap can be];
--      overdue_ratio [days_since_last_order / avg_gap_days, 1 = as late as usual]. Purchase = amount >= 0.
--      Sorted by customer_id.
WITH lines AS (
    SELECT
        customer_id,
        CAST(order_ts AS DATE) AS order_day,
        amount,
        coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key
    FROM transactions
    WHERE order_ts < CAST($cutoff AS DATE)
),
per_customer AS (
    SELECT
        customer_id,
        min(order_day) FILTER (WHERE amount >= 0) AS first_day,
        max(order_day) FILTER (WHERE amount >= 0) AS last_day,
        count(DISTINCT order_key) FILTER (WHERE amount >= 0) AS orders,
        count(DISTINCT order_day) FILTER (WHERE amount >= 0) AS purchase_days,
        count(DISTINCT order_key) FILTER (
            WHERE amount >= 0 AND order_day >= CAST($cutoff AS DATE) - CAST($recent_days AS INTEGER)
        ) AS orders_recent,
        sum(amount) AS net_revenue,
        coalesce(
            sum(amount) FILTER (WHERE order_day >= CAST($cutoff AS DATE) - CAST($recent_days AS INTEGER)), 0
        ) AS net_revenue_recent
    FROM lines
    GROUP BY customer_id
),
features AS (
    SELECT
        customer_id,
        CAST($cutoff AS DATE) - last_day AS days_since_last_order,
        CAST($cutoff AS DATE) - first_day AS tenure_days,
        orders,
        purchase_days,
        orders_recent,
        net_revenue,
        net_revenue_recent,
        net_revenue / orders AS avg_order_value,
        CASE
            WHEN purchase_days > 1 THEN CAST(last_day - first_day AS DOUBLE) / (purchase_days - 1)
            ELSE CAST(CAST($cutoff AS DATE) - first_day AS DOUBLE)
        END AS avg_gap_days
    FROM per_customer
    WHERE orders > 0
)
SELECT
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
    days_since_last_order / avg_gap_days AS overdue_ratio
FROM features
ORDER BY customer_id

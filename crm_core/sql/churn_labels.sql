-- churn_labels: the churn label of every customer with a purchase before $cutoff: churned = no purchase in
-- the H days after the cutoff, [$cutoff, $horizon_end) with $horizon_end = $cutoff + H.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id).
-- params: $cutoff DATE — the population bought before it; $horizon_end DATE — end of the label window
--         (exclusive).
-- out: customer_id; purchases_in_window [distinct purchase days in the window, count]; churned BOOLEAN
--      (purchases_in_window = 0). Purchase = a line with amount >= 0 of a new order: lines of an order id that
--      already had a purchase line before the cutoff (an order delivered in parts across the cutoff) are not a
--      return visit. Sorted by customer_id.
WITH population AS (
    SELECT DISTINCT customer_id
    FROM transactions
    WHERE order_ts < CAST($cutoff AS DATE) AND amount >= 0
),
orders_before AS (
    SELECT DISTINCT customer_id, order_id
    FROM transactions
    WHERE order_ts < CAST($cutoff AS DATE) AND amount >= 0 AND order_id IS NOT NULL
),
in_window AS (
    SELECT t.customer_id, count(DISTINCT CAST(t.order_ts AS DATE)) AS purchases_in_window
    FROM transactions AS t
    LEFT JOIN orders_before AS o ON o.customer_id = t.customer_id AND o.order_id = t.order_id
    WHERE t.order_ts >= CAST($cutoff AS DATE) AND t.order_ts < CAST($horizon_end AS DATE) AND t.amount >= 0
      AND o.order_id IS NULL
    GROUP BY t.customer_id
)
SELECT
    p.customer_id,
    coalesce(w.purchases_in_window, 0) AS purchases_in_window,
    coalesce(w.purchases_in_window, 0) = 0 AS churned
FROM population AS p
LEFT JOIN in_window AS w ON w.customer_id = p.customer_id
ORDER BY p.customer_id

-- churn_labels: the churn label of every customer with a purchase before $cutoff: churned = no purchase in
-- the H days after the cutoff, [$cutoff, $horizon_end) with $horizon_end = $cutoff + H.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE).
-- params: $cutoff DATE — the population bought before it; $horizon_end DATE — end of the label window
--         (exclusive).
-- out: customer_id; purchases_in_window [distinct purchase days in the window, count]; churned BOOLEAN
--      (purchases_in_window = 0). Purchase = a line with amount >= 0. Sorted by customer_id.
WITH population AS (
    SELECT DISTINCT customer_id
    FROM transactions
    WHERE order_ts < CAST($cutoff AS DATE) AND amount >= 0
),
in_window AS (
    SELECT customer_id, count(DISTINCT CAST(order_ts AS DATE)) AS purchases_in_window
    FROM transactions
    WHERE order_ts >= CAST($cutoff AS DATE) AND order_ts < CAST($horizon_end AS DATE) AND amount >= 0
    GROUP BY customer_id
)
SELECT
    p.customer_id,
    coalesce(w.purchases_in_window, 0) AS purchases_in_window,
    coalesce(w.purchases_in_window, 0) = 0 AS churned
FROM population AS p
LEFT JOIN in_window AS w ON w.customer_id = p.customer_id
ORDER BY p.customer_id

-- holdout_purchase_days: per calendar day of the holdout, the purchase days of the calibration customers —
-- the actual repeat purchases behind the holdout check's cumulative track (crm_core.clv.holdout), in one
-- query instead of one CustomerTable per holdout period.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE).
-- params: $calibration_as_of DATE — lines dated before it are the calibration period; the calibration
--         customers have a purchase day before it; $holdout_as_of DATE — lines dated from $calibration_as_of
--         to the day before this are the holdout.
-- out: purchase_day DATE (in the holdout); purchases [count: calibration customers with a purchase day on that
--      day, i.e. their repeat purchases that day, as frequency counts them in btyd_inputs.sql]. A purchase day
--      has at least one line with amount >= 0. Days without such purchases are not listed. Sorted by day.
WITH purchase_days AS (
    SELECT customer_id, CAST(order_ts AS DATE) AS order_day
    FROM transactions
    WHERE order_ts < CAST($holdout_as_of AS DATE)
    GROUP BY customer_id, CAST(order_ts AS DATE)
    HAVING max(amount) >= 0
),
calibration_customers AS (
    SELECT DISTINCT customer_id
    FROM purchase_days
    WHERE order_day < CAST($calibration_as_of AS DATE)
),
holdout_days AS (
    SELECT p.order_day
    FROM purchase_days AS p
    INNER JOIN calibration_customers AS c ON p.customer_id = c.customer_id
    WHERE p.order_day >= CAST($calibration_as_of AS DATE)
)
SELECT order_day AS purchase_day, count(*) AS purchases
FROM holdout_days
GROUP BY order_day
ORDER BY purchase_day

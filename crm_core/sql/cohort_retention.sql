-- cohort_retention: monthly acquisition cohorts and the share of each cohort buying in each later month.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE).
-- params: $as_of DATE — lines dated before it count.
-- out: cohort_month DATE [first day of the month of the customer's first purchase line (amount >= 0)];
--      months_since_first INTEGER [0 = the cohort's own month]; active_customers [cohort members with a
--      purchase line in that month]; cohort_size [customers in the cohort]. Only (cohort, month) pairs with
--      at least one active customer; sorted by cohort_month, months_since_first.
-- Portable SQL except date_trunc (DuckDB, PostgreSQL, Spark); month offsets use EXTRACT (standard).
WITH purchase_months AS (
    SELECT DISTINCT
        customer_id,
        CAST(date_trunc('month', order_ts) AS DATE) AS month
    FROM transactions
    WHERE order_ts < CAST($as_of AS DATE) AND amount >= 0
),
firsts AS (
    SELECT customer_id, min(month) AS cohort_month
    FROM purchase_months
    GROUP BY customer_id
),
sizes AS (
    SELECT cohort_month, count(*) AS cohort_size
    FROM firsts
    GROUP BY cohort_month
)
SELECT
    f.cohort_month,
    CAST((EXTRACT(YEAR FROM p.month) - EXTRACT(YEAR FROM f.cohort_month)) * 12
         + EXTRACT(MONTH FROM p.month) - EXTRACT(MONTH FROM f.cohort_month) AS INTEGER) AS months_since_first,
    count(*) AS active_customers,
    s.cohort_size
FROM purchase_months AS p
JOIN firsts AS f ON f.customer_id = p.customer_id
JOIN sizes AS s ON s.cohort_month = f.cohort_month
GROUP BY f.cohort_month, months_since_first, s.cohort_size
ORDER BY f.cohort_month, months_since_first

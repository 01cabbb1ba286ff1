-- repurchase_gaps: one row describing the gaps between consecutive purchase days before $as_of, over all
-- customers — the data's typical repurchase rhythm, from which crm_core.churn.horizon derives the default
-- churn horizon — and the first purchase day (the start of the history the churn timeline needs).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE).
-- params: $as_of DATE — lines dated before it count.
-- out: first_purchase_day DATE (NULL without purchases); repeat_gaps [count of gaps = purchase days after a
--      customer's first]; gap_p50_days, gap_p75_days, gap_p90_days [days; continuous percentiles of the gaps,
--      NULL without any repeat purchase]. A purchase day has at least one line with amount >= 0.
-- Portable (DuckDB and Spark, crm_core.spark.transpile): the gap is date_diff('day', start, end).
WITH purchase_days AS (
    SELECT customer_id, CAST(order_ts AS DATE) AS order_day
    FROM transactions
    WHERE order_ts < CAST($as_of AS DATE) AND amount >= 0
    GROUP BY customer_id, CAST(order_ts AS DATE)
),
gaps AS (
    SELECT
        order_day,
        date_diff('day', lag(order_day) OVER (PARTITION BY customer_id ORDER BY order_day), order_day) AS gap_days
    FROM purchase_days
)
SELECT
    min(order_day) AS first_purchase_day,
    count(gap_days) AS repeat_gaps,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY gap_days) AS gap_p50_days,
    percentile_cont(0.75) WITHIN GROUP (ORDER BY gap_days) AS gap_p75_days,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY gap_days) AS gap_p90_days
FROM gaps

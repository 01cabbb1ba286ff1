-- repurchase_gap_ceilings: per as-of date D, a percentile of all the repurchase gaps before D — the data's
-- absolute ceiling on a customer's silence used by the lifecycle rule lost_ceiling (crm_core.lifecycle:
-- beyond it a customer is lost whatever their own rhythm). One query answers one date or many (the
-- month-by-month stage counts).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE).
-- params: $as_of_dates DATE[] — for each date D, lines dated before D count;
--         $percentile DOUBLE — the percentile as a fraction p in (0, 1].
-- out: as_of DATE (= D); repeat_gaps [count of gaps before D]; gap_ceiling_days [days; NULL without any gap]:
--      the continuous percentile of the gaps, as percentile_cont(p) in repurchase_gaps.sql: with the n gaps
--      sorted ascending x[0] … x[n − 1] and h = (n − 1) × p, x[floor h] + (h − floor h) × (x[floor h + 1] −
--      x[floor h]). A gap = days between consecutive purchase days of a customer (a purchase day has a line
--      with amount >= 0, as in repurchase_gaps.sql), counted at the date it closes. Sorted by as_of.
-- How: the gaps become a histogram (days it closed, length → count) that every date reads, so the cost grows
-- with the distinct (day, length) pairs rather than with gaps × dates; then each date's k-th smallest gap is
-- the smallest length whose running count exceeds k.
-- Portable SQL (window functions) except unnest of a list parameter (PostgreSQL and Spark have it too); the
-- gap is date_diff('day', start, end) (crm_core.spark.transpile: Spark's date − date is an interval).
WITH dates AS (
    SELECT DISTINCT CAST(d AS DATE) AS as_of
    FROM (SELECT unnest($as_of_dates) AS d) AS given
),
purchase_days AS (
    SELECT customer_id, CAST(order_ts AS DATE) AS order_day
    FROM transactions
    WHERE order_ts < (SELECT max(as_of) FROM dates) AND amount >= 0
    GROUP BY customer_id, CAST(order_ts AS DATE)
),
gaps AS (
    SELECT
        order_day,
        date_diff('day', lag(order_day) OVER (PARTITION BY customer_id ORDER BY order_day), order_day) AS gap_days
    FROM purchase_days
),
gap_counts AS (
    SELECT order_day, gap_days, count(*) AS gaps
    FROM gaps
    WHERE gap_days IS NOT NULL
    GROUP BY order_day, gap_days
),
histogram AS (
    SELECT d.as_of, g.gap_days, sum(g.gaps) AS gaps
    FROM dates AS d
    JOIN gap_counts AS g ON g.order_day < d.as_of
    GROUP BY d.as_of, g.gap_days
),
running AS (
    SELECT
        as_of,
        gap_days,
        sum(gaps) OVER (PARTITION BY as_of ORDER BY gap_days ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            AS gaps_up_to,
        sum(gaps) OVER (PARTITION BY as_of) AS repeat_gaps
    FROM histogram
),
positions AS (
    SELECT DISTINCT as_of, repeat_gaps, (repeat_gaps - 1) * CAST($percentile AS DOUBLE) AS h
    FROM running
),
neighbours AS (
    SELECT
        p.as_of,
        p.repeat_gaps,
        p.h,
        min(CASE WHEN r.gaps_up_to > floor(p.h) THEN r.gap_days END) AS gap_below,
        min(CASE WHEN r.gaps_up_to > floor(p.h) + 1 THEN r.gap_days END) AS gap_above
    FROM positions AS p
    JOIN running AS r ON r.as_of = p.as_of
    GROUP BY p.as_of, p.repeat_gaps, p.h
)
SELECT
    d.as_of,
    coalesce(n.repeat_gaps, 0) AS repeat_gaps,
    n.gap_below + (n.h - floor(n.h)) * (coalesce(n.gap_above, n.gap_below) - n.gap_below) AS gap_ceiling_days
FROM dates AS d
LEFT JOIN neighbours AS n ON n.as_of = d.as_of
ORDER BY d.as_of

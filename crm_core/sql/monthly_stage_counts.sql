-- monthly_stage_counts: customers per as-of date and deciding stage rule (the month-by-month stage counts),
-- classified in SQL so that only the counts leave the database.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE).
-- params: $as_of_dates DATE[] — for each date D, lines dated before D count (sorted, distinct);
--         $gap_ceilings DOUBLE[] — the lost ceiling at each of those dates, in the same order [days; NULL:
--         none] (crm_core.lifecycle.gap_ceilings); the thresholds of cte_stage_rules.sql ($recent_days …).
-- out: as_of DATE; rule_code (index into crm_core.lifecycle.RULES); customers [count]. Only (date, rule)
--      pairs with customers; sorted by as_of, rule_code.
-- The inputs are cte_stage_inputs_over_time.sql (running totals per customer, one row per customer and
-- date), the rules cte_stage_rules.sql (no P(alive) here). DuckDB-only: unnest of two list parameters side
-- by side (zipped), and the fragments' unnest / generate_series.
WITH
-- include: cte_stage_inputs_over_time
,
ceilings AS (
    SELECT CAST(unnest($as_of_dates) AS DATE) AS as_of, CAST(unnest($gap_ceilings) AS DOUBLE) AS gap_ceiling_days
),
stage_rule_inputs AS NOT MATERIALIZED (
    SELECT
        s.as_of,
        s.orders,
        s.purchase_days,
        s.first_order_date,
        s.last_order_date,
        s.tenure_days,
        s.days_since_last_order,
        s.recent_revenue,
        s.earlier_revenue,
        c.gap_ceiling_days,
        CAST(NULL AS DOUBLE) AS p_alive
    FROM stage_inputs_over_time AS s
    JOIN ceilings AS c ON c.as_of = s.as_of
),
-- include: cte_stage_rules
SELECT as_of, rule_code, count(*) AS customers
FROM stage_rules
GROUP BY as_of, rule_code
ORDER BY as_of, rule_code

-- customer_stages: the lifecycle stage rule that decides each customer's stage at one or more as-of dates
-- (crm_core.lifecycle.customer_stages), with the rule's measures.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE);
--      stage_p_alive(customer_id VARCHAR, p_alive DOUBLE) — P(alive) per customer (a frame registered for
--      the call; empty when not given).
-- params: $as_of_dates DATE[] — for each date D, lines dated before D count (sorted, distinct);
--         $gap_ceilings DOUBLE[] — the lost ceiling at each of those dates, in the same order [days; NULL:
--         none] (crm_core.lifecycle.gap_ceilings); the thresholds of cte_stage_rules.sql ($recent_days …).
-- out: as_of; customer_id; rule_code (index into crm_core.lifecycle.RULES); the columns of
--      cte_stage_inputs.sql; typical_gap_days, lost_ceiling_days, lost_after_days [days]; gap_is_own;
--      earlier_rate [currency per W days]; spend_trend [ratio]; p_alive (NULL: not given). Only customers
--      with a purchase line before D. Sorted by as_of, customer_id.
-- DuckDB-only: unnest of two list parameters side by side (zipped).
WITH
-- include: cte_stage_inputs
,
-- include: cte_stage_rows
SELECT *
FROM stage_rows
ORDER BY as_of, customer_id

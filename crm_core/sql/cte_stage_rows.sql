-- cte_stage_rows: a fragment (named CTEs, see crm_core.store) — the lifecycle stage of each customer at each date
-- from the stage inputs: the lost ceiling and P(alive) joined in, the stage rules applied (cte_stage_rules.sql), the
-- columns customer_stages.sql returns. Shared by customer_stages.sql (inputs from the transactions) and
-- customer_stages_of_inputs.sql (inputs computed before, for many threshold settings at one date).
-- in : CTE stage_inputs (the columns of cte_stage_inputs.sql); stage_p_alive(customer_id VARCHAR, p_alive DOUBLE)
--      — P(alive) per customer (a frame registered for the call; empty when not given).
-- params: $as_of_dates DATE[] and $gap_ceilings DOUBLE[] — the lost ceiling at each date, in the same order [days;
--         NULL: none] (crm_core.lifecycle.gap_ceilings); the thresholds of cte_stage_rules.sql ($recent_days …).
-- out: CTE stage_rows — as_of; customer_id; rule_code (index into crm_core.lifecycle.RULES); the columns of
--      cte_stage_inputs.sql; typical_gap_days, lost_ceiling_days, lost_after_days [days]; gap_is_own;
--      earlier_rate [currency per W days]; spend_trend [ratio]; p_alive (NULL: not given). Unsorted.
-- DuckDB-only: unnest of two list parameters side by side (zipped).
ceilings AS (
    SELECT CAST(unnest($as_of_dates) AS DATE) AS as_of, CAST(unnest($gap_ceilings) AS DOUBLE) AS gap_ceiling_days
),
stage_rule_inputs AS (
    SELECT i.*, c.gap_ceiling_days, p.p_alive
    FROM stage_inputs AS i
    JOIN ceilings AS c ON c.as_of = i.as_of
    LEFT JOIN stage_p_alive AS p ON p.customer_id = i.customer_id
),
-- include: cte_stage_rules
,
stage_rows AS (
    SELECT
        as_of,
        customer_id,
        rule_code,
        orders,
        purchase_days,
        first_order_date,
        last_order_date,
        tenure_days,
        days_since_last_order,
        typical_gap_days,
        gap_is_own,
        gap_ceiling_days AS lost_ceiling_days,
        lost_after_days,
        recent_revenue,
        recent_returns,
        earlier_rate,
        spend_trend,
        net_revenue,
        profit,
        p_alive
    FROM stage_rules
)

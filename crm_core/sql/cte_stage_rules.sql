-- cte_stage_rules: a fragment (named CTEs, see crm_core.store) — the lifecycle stage rules, the only
-- definition of them (crm_core.lifecycle.StageThresholds, RULES): customer_stages.sql applies them at one
-- or more dates per customer, monthly_stage_counts.sql counts them at many dates.
-- in : CTE stage_rule_inputs(as_of DATE, orders, purchase_days, first_order_date DATE, last_order_date DATE,
--      tenure_days, days_since_last_order [days], recent_revenue, earlier_revenue [currency],
--      gap_ceiling_days [days; NULL: no ceiling], p_alive [probability; NULL: not given], any other column).
-- params: the fields of StageThresholds except lost_ceiling_* (they make gap_ceiling_days):
--      $recent_days, $new_days, $stable_min_tenure_days, $lost_min_days [days]; $exploration_max_orders
--      [orders]; $growth_ratio, $decline_spend_ratio [ratio]; $decline_gap_multiple, $lost_gap_multiple
--      [× typical gap]; $lost_p_alive [probability].
-- out: CTE stage_rules = stage_rule_inputs plus typical_gap_days g [days], gap_is_own BOOLEAN, earlier_rate
--      [currency per W days], spend_trend [ratio], lost_after_days [days] and rule_code (0-9: the index of
--      the deciding rule in crm_core.lifecycle.RULES, first match wins):
--      g = (last − first order day) / (purchase days − 1), or, for customers with one purchase day, the
--      median g of the customers with an own gap at the same as_of; earlier_rate = earlier revenue /
--      (tenure − W) × W when tenure − W >= W; spend_trend = recent revenue / earlier_rate when that is > 0
--      and g <= W / 2; lost_after = max(lost_min_days, min(lost_gap_multiple × g, ceiling)).
--      A NULL never matches a rule (NaN in numpy, as the numbers the app shows).
-- Portable SQL (median is DuckDB's and Spark's percentile_cont(0.5)) except the hint AS NOT MATERIALIZED
-- (DuckDB and PostgreSQL): own_gaps is read twice and must not be stored at many dates.
own_gaps AS NOT MATERIALIZED (
    SELECT
        i.*,
        CASE WHEN i.purchase_days > 1
             THEN CAST(date_diff('day', i.first_order_date, i.last_order_date) AS DOUBLE) / (i.purchase_days - 1) END AS own_gap_days
    FROM stage_rule_inputs AS i
),
population_gaps AS (
    SELECT as_of, median(own_gap_days) AS population_gap_days
    FROM own_gaps
    GROUP BY as_of
),
rule_measures AS (
    SELECT
        o.*,
        coalesce(o.own_gap_days, p.population_gap_days) AS typical_gap_days,
        o.own_gap_days IS NOT NULL AS gap_is_own,
        CASE WHEN o.tenure_days - CAST($recent_days AS DOUBLE) >= CAST($recent_days AS DOUBLE)
             THEN o.earlier_revenue / (o.tenure_days - CAST($recent_days AS DOUBLE)) * CAST($recent_days AS DOUBLE)
        END AS earlier_rate
    FROM own_gaps AS o
    JOIN population_gaps AS p ON p.as_of = o.as_of
),
rule_limits AS (
    SELECT
        m.*,
        CASE WHEN m.earlier_rate > 0 AND m.typical_gap_days <= CAST($recent_days AS DOUBLE) / 2
             THEN m.recent_revenue / m.earlier_rate END AS spend_trend,
        -- lost by the own rhythm beyond max(lost_min_days, lost_gap_multiple × g) (a NULL g: lost_min_days)
        CASE WHEN CAST($lost_gap_multiple AS DOUBLE) * m.typical_gap_days > CAST($lost_min_days AS DOUBLE)
             THEN CAST($lost_gap_multiple AS DOUBLE) * m.typical_gap_days
             ELSE CAST($lost_min_days AS DOUBLE) END AS lost_by_gap_days,
        -- min(lost_gap_multiple × g, ceiling), the one that is known when the other is NULL
        CASE WHEN m.typical_gap_days IS NULL THEN m.gap_ceiling_days
             WHEN m.gap_ceiling_days IS NULL THEN CAST($lost_gap_multiple AS DOUBLE) * m.typical_gap_days
             WHEN CAST($lost_gap_multiple AS DOUBLE) * m.typical_gap_days < m.gap_ceiling_days
             THEN CAST($lost_gap_multiple AS DOUBLE) * m.typical_gap_days
             ELSE m.gap_ceiling_days END AS lost_limit_days
    FROM rule_measures AS m
),
rule_bounds AS (
    SELECT
        l.*,
        CASE WHEN l.lost_limit_days > CAST($lost_min_days AS DOUBLE) THEN l.lost_limit_days
             ELSE CAST($lost_min_days AS DOUBLE) END AS lost_after_days
    FROM rule_limits AS l
),
stage_rules AS (
    SELECT
        l.*,
        CASE
            WHEN l.days_since_last_order > l.lost_by_gap_days THEN 0  -- lost_gap
            WHEN l.days_since_last_order > l.lost_after_days THEN 1  -- lost_ceiling
            WHEN l.p_alive < CAST($lost_p_alive AS DOUBLE) THEN 2  -- lost_p_alive
            WHEN l.orders = 1 AND l.tenure_days <= CAST($new_days AS DOUBLE) THEN 3  -- new
            WHEN l.orders <= CAST($exploration_max_orders AS DOUBLE) THEN 4  -- exploration
            WHEN l.days_since_last_order > CAST($decline_gap_multiple AS DOUBLE) * l.typical_gap_days THEN 5  -- decline_gap
            WHEN l.spend_trend < CAST($decline_spend_ratio AS DOUBLE) THEN 6  -- decline_spend
            WHEN l.tenure_days < CAST($stable_min_tenure_days AS DOUBLE) THEN 7  -- formation_tenure
            WHEN l.spend_trend >= CAST($growth_ratio AS DOUBLE) THEN 8  -- formation_growth
            ELSE 9  -- stable
        END AS rule_code
    FROM rule_bounds AS l
)

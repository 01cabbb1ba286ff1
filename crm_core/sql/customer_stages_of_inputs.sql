-- customer_stages_of_inputs: customer_stages.sql over stage inputs computed before (stage_inputs.sql), so that
-- the stages under other thresholds at the same dates and recent window do not read the transactions again
-- (crm_core.lifecycle.customer_stages with inputs=: the lifecycle page's threshold inputs, issue #14).
-- in : stage_inputs_given — the rows of stage_inputs.sql at $as_of_dates with $recent_days (a frame registered
--      for the call: its dates come back as timestamps, cast to DATE here); stage_p_alive as in customer_stages.sql.
-- params: as customer_stages.sql.
-- out: as customer_stages.sql (the same rows for the same inputs).
-- DuckDB-only: SELECT * REPLACE, and cte_stage_rows' unnest of two list parameters side by side.
WITH
stage_inputs AS (
    SELECT * REPLACE (CAST(as_of AS DATE) AS as_of, CAST(first_order_date AS DATE) AS first_order_date,
                      CAST(last_order_date AS DATE) AS last_order_date)
    FROM stage_inputs_given
),
-- include: cte_stage_rows
SELECT *
FROM stage_rows
ORDER BY as_of, customer_id

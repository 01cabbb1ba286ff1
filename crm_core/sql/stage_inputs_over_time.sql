-- stage_inputs_over_time: the columns of stage_inputs.sql for many as-of dates at once, per customer
-- (cte_stage_inputs_over_time.sql; monthly_stage_counts.sql counts the stages from the same CTE).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE).
-- params: $as_of_dates DATE[]; $recent_days INTEGER [days] — as in cte_stage_inputs_over_time.sql.
-- out: the columns of cte_stage_inputs_over_time.sql, sorted by as_of, customer_id.
WITH
-- include: cte_stage_inputs_over_time
SELECT *
FROM stage_inputs_over_time
ORDER BY as_of, customer_id

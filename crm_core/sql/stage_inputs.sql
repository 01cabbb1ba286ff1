-- stage_inputs: per customer and as-of date, the purchase-rhythm inputs of the lifecycle stage rules
-- (cte_stage_inputs.sql, which customer_stages.sql classifies). One query answers one as-of date or many in
-- a single pass over the transactions.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE).
-- params: $as_of_dates DATE[]; $recent_days INTEGER [days] — as in cte_stage_inputs.sql.
-- out: the columns of cte_stage_inputs.sql, sorted by as_of, customer_id.
WITH
-- include: cte_stage_inputs
SELECT *
FROM stage_inputs
ORDER BY as_of, customer_id

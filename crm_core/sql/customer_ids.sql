-- customer_ids: the customers with a line before $as_of, sorted — customer_contacts' result when the file has
-- no pass-through column (a COLUMNS(...) that selects nothing is an error in DuckDB).
-- in : transactions(customer_id, order_ts TIMESTAMP). params: $as_of DATE. out: customer_id, by customer_id.
SELECT DISTINCT customer_id
FROM transactions
WHERE order_ts < CAST($as_of AS DATE)
ORDER BY customer_id

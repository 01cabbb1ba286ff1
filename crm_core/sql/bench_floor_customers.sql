-- bench_floor_customers: the floor for per-customer views in bench/bench_segments.py — one bare
-- GROUP BY customer over `transactions` (no distinct orders, no purchase-day logic).
-- in : transactions(customer_id, order_ts, amount, profit). params: $as_of DATE.
-- out: customer_id, lines, net_revenue, profit [currency], last_ts TIMESTAMP.
SELECT customer_id, count(*) AS lines, sum(amount) AS net_revenue, sum(profit) AS profit, max(order_ts) AS last_ts
FROM transactions
WHERE order_ts < CAST($as_of AS DATE)
GROUP BY customer_id

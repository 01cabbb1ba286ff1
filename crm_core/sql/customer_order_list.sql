-- customer_order_list: one customer's orders before $as_of, as the profile lists them: each order (key as in
-- cte_customer_orders: an order id, or the customer-day) with its day, purchase and return lines netted.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE).
-- params: $as_of DATE — lines dated before it count; $customer_id VARCHAR — the customer (as stored).
-- out: order_key; order_id (NULL without order ids); first_ts TIMESTAMP [the order's first line]; lines;
--      purchases, returns [currency, returns >= 0: minus the negative lines]; net [currency = purchases −
--      returns]; profit [currency; NULL when a line's profit is unknown]; is_order BOOLEAN [it has a purchase
--      line: an order of the views' counts; false for a return-only key]. Sorted by first_ts, order_key.
SELECT
    coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key,
    min(order_id) AS order_id,
    min(order_ts) AS first_ts,
    count(*) AS lines,
    coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS purchases,
    coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS returns,
    sum(amount) AS net,
    CASE WHEN count(profit) = count(*) THEN sum(profit) END AS profit,
    max(amount) >= 0 AS is_order
FROM transactions
WHERE customer_id = $customer_id AND order_ts < CAST($as_of AS DATE)
GROUP BY coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR))
ORDER BY first_ts, order_key

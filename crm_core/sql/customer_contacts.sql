-- customer_contacts: per customer, the latest known value of every pass-through column (name, phone, …).
-- in : transactions(customer_id, order_ts TIMESTAMP, source_row BIGINT, the canonical columns, and any
--      pass-through columns of the file, as read).
-- params: $as_of DATE — lines dated before it count (the as-of date itself is excluded).
-- out: customer_id, then each pass-through column: its value on the customer's latest line (by order_ts,
--      then file row) where that column is not NULL; NULL when no line has one. With no pass-through
--      columns: customer_id only. One row per customer with a line before $as_of, sorted by customer_id.
-- DuckDB-specific: COLUMNS(lambda …) expands to the pass-through columns (status, refund, quantity,
-- unit_price, discount and referrer exist only when mapped); arg_max skips NULL values.
SELECT
    customer_id,
    arg_max(
        COLUMNS(lambda c: NOT list_contains(['customer_id', 'order_ts', 'amount', 'order_id', 'cost', 'margin',
                                             'profit', 'channel', 'product', 'status', 'refund', 'quantity',
                                             'unit_price', 'discount', 'referrer', 'source_row'], c)),
        struct_pack(ts := order_ts, row_no := source_row)
    )
FROM transactions
WHERE order_ts < CAST($as_of AS DATE)
GROUP BY customer_id
ORDER BY customer_id

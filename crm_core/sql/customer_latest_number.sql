-- customer_latest_number: per customer, the latest non-blank value of one file column read as a number (the
-- estimated total category spend per year for share of wallet, crm_core.loyalty.wallet).
-- in : view _cv_customer_values(customer_id, order_ts TIMESTAMP, source_row BIGINT, v VARCHAR [the column,
--      as read]) — made by crm_core.loyalty.wallet with the relational API (no SQL text from column names);
--      macros blank_text, read_number.
-- params: $as_of DATE — lines dated before it count; $dec VARCHAR — the decimal separator ('.' or ',').
-- out: customer_id; value DOUBLE [the number on the customer's latest line (order_ts, then file row) whose v is
--      not blank; NULL when every line is blank]; source_row BIGINT [that line's file row]; text VARCHAR [v as
--      written]. A value that does not read as a number has value NULL and text set: the caller refuses it.
WITH filled AS (
    SELECT
        customer_id,
        source_row,
        v AS text,
        read_number(try_cast(v AS DOUBLE), v, $dec) AS value,
        row_number() OVER (PARTITION BY customer_id ORDER BY order_ts DESC, source_row DESC) AS latest
    FROM _cv_customer_values
    WHERE order_ts < CAST($as_of AS DATE) AND blank_text(v) IS NOT NULL
)
SELECT customer_id, value, source_row, text
FROM filled
WHERE latest = 1
ORDER BY customer_id

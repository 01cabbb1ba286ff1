-- parsed_lines: table `parsed`, every line of `raw` (duplicates already removed) typed, in file
-- order, with the reason it is rejected (NULL = kept).
-- in : staged(source_row = raw rowid + first row, _cv_in_<role> VARCHAR for each role (NULL if unmapped),
--             <pass-through columns under their output names>); macros parse_amount, parse_timestamp.
-- params: $date_formats VARCHAR[] (strptime formats tried after ISO), $today DATE (later dates
--         rejected), $has_margin, $has_cost BOOLEAN.
-- out: parsed(customer_id VARCHAR, order_ts TIMESTAMP, amount DOUBLE [currency], order_id VARCHAR,
--      cost, margin, profit DOUBLE [currency; margin if given, else amount - cost], channel,
--      product VARCHAR, source_row BIGINT [file row], <pass-through VARCHAR columns>,
--      _cv_reason VARCHAR [a crm_core.schema.REJECT_REASONS id, or NULL]).
-- The blank/unreadable distinction is only computed where parsing failed (a parsed value is never blank).
CREATE OR REPLACE TABLE parsed AS
WITH typed AS (
    SELECT
        *,
        nullif(trim(_cv_in_customer_id), '') AS _cv_customer,
        parse_timestamp(_cv_in_order_ts, $date_formats) AS _cv_ts,
        parse_amount(_cv_in_amount) AS _cv_amount,
        nullif(trim(_cv_in_order_id), '') AS _cv_order_id,
        parse_amount(_cv_in_cost) AS _cv_cost,
        parse_amount(_cv_in_margin) AS _cv_margin,
        nullif(trim(_cv_in_channel), '') AS _cv_channel,
        nullif(trim(_cv_in_product), '') AS _cv_product
    FROM staged
)
SELECT
    _cv_customer AS customer_id,
    _cv_ts AS order_ts,
    _cv_amount AS amount,
    _cv_order_id AS order_id,
    _cv_cost AS cost,
    _cv_margin AS margin,
    CASE WHEN $has_margin THEN _cv_margin WHEN $has_cost THEN _cv_amount - _cv_cost END AS profit,
    _cv_channel AS channel,
    _cv_product AS product,
    COLUMNS(lambda c: NOT starts_with(c, '_cv_')),  -- source_row, then the pass-through columns
    CASE
        WHEN _cv_customer IS NULL THEN 'missing_customer'
        WHEN _cv_ts IS NULL AND (_cv_in_order_ts IS NULL OR trim(_cv_in_order_ts) = '') THEN 'missing_date'
        WHEN _cv_ts IS NULL OR year(_cv_ts) NOT BETWEEN 1900 AND 2199 THEN 'unreadable_date'
        WHEN _cv_amount IS NULL AND (_cv_in_amount IS NULL OR trim(_cv_in_amount) = '') THEN 'missing_amount'
        WHEN _cv_amount IS NULL OR NOT isfinite(_cv_amount) THEN 'unreadable_amount'
        WHEN (_cv_cost IS NULL OR NOT isfinite(_cv_cost)) AND trim(coalesce(_cv_in_cost, '')) <> ''
            THEN 'unreadable_cost'
        WHEN (_cv_margin IS NULL OR NOT isfinite(_cv_margin)) AND trim(coalesce(_cv_in_margin, '')) <> ''
            THEN 'unreadable_margin'
        WHEN CAST(_cv_ts AS DATE) > CAST($today AS DATE) THEN 'future_date'
    END AS _cv_reason
FROM typed

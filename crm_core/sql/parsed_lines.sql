-- parsed_lines: table `parsed`, every line of `raw` (duplicates already removed) typed, in file
-- order, with the reason it is rejected (NULL = kept) and, later, the reason it is excluded.
-- in : staged(_cv_rid = raw rowid, source_row = file row, _cv_in_<role> VARCHAR for each role of
--             crm_core.schema.ROLES (NULL if unmapped), <pass-through columns under their output names>);
--      macros id_text, blank_text, null_marker, read_number, read_timestamp (parse_timestamp).
-- params: $date_formats VARCHAR[] (strptime formats tried after ISO), $today DATE (later dates
--         rejected), $has_margin, $has_cost, $has_refund BOOLEAN, $amount_from_quantity BOOLEAN (amount =
--         quantity x unit price: the file has no line total), $dec_<role> VARCHAR ('.' or ',': the decimal
--         separator of each money or number column, decided from the whole column), $unmapped_columns
--         VARCHAR[] (of refund, quantity, unit_price, discount, status, referrer: the unmapped ones, left out of
--         `parsed`: a column of NULLs still takes 8 bytes a line, 400 MB over five at 10M lines).
-- out: parsed(customer_id VARCHAR, order_ts TIMESTAMP, amount DOUBLE [currency; paid - refund when a
--      refund column is mapped], order_id VARCHAR, cost, margin, profit DOUBLE [currency; margin if given,
--      else amount - cost; NULL where that line's cost or margin is blank], refund, quantity, unit_price,
--      discount DOUBLE [currency, as written, 0 when blank; ingest then negates a column written as negatives],
--      channel, product, status VARCHAR, referrer VARCHAR [id_text, as customer_id], source_row BIGINT [file row], <pass-through
--      VARCHAR columns>, _cv_rid BIGINT, _cv_reason VARCHAR [a crm_core.schema.REJECT_REASONS id, or NULL],
--      _cv_excluded VARCHAR [NULL here; set by exclude_by_status.sql / exclude_item_lines.sql]).
-- A null marker (NULL, N/A, nan, 无 …) is a blank cell: a missing, not an unreadable, value. The costly
-- null-marker test only runs where a value failed to parse (a macro argument is expanded where it is named).
CREATE OR REPLACE TABLE parsed AS
SELECT COLUMNS(lambda c: NOT list_contains($unmapped_columns, c))  -- an unmapped role costs no memory
FROM (
WITH cast_first AS (
    -- the plain fast paths, one cast per number column and for the date; parse_amount and parse_timestamp read
    -- only what they missed.
    -- An unmapped role's CASE folds to NULL when the query is bound: no work per line.
    SELECT
        *,
        try_cast(_cv_in_order_ts AS TIMESTAMP) AS _cv_fast_ts,
        try_cast(_cv_in_amount AS DOUBLE) AS _cv_fast_amount,
        try_cast(_cv_in_cost AS DOUBLE) AS _cv_fast_cost,
        try_cast(_cv_in_margin AS DOUBLE) AS _cv_fast_margin,
        CASE WHEN NOT list_contains($unmapped_columns, 'refund') THEN try_cast(_cv_in_refund AS DOUBLE) END AS _cv_fast_refund,
        CASE WHEN NOT list_contains($unmapped_columns, 'quantity') THEN try_cast(_cv_in_quantity AS DOUBLE) END AS _cv_fast_quantity,
        CASE WHEN NOT list_contains($unmapped_columns, 'unit_price') THEN try_cast(_cv_in_unit_price AS DOUBLE) END AS _cv_fast_unit_price,
        CASE WHEN NOT list_contains($unmapped_columns, 'discount') THEN try_cast(_cv_in_discount AS DOUBLE) END AS _cv_fast_discount
    FROM staged
),
typed AS (
    SELECT
        *,
        id_text(_cv_in_customer_id) AS _cv_customer,
        read_timestamp(_cv_fast_ts, _cv_in_order_ts, $date_formats) AS _cv_ts,  -- a null marker has no digit: NULL
        read_number(_cv_fast_amount, _cv_in_amount, $dec_amount) AS _cv_paid,
        id_text(_cv_in_order_id) AS _cv_order_id,
        read_number(_cv_fast_cost, _cv_in_cost, $dec_cost) AS _cv_cost,
        read_number(_cv_fast_margin, _cv_in_margin, $dec_margin) AS _cv_margin,
        CASE WHEN NOT list_contains($unmapped_columns, 'refund')
             THEN read_number(_cv_fast_refund, _cv_in_refund, $dec_refund) END AS _cv_refund,
        CASE WHEN NOT list_contains($unmapped_columns, 'quantity')
             THEN read_number(_cv_fast_quantity, _cv_in_quantity, $dec_quantity) END AS _cv_quantity,
        CASE WHEN NOT list_contains($unmapped_columns, 'unit_price')
             THEN read_number(_cv_fast_unit_price, _cv_in_unit_price, $dec_unit_price) END AS _cv_unit_price,
        CASE WHEN NOT list_contains($unmapped_columns, 'discount')
             THEN read_number(_cv_fast_discount, _cv_in_discount, $dec_discount) END AS _cv_discount,
        blank_text(_cv_in_channel) AS _cv_channel,
        blank_text(_cv_in_product) AS _cv_product,
        blank_text(_cv_in_status) AS _cv_status,
        CASE WHEN NOT list_contains($unmapped_columns, 'referrer') THEN id_text(_cv_in_referrer) END AS _cv_referrer
    FROM cast_first
),
netted AS (
    SELECT
        *,
        CASE WHEN $amount_from_quantity THEN _cv_quantity * _cv_unit_price ELSE _cv_paid END
            - CASE WHEN $has_refund THEN coalesce(_cv_refund, 0) ELSE 0 END AS _cv_amount
    FROM typed
)
SELECT
    _cv_customer AS customer_id,
    _cv_ts AS order_ts,
    _cv_amount AS amount,
    _cv_order_id AS order_id,
    _cv_cost AS cost,
    _cv_margin AS margin,
    CASE WHEN $has_margin THEN _cv_margin WHEN $has_cost THEN _cv_amount - _cv_cost END AS profit,
    _cv_refund AS refund,
    _cv_quantity AS quantity,
    _cv_unit_price AS unit_price,
    CASE WHEN NOT list_contains($unmapped_columns, 'discount') THEN coalesce(_cv_discount, 0) END AS discount,
    _cv_channel AS channel,
    _cv_product AS product,
    _cv_status AS status,
    _cv_referrer AS referrer,
    COLUMNS(lambda c: NOT starts_with(c, '_cv_')),  -- source_row, then the pass-through columns
    _cv_rid,
    CASE
        WHEN _cv_customer IS NULL THEN 'missing_customer'
        WHEN _cv_ts IS NULL AND null_marker(_cv_in_order_ts) IS NULL THEN 'missing_date'
        WHEN _cv_ts IS NULL OR year(_cv_ts) NOT BETWEEN 1900 AND 2199 THEN 'unreadable_date'
        WHEN $amount_from_quantity AND (_cv_quantity IS NULL OR NOT isfinite(_cv_quantity))
            THEN CASE WHEN null_marker(_cv_in_quantity) IS NULL THEN 'missing_amount' ELSE 'unreadable_quantity' END
        WHEN $amount_from_quantity AND (_cv_unit_price IS NULL OR NOT isfinite(_cv_unit_price))
            THEN CASE WHEN null_marker(_cv_in_unit_price) IS NULL THEN 'missing_amount' ELSE 'unreadable_unit_price' END
        WHEN NOT $amount_from_quantity AND (_cv_paid IS NULL OR NOT isfinite(_cv_paid))
            THEN CASE WHEN null_marker(_cv_in_amount) IS NULL THEN 'missing_amount' ELSE 'unreadable_amount' END
        WHEN _cv_in_refund IS NOT NULL AND (_cv_refund IS NULL OR NOT isfinite(_cv_refund))
             AND null_marker(_cv_in_refund) IS NOT NULL
            THEN 'unreadable_refund'
        WHEN _cv_in_cost IS NOT NULL AND (_cv_cost IS NULL OR NOT isfinite(_cv_cost))
             AND null_marker(_cv_in_cost) IS NOT NULL
            THEN 'unreadable_cost'
        WHEN _cv_in_margin IS NOT NULL AND (_cv_margin IS NULL OR NOT isfinite(_cv_margin))
             AND null_marker(_cv_in_margin) IS NOT NULL
            THEN 'unreadable_margin'
        WHEN _cv_in_discount IS NOT NULL AND (_cv_discount IS NULL OR NOT isfinite(_cv_discount))
             AND null_marker(_cv_in_discount) IS NOT NULL
            THEN 'unreadable_discount'
        WHEN CAST(_cv_ts AS DATE) > CAST($today AS DATE) THEN 'future_date'
    END AS _cv_reason,
    CAST(NULL AS VARCHAR) AS _cv_excluded
FROM netted
)

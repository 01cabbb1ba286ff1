-- parsed_lines: table `parsed`, every distinct line typed, with the reason it is rejected.
-- in : staged(_cv_row, _cv_copies, _cv_in_<role> VARCHAR for each role (NULL if unmapped),
--             <original columns>); macros parse_amount, parse_timestamp.
-- params: $date_formats VARCHAR[] (strptime formats to try), $today DATE (later dates rejected).
-- out: staged's columns plus _cv_customer VARCHAR, _cv_ts TIMESTAMP, _cv_amount DOUBLE
--      [dataset currency], _cv_order_id, _cv_cost, _cv_margin [currency], _cv_channel,
--      _cv_product, _cv_reason VARCHAR (NULL = kept; else a crm_core.schema.REJECT_REASONS id).
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
    *,
    CASE
        WHEN _cv_customer IS NULL THEN 'missing_customer'
        WHEN _cv_in_order_ts IS NULL OR trim(_cv_in_order_ts) = '' THEN 'missing_date'
        WHEN _cv_ts IS NULL OR year(_cv_ts) NOT BETWEEN 1900 AND 2199 THEN 'unreadable_date'
        WHEN _cv_in_amount IS NULL OR trim(_cv_in_amount) = '' THEN 'missing_amount'
        WHEN _cv_amount IS NULL OR NOT isfinite(_cv_amount) THEN 'unreadable_amount'
        WHEN trim(coalesce(_cv_in_cost, '')) <> '' AND (_cv_cost IS NULL OR NOT isfinite(_cv_cost))
            THEN 'unreadable_cost'
        WHEN trim(coalesce(_cv_in_margin, '')) <> '' AND (_cv_margin IS NULL OR NOT isfinite(_cv_margin))
            THEN 'unreadable_margin'
        WHEN CAST(_cv_ts AS DATE) > CAST($today AS DATE) THEN 'future_date'
    END AS _cv_reason
FROM typed

-- discount_signs: how the kept lines write their discounts, to decide the column's sign convention once,
-- from the whole column (crm_core.ingest): some exports write money off as a negative number (-10.00).
-- in : parsed(discount DOUBLE [currency, as written; 0 when blank], _cv_reason VARCHAR [NULL = kept]).
-- params: none.
-- out: one row: positive, negative BIGINT [kept lines with a discount > 0, < 0].
SELECT
    count(*) FILTER (WHERE discount > 0) AS positive,
    count(*) FILTER (WHERE discount < 0) AS negative
FROM parsed
WHERE _cv_reason IS NULL

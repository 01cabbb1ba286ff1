-- macro_parse_amount: parse_amount(s VARCHAR, dec VARCHAR) -> DOUBLE, or NULL when s is blank, a null
-- marker or not a well-formed amount; dec is the column's decimal separator, '.' or ',' (decided from
-- the whole column: crm_core.numbers.decide_decimal over number_style_evidence.sql).
-- Reads money as exports write it: "1234.5", "1,234.50", "￥1,234.50", "￥-1,234.50", "-￥12.00",
-- "$-4.00", "¥(5.00)", "(12.00)", "12.00-", "88元", "RMB 88", fullwidth "－１２.５０", "−12.00"; with
-- dec = ',': "12,50", "€ 1.234,56", "1 234,56". Malformed text is not repaired: "1,2,3", "--12",
-- "(12.00", "1_000" -> NULL (see macro_amount_from_text.sql for the grammar).
-- Fast path: a cell with no "_", no "," (and, for dec = ',', no ".") that DuckDB casts is a plain number.
-- It may cast to a non-finite value ("nan", "inf", "1e999"): parsed_lines tells those apart (a null
-- marker is a missing amount, the rest unreadable). The slow path binds number_text(...) once through a
-- lambda: a macro argument is substituted wherever the body names it, and amount_from_text names its
-- argument eight times. DuckDB-only: CREATE MACRO, list_transform, lambda.
CREATE OR REPLACE TEMP MACRO parse_amount(s, dec) AS (
    CASE
        WHEN s IS NULL THEN NULL  -- first: an unmapped role is a column of NULLs, never the slow path
        WHEN NOT contains(s, '_') AND NOT contains(s, ',') AND (dec = '.' OR NOT contains(s, '.'))
             AND try_cast(s AS DOUBLE) IS NOT NULL
            THEN CAST(s AS DOUBLE)
        ELSE list_transform([number_text(null_marker(s))], lambda t: amount_from_text(t, dec))[1]
    END
);

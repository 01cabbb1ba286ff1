-- number_style_evidence: for one number column, how many cells show which decimal separator, over the
-- WHOLE column (not a sample: a "12,50" may first appear on line 900,000).
-- in : _cv_numbers(source_row BIGINT, v VARCHAR) — a view of one column of `staged` (crm_core.ingest).
-- out: one row: point, comma, ambiguous, point_currency BIGINT and first_row_point, first_row_comma BIGINT [file rows]:
--      point = cells only a decimal point explains ("12.5", "1,234.50", "1,234,567");
--      comma = cells only a decimal comma explains ("12,50", "1.234,56", "1.234.567");
--      ambiguous = cells either reads differently ("1,234" = 1234 or 1.234; "1.234"), first digit 1-9.
--      point_currency = such cells (a separator, three digits after it) that carry a currency whose
--      countries write a decimal point: ￥ ¥ 元 RMB CNY $ USD £ GBP HKD JPY (not €: both are in use).
-- Plain numbers ("1234") are evidence of nothing. Cheap string tests first; the regexes only see cells
-- that hold a comma, or a dot followed by three or more characters.
WITH cells AS (
    SELECT
        source_row,
        v,
        contains(v, ',') AS has_comma,
        length(v) - strpos(v, '.') AS after_dot,
        strpos(v, '.') > 0 AS has_dot
    FROM _cv_numbers
    WHERE v IS NOT NULL
),
classified AS (
    SELECT
        source_row,
        CASE WHEN has_comma THEN regexp_matches(v, ',[0-9]{3}(\.|,[0-9]{3}([^0-9]|$))')
             ELSE has_dot AND after_dot IN (1, 2) END AS is_point,
        CASE WHEN has_comma THEN regexp_matches(v, ',([0-9]{1,2}|[0-9]{4,})([^0-9]|$)|\.[0-9]{3},')
             ELSE has_dot AND after_dot >= 3 AND regexp_matches(v, '^[^0-9]*[0-9]{1,3}(\.[0-9]{3}){2,}([^0-9.]|$)')
        END AS is_comma,
        (has_comma OR (has_dot AND after_dot >= 3))
            AND regexp_matches(v, '^[^0-9.,]*[1-9][0-9]{0,2}[.,][0-9]{3}[^0-9.,]*$') AS is_ambiguous,
        (has_comma OR (has_dot AND after_dot >= 3))
            AND regexp_matches(v, '￥|¥|\$|£|元|RMB|CNY|USD|GBP|HKD|JPY') AS point_currency
    FROM cells
)
SELECT
    count(*) FILTER (WHERE is_point) AS point,
    count(*) FILTER (WHERE is_comma) AS comma,
    count(*) FILTER (WHERE is_ambiguous) AS ambiguous,
    count(*) FILTER (WHERE point_currency) AS point_currency,
    min(source_row) FILTER (WHERE is_point) AS first_row_point,
    min(source_row) FILTER (WHERE is_comma) AS first_row_comma
FROM classified

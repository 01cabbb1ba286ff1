-- number_style_evidence: for one number column, how many cells show which decimal separator, over the
-- WHOLE column (not a sample: a "12,50" may first appear on line 900,000).
-- in : _cv_numbers(source_row BIGINT, v VARCHAR) — a view of one column of `staged` (crm_core.ingest).
-- out: one row: point, comma, ambiguous, point_currency BIGINT and first_row_point, first_row_comma BIGINT [file rows]:
--      point = cells only a decimal point explains ("12.5", "1,234.50", "1,234,567");
--      comma = cells only a decimal comma explains ("12,50", "1.234,56", "1.234.567");
--      ambiguous = cells either reads differently ("1,234" = 1234 or 1.234; "1.234"), first digit 1-9.
--      point_currency = such cells (a separator, three digits after it) that carry a currency whose
--      countries write a decimal point: ￥ ¥ 元 RMB CNY $ USD £ GBP HKD JPY (not €: both are in use).
-- Plain numbers ("1234") are evidence of nothing. Cheap LIKE tests first; the regexes only see cells
-- that hold a comma, or a dot followed by three or more characters.
WITH counted AS (
    -- one cheap pass over the column: plain decimals ("12.5", "12.50") prove a point on their own; only the
    -- cells with a comma or three characters after a dot need a closer look
    SELECT
        count(*) FILTER (WHERE NOT contains(v, ',') AND (v LIKE '%._' OR v LIKE '%.__')) AS plain_point,
        min(source_row) FILTER (WHERE NOT contains(v, ',') AND (v LIKE '%._' OR v LIKE '%.__')) AS plain_point_row
    FROM _cv_numbers
),
cells AS (
    SELECT source_row, v, contains(v, ',') AS has_comma
    FROM _cv_numbers
    WHERE contains(v, ',') OR v LIKE '%.___' OR v LIKE '%.___%.%' OR v LIKE '%.___ %'
),
classified AS (
    SELECT
        source_row,
        CASE WHEN has_comma THEN regexp_matches(v, ',[0-9]{3}(\.|,[0-9]{3}([^0-9]|$))')
             ELSE regexp_matches(v, '\.([0-9]{1,2}|[0-9]{4,})([^0-9]|$)') END AS is_point,
        CASE WHEN has_comma THEN regexp_matches(v, ',([0-9]{1,2}|[0-9]{4,})([^0-9]|$)|\.[0-9]{3},')
             ELSE regexp_matches(v, '^[^0-9]*[0-9]{1,3}(\.[0-9]{3}){2,}([^0-9.]|$)') END AS is_comma,
        regexp_matches(v, '^[^0-9.,]*[1-9][0-9]{0,2}[.,][0-9]{3}[^0-9.,]*$') AS is_ambiguous,
        regexp_matches(v, '^[^0-9.,]*[1-9][0-9]{0,2}[.,][0-9]{3}[^0-9.,]*$')
            AND regexp_matches(v, '￥|¥|\$|£|元|RMB|CNY|USD|GBP|HKD|JPY') AS point_currency
    FROM cells
),
close_look AS (
    SELECT
        count(*) FILTER (WHERE is_point) AS point,
        count(*) FILTER (WHERE is_comma) AS comma,
        count(*) FILTER (WHERE is_ambiguous) AS ambiguous,
        count(*) FILTER (WHERE point_currency) AS point_currency,
        min(source_row) FILTER (WHERE is_point) AS first_row_point,
        min(source_row) FILTER (WHERE is_comma) AS first_row_comma
    FROM classified
)
SELECT
    l.point + c.plain_point AS point,
    l.comma,
    l.ambiguous,
    l.point_currency,
    least(l.first_row_point, c.plain_point_row) AS first_row_point,
    l.first_row_comma
FROM close_look AS l, counted AS c

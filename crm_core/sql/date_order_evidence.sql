-- date_order_evidence: over the WHOLE date column, how many cells are written day-month-year or
-- month-day-year (01/05/2024, 5.1.2024, 05-01-2024 …) and which of the two numbers ever exceeds 12 —
-- the only proof of the order (never the first lines alone: a file may be ambiguous for its first 2,000).
-- in : staged(source_row, _cv_in_order_ts VARCHAR).
-- out: one row: two_numbers_first BIGINT [cells n1/n2/year], first_over_12, second_over_12 BIGINT [cells
--      whose first / second number is 13-31], first_row_first_over_12, first_row_second_over_12 BIGINT [the
--      first file row of each], differ BIGINT [cells where the two numbers differ: the order matters].
-- An anchored test first (one or two digits, then a separator: RE2 stops there), the split only for those.
WITH cells AS (
    SELECT source_row, trim(_cv_in_order_ts) AS v
    FROM staged
    WHERE regexp_matches(_cv_in_order_ts, '^ *[0-9]{1,2}[/.\-]')
),
parts AS (
    SELECT
        source_row,
        try_cast(split_part(replace(replace(v, '.', '/'), '-', '/'), '/', 1) AS INTEGER) AS n1,
        try_cast(split_part(replace(replace(v, '.', '/'), '-', '/'), '/', 2) AS INTEGER) AS n2
    FROM cells
    WHERE regexp_matches(v, '^[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}([^0-9]|$)')
)
SELECT
    count(*) AS two_numbers_first,
    count(*) FILTER (WHERE n1 BETWEEN 13 AND 31) AS first_over_12,
    count(*) FILTER (WHERE n2 BETWEEN 13 AND 31) AS second_over_12,
    min(source_row) FILTER (WHERE n1 BETWEEN 13 AND 31) AS first_row_first_over_12,
    min(source_row) FILTER (WHERE n2 BETWEEN 13 AND 31) AS first_row_second_over_12,
    count(*) FILTER (WHERE n1 <> n2) AS differ
FROM parts

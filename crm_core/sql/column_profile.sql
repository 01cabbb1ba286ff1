-- column_profile: what the values of each column of a bounded sample of `raw` look like, for guessing a
-- column's role when its header says nothing (crm_core.mapping): the same parsing macros as the ingest.
-- in : raw(<VARCHAR columns>); macros parse_amount, parse_timestamp, null_marker. params: $n (lines
--      sampled), $date_formats VARCHAR[] (every format, day- and month-first).
-- out: per column: col VARCHAR, filled BIGINT [non-blank cells], distinct_values, top_count BIGINT [cells of
--      the most common value], amount_share, decimal_share, date_share, integer_share, long_text_share
--      DOUBLE [of the filled cells: readable as an amount / with a decimal part / as a date in 1970-2100
--      (Excel serial numbers excluded: a 5-digit card number is no date) / digits only / over 40
--      characters]. DuckDB-only: UNPIVOT, COLUMNS(lambda).
WITH sample AS (
    SELECT COLUMNS(lambda c: c <> '_cv_source_row') FROM raw LIMIT $n
),
cells AS (
    SELECT col, trim(v) AS v
    FROM (UNPIVOT sample ON COLUMNS(*) INTO NAME col VALUE v)
    WHERE null_marker(v) IS NOT NULL
),
freq AS (
    SELECT col, v, count(*) AS n
    FROM cells
    GROUP BY col, v
),
shapes AS (
    SELECT
        col, n,
        parse_amount(v, '.') IS NOT NULL OR parse_amount(v, ',') IS NOT NULL AS is_amount,
        regexp_matches(v, '[.,][0-9]{1,2}([^0-9]|$)') AS has_decimals,
        NOT regexp_full_match(v, '[0-9]{5}(\.[0-9]+)?')
            AND year(parse_timestamp(v, $date_formats)) BETWEEN 1970 AND 2100 AS is_date,
        regexp_full_match(v, '[0-9]+') AS is_integer,
        length(v) > 40 AS is_long
    FROM freq
)
SELECT
    col,
    sum(n) AS filled,
    count(*) AS distinct_values,
    max(n) AS top_count,
    sum(n) FILTER (WHERE is_amount) / sum(n) AS amount_share,
    sum(n) FILTER (WHERE has_decimals) / sum(n) AS decimal_share,
    sum(n) FILTER (WHERE is_date) / sum(n) AS date_share,
    sum(n) FILTER (WHERE is_integer) / sum(n) AS integer_share,
    sum(n) FILTER (WHERE is_long) / sum(n) AS long_text_share
FROM shapes
GROUP BY col

-- macro_parse_amount: parse_amount(s VARCHAR) -> DOUBLE, or NULL when s is blank or unreadable.
-- Reads money as exports write it: "1234.5", "1,234.50", "￥1,234.50", "¥88", "$12", "€3", "£4",
-- "88元", "RMB 88", "(12.00)" (accounting negative), "-12", "12.00-" (trailing minus).
-- A value without a digit ("nan", "inf", "--") is unreadable; "1e999" gives an infinity, which
-- parsed_lines rejects. Fast path first: a plain number is cast directly; only the rest goes
-- through the regexes. DuckDB-only: CREATE MACRO, regexp_* (one named place).
CREATE OR REPLACE TEMP MACRO parse_amount(s) AS (
    CASE
        WHEN NOT regexp_matches(s, '[0-9]') THEN NULL
        ELSE coalesce(
            try_cast(s AS DOUBLE),
            (CASE WHEN regexp_matches(trim(s), '^[(（].*[)）]$|^[-−].*|.*[-−]$') THEN -1.0 ELSE 1.0 END)
            * try_cast(regexp_replace(
                regexp_replace(s, '[\s,，()（）]|￥|¥|\$|€|£|元|RMB|CNY|USD|EUR|GBP|HKD', '', 'g'),
                '^[-−+＋]|[-−]$', '', 'g') AS DOUBLE)
        )
    END
);

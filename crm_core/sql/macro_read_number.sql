-- macro_read_number: read_number(fast DOUBLE, s VARCHAR, dec VARCHAR) -> DOUBLE: a number cell read with the
-- plain cast already made (fast = try_cast(s AS DOUBLE), a column of parsed_lines' first step) when that cast
-- is a finite number of a decimal-point column and s has no "_" (DuckDB casts "1_000" to 1000); otherwise
-- parse_amount(s, dec), the full grammar. All three arguments are columns: cheap where the body names them.
-- DuckDB-only: CREATE MACRO.
CREATE OR REPLACE TEMP MACRO read_number(fast, s, dec) AS (
    CASE WHEN isfinite(fast) AND dec = '.' AND NOT contains(s, '_') THEN fast ELSE parse_amount(s, dec) END
);

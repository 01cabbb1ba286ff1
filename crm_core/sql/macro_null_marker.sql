-- macro_null_marker: null_marker(s VARCHAR) -> VARCHAR: NULL when s is blank or a null marker
-- exports write for "no value" (NULL, null, N/A, NA, nan, None, -, 无, 空, #N/A, nil), else s unchanged.
-- The length check first keeps the cost of the lower()/trim() to short cells. DuckDB-only: CREATE MACRO.
CREATE OR REPLACE TEMP MACRO null_marker(s) AS (
    CASE
        WHEN strlen(s) <= 8 AND lower(trim(s)) IN ('', 'null', 'n/a', 'na', 'nan', 'none', '-', '无', '空',
                                                   '#n/a', 'nil', 'n.a.', '(null)', '<null>')
            THEN NULL
        ELSE s
    END
);

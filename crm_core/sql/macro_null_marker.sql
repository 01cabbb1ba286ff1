-- macro_null_marker: null_marker(s VARCHAR) -> VARCHAR: NULL when s is blank or a null marker
-- exports write for "no value" (NULL, null, N/A, NA, nan, None, -, 无, 空, #N/A, nil) or only spaces,
-- else s unchanged. The length and first-character checks keep the cost of lower()/trim() to short
-- cells and to cells that start with a space. DuckDB-only: CREATE MACRO.
CREATE OR REPLACE TEMP MACRO null_marker(s) AS (
    CASE
        WHEN strlen(s) <= 8 AND lower(trim(s)) IN ('', 'null', 'n/a', 'na', 'nan', 'none', '-', '无', '空',
                                                   '#n/a', 'nil', 'n.a.', '(null)', '<null>')
            THEN NULL
        WHEN strlen(s) > 8 AND (starts_with(s, ' ') OR starts_with(s, '	')) AND trim(s, ' 	　') = '' THEN NULL
        ELSE s
    END
);

-- macro_null_marker: null_marker(s VARCHAR) -> VARCHAR: NULL when s is blank, only spaces, or a null marker
-- exports write for "no value" (NULL, null, N/A, NA, nan, None, -, 无, 空, #N/A, nil, n.a., (null), <null>),
-- else s unchanged. A marker is at most 6 bytes (无 and 空 are 3) and one of 5 or 6 bytes starts with "(", "<"
-- or a space, so byte length and first byte (constant time) screen out nearly every cell — "天猫", "服装" are
-- 6 bytes — before the one anchored, case-insensitive regex; a longer cell is blank
-- only when it starts with a space and trims to nothing. DuckDB-only: CREATE MACRO, regexp_full_match.
CREATE OR REPLACE TEMP MACRO null_marker(s) AS (
    CASE
        WHEN strlen(s) <= 6
             AND (strlen(s) <= 4 OR starts_with(s, '(') OR starts_with(s, '<') OR starts_with(s, ' '))
             AND regexp_full_match(s, ' *(?i:null|n/a|na|nan|none|-|无|空|#n/a|nil|n\.a\.|\(null\)|<null>)? *')
            THEN NULL
        WHEN strlen(s) > 6 AND starts_with(s, ' ') AND trim(s) = '' THEN NULL
        ELSE s
    END
);

-- macro_null_marker: null_marker(s VARCHAR) -> VARCHAR: NULL when s is blank, only spaces, or a null marker
-- (see macro_blank_text.sql), else s unchanged (not trimmed: the number grammar reads the spaces).
-- Used where a value failed to parse, to tell a missing value from an unreadable one.
-- DuckDB-only: CREATE MACRO.
CREATE OR REPLACE TEMP MACRO null_marker(s) AS (
    CASE WHEN blank_text(s) IS NULL THEN NULL ELSE s END
);

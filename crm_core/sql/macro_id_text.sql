-- macro_id_text: id_text(s VARCHAR) -> VARCHAR: an id cell as the id it stands for — trimmed, NULL when blank
-- or a null marker (see macro_null_marker.sql), and an integer written as a float by a spreadsheet or a
-- pandas dump ("12389.0", "12389.00") read as that integer ("12389"). Any other text is kept as it is.
-- DuckDB-only: CREATE MACRO, regexp_full_match.
CREATE OR REPLACE TEMP MACRO id_text(s) AS (
    CASE
        WHEN null_marker(s) IS NULL THEN NULL
        WHEN contains(s, '.') AND regexp_full_match(trim(s), '[0-9]+\.0+') THEN split_part(trim(s), '.', 1)
        ELSE trim(s)
    END
);

-- macro_id_text: id_text(s VARCHAR) -> VARCHAR: an id cell as the id it stands for — trimmed, NULL when blank
-- or a null marker (see macro_blank_text.sql), and an integer written as a float by a spreadsheet or a
-- pandas dump ("12389.0", "12389.00") read as that integer ("12389"). Any other text is kept as it is.
-- DuckDB-only: CREATE MACRO, regexp_full_match.
CREATE OR REPLACE TEMP MACRO id_text(s) AS (
    blank_text(
        CASE
            WHEN contains(s, '.') AND regexp_full_match(s, ' *[0-9]+\.0+ *') THEN split_part(trim(s), '.', 1)
            ELSE s
        END
    )
);

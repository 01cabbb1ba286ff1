-- raw_line_breaks: the lines of `raw` whose values hold line breaks (quoted multi-line fields such as
-- a 备注 typed with Alt+Enter), in file order; the other lines each take one file line.
-- in : raw(<VARCHAR columns>). params: $newline (the file's line-break character: chr(10), or
--      chr(13) for a file with CR line ends only; a CRLF inside a value counts once).
-- out: row_index BIGINT [raw rowid], breaks BIGINT [line breaks inside the line's values].
-- DuckDB-only: rowid, *COLUMNS(*).
WITH joined AS (
    SELECT rowid AS row_index, concat_ws('', *COLUMNS(*)) AS text
    FROM raw
)
SELECT row_index, CAST(length(text) - length(replace(text, $newline, '')) AS BIGINT) AS breaks
FROM joined
WHERE contains(text, $newline)
ORDER BY row_index

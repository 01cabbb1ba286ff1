-- raw_bad_lines: table `raw_bad_lines`, the lines of a CSV file that are not in `raw` because the
-- reader could not split them into the header's fields (never truncated, shifted or guessed).
-- in : _cv_reject_errors(line, error_type, column_idx, csv_line, error_message) of the last scan;
--      _cv_reject_lines(record BIGINT, source_row BIGINT): the file line of each record whose
--      record number is not its file line (records spanning lines or blank lines before it).
--      params: $header_fields (fields in the header).
-- out: raw_bad_lines(source_row BIGINT [file line, as a text editor numbers it], reason VARCHAR,
--      detail VARCHAR, line VARCHAR [the record's text as in the file]), by source_row. reason:
--      too_many_fields ("5 fields, header has 4"), bad_quotes (a quote not closed, or text after a
--      closing quote), line_too_long, unreadable_line (any other reader error; detail = its message).
CREATE OR REPLACE TABLE raw_bad_lines AS
WITH errors AS (
    SELECT line,
           max(column_idx) FILTER (WHERE error_type = 'TOO MANY COLUMNS') AS fields,
           bool_or(error_type = 'UNQUOTED VALUE') AS bad_quotes,
           bool_or(error_type = 'LINE SIZE OVER MAXIMUM') AS too_long,
           min(error_message) AS message,
           ltrim(rtrim(any_value(csv_line), chr(13) || chr(10)), chr(13) || chr(10)) AS text
    FROM _cv_reject_errors
    GROUP BY line
)
SELECT
    coalesce(m.source_row, CAST(e.line AS BIGINT)) AS source_row,
    CASE
        WHEN e.fields IS NOT NULL THEN 'too_many_fields'
        WHEN e.bad_quotes THEN 'bad_quotes'
        WHEN e.too_long THEN 'line_too_long'
        ELSE 'unreadable_line'
    END AS reason,
    CASE
        WHEN e.fields IS NOT NULL THEN format('{} fields, header has {}', e.fields, $header_fields)
        WHEN e.bad_quotes THEN 'a quoted field is not closed, or has text after its closing quote'
        ELSE e.message
    END AS detail,
    e.text AS line
FROM errors AS e
LEFT JOIN _cv_reject_lines AS m ON m.record = e.line
ORDER BY source_row

-- raw_rejected_records: one row per record the CSV reader set aside (raw_lines_from_csv), in file order.
-- in : _cv_reject_errors(line, error_type, csv_line, error_message) of the last scan. params: $newline
--      (the file's line-break character: chr(10), or chr(13) for a file with CR line ends only).
-- out: record BIGINT [DuckDB's record number: file line when no record spans lines],
--      bad_encoding BOOLEAN [the record is not valid UTF-8], breaks BIGINT [line breaks inside the
--      record's text: a quoted multi-line field, or an unclosed quote running on],
--      line_bytes BIGINT [the record's size when it is longer than the scan's maximum line, else NULL].
WITH records AS (
    SELECT line, bool_or(error_type = 'INVALID ENCODING') AS bad_encoding,
           max(TRY_CAST(regexp_extract(error_message, 'Actual Size:\s*(\d+)', 1) AS BIGINT))
               FILTER (WHERE error_type = 'LINE SIZE OVER MAXIMUM') AS line_bytes,
           trim(any_value(csv_line), chr(13) || chr(10)) AS text
    FROM _cv_reject_errors
    GROUP BY line
)
SELECT CAST(line AS BIGINT) AS record, bad_encoding,
       CAST(length(text) - length(replace(text, $newline, '')) AS BIGINT) AS breaks, line_bytes
FROM records
ORDER BY record

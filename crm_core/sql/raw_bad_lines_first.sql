-- raw_bad_lines_first: the first line set aside by the CSV reader (for the message when no line is left).
-- in : raw_bad_lines(source_row, reason, detail). out: one row (or none): source_row BIGINT [file
-- line], reason, detail VARCHAR. params: none.
SELECT source_row, reason, detail
FROM raw_bad_lines
ORDER BY source_row
LIMIT 1

-- excluded_lines: the excluded lines with their original values, for download.
-- in : excluded(source_row, reason, <original columns>). out: the same, by file row.
SELECT *
FROM excluded
ORDER BY source_row

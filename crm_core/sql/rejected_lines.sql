-- rejected_lines: the rejected lines with their original values, for download.
-- in : rejected(source_row, reason, <original columns>). out: the same, by file row.
SELECT *
FROM rejected
ORDER BY source_row

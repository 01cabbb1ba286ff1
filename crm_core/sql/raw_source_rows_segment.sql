-- raw_source_rows_segment: sets `_cv_source_row` (the file line a record starts on) for one run of
-- raw lines that share the same distance between rowid and file line.
-- in : raw(_cv_source_row). params: $from_row, $to_row (rowids, half-open), $offset [lines]:
--      file line = rowid + $offset. out: raw with those lines' _cv_source_row set.
UPDATE raw
SET _cv_source_row = rowid + $offset
WHERE rowid >= $from_row AND rowid < $to_row

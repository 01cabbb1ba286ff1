-- rejected_add_bad_lines: adds the lines the CSV reader could not split (raw_bad_lines: too many fields,
-- an unclosed quote …) to `rejected`, with the line's text in the column original_line. A script of two
-- statements. in : rejected, raw_bad_lines(source_row, reason, detail, line). out: rejected, in place.
ALTER TABLE rejected ADD COLUMN original_line VARCHAR;
INSERT INTO rejected BY NAME
SELECT source_row, reason, line || '    ← ' || detail AS original_line
FROM raw_bad_lines;

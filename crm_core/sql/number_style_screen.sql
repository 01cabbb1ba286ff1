-- number_style_screen: the one cheap pass of the decimal-separator decision over a whole number column: how
-- many cells could read differently with a decimal comma — a comma anywhere, or three or more characters
-- after a dot ("1.234", "12.345", "1.234.567"). When none does, every cell reads the same with either
-- separator and number_style_evidence.sql (the closer look) is not needed.
-- in : _cv_numbers(source_row BIGINT, v VARCHAR). out: one row, suspicious BIGINT [cells].
SELECT count(*) FILTER (WHERE contains(v, ',') OR v LIKE '%.___%') AS suspicious
FROM _cv_numbers

-- raw_lines_from_csv: table `raw`, every line of a UTF-8 delimited text file as text.
-- in : $path (a UTF-8 file; other encodings are transcoded before), header on the first line;
--      the delimiter (comma, semicolon, tab, pipe) and quoting are sniffed by DuckDB.
-- out: raw(<one VARCHAR column per header name>), in file order (rowid 0 = file line 2).
-- Short lines are padded with NULLs. DuckDB-only: read_csv.
CREATE OR REPLACE TABLE raw AS
SELECT *
FROM read_csv($path, all_varchar = true, header = true, null_padding = true, sample_size = 20480)

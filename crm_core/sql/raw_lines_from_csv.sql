-- raw_lines_from_csv: table `raw`, every line of a UTF-8 delimited text file as text, with the lines
-- the reader cannot split into the header's fields set aside in `_cv_reject_errors`.
-- in : $path (a UTF-8 file; other encodings are transcoded before), $skip (file lines above the
--      header: title rows, blank lines, a sep= line), $columns (STRUCT name -> 'VARCHAR', one per
--      header field, in file order; names made unique in Python), $delimiter, $parallel (false when
--      quoted fields hold line breaks: DuckDB's parallel scanner cannot pad those records),
--      $max_line_size [bytes]. Nothing is sniffed: the quote is always '"' (escaped by doubling),
--      so quoting that first appears on line 30,000 is still read; the line break is \n, \r\n or \r.
-- out: raw(<one VARCHAR column per header name>), in file order (rowid 0 = the first data record).
--      Short lines are padded with NULLs; empty lines are skipped. A line with more fields than the
--      header, an unclosed quote or invalid UTF-8 is not in raw: it is one or more rows of the temp
--      table _cv_reject_errors(line = record number counted from the file's first line, error_type,
--      column_idx, csv_line = the record's text), read by raw_rejected_records / raw_bad_lines.
-- DuckDB-only: read_csv, store_rejects.
CREATE OR REPLACE TABLE raw AS
SELECT *
FROM read_csv(
    $path,
    auto_detect = false,
    columns = $columns,
    header = true,
    skip = $skip,
    delim = $delimiter,
    quote = '"',
    escape = '"',
    null_padding = true,
    strict_mode = true,
    parallel = $parallel,
    max_line_size = $max_line_size,
    store_rejects = true,
    rejects_table = '_cv_reject_errors',
    rejects_scan = '_cv_reject_scans',
    rejects_limit = 0,
    rejects_line_size_limit = $max_line_size
)

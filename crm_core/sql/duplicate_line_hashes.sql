-- duplicate_line_hashes: temp table `_cv_dup_hashes`, the hashes that more than one raw line has.
-- Step 1 of the exact de-duplication: one pass over `raw` hashing every line; only lines whose
-- hash repeats are candidates for step 2 (duplicate_copies), which compares them exactly.
-- in : raw(<VARCHAR columns>). out: _cv_dup_hashes(_h UBIGINT). The file row column _cv_source_row (Excel, multi-line records) is not part of a line.
-- DuckDB-only: hash(*COLUMNS(lambda c: c <> '_cv_source_row')).
CREATE OR REPLACE TEMP TABLE _cv_dup_hashes AS
SELECT _h
FROM (SELECT hash(*COLUMNS(lambda c: c <> '_cv_source_row')) AS _h FROM raw)
GROUP BY _h
HAVING count(*) > 1

-- duplicate_candidates: temp table `_cv_dup_candidates`, the rowids of the raw lines whose hash another line
-- shares: the only lines that can be exact copies. Step 1 of the exact de-duplication; step 2
-- (duplicate_copies) compares these lines on every column, so a hash collision never merges two lines.
-- Each line is hashed ONCE: the (rowid, hash) pairs are a materialized CTE read twice (the repeated hashes,
-- then the lines that have one) and freed with the statement. Hashing the ~1 GB of text of a 10M-line file
-- is the costly part (about 0.3 CPU-s per 2M lines); hashing again to find the lines cost as much again.
-- in : raw(<VARCHAR columns>). out: _cv_dup_candidates(_r BIGINT = raw rowid).
-- The file row column _cv_source_row (Excel, multi-line records) is not part of a line.
-- DuckDB-only: rowid, hash(*COLUMNS(lambda c: c <> '_cv_source_row')), AS MATERIALIZED.
CREATE OR REPLACE TEMP TABLE _cv_dup_candidates AS
WITH line_hashes AS MATERIALIZED (
    SELECT rowid AS _r, hash(*COLUMNS(lambda c: c <> '_cv_source_row')) AS _h
    FROM raw
),
repeated AS (
    SELECT _h
    FROM line_hashes
    GROUP BY _h
    HAVING count(*) > 1
)
SELECT _r
FROM line_hashes
SEMI JOIN repeated USING (_h)

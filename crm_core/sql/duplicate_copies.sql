-- duplicate_copies: temp table `_cv_removed`, the rowids of raw lines that repeat an earlier line
-- exactly (every column equal, NULLs equal): every copy but the first in file order.
-- Step 2 of the de-duplication: only the candidate lines (_cv_dup_candidates: their hash repeats) are
-- grouped on all their columns, so a hash collision can never merge two different lines. `rowid IN` a
-- small set reads just those lines of raw (not a scan of every line).
-- in : raw(<VARCHAR columns>), _cv_dup_candidates(_r). out: _cv_removed(_r BIGINT = raw rowid).
-- The file row column _cv_source_row (Excel, multi-line records) is not part of a line.
-- DuckDB-only: rowid, COLUMNS(*), GROUP BY ALL, list/unnest.
CREATE OR REPLACE TEMP TABLE _cv_removed AS
WITH candidate_groups AS (
    SELECT min(rowid) AS _keep, list(rowid) AS _rows, COLUMNS(lambda c: c <> '_cv_source_row')
    FROM raw
    WHERE rowid IN (SELECT _r FROM _cv_dup_candidates)
    GROUP BY ALL
)
SELECT _r
FROM (SELECT unnest(_rows) AS _r, _keep FROM candidate_groups)
WHERE _r <> _keep

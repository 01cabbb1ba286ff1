-- removed_count: how many duplicate copies the de-duplication found.
-- in : _cv_removed(_r). out: one row, n BIGINT.
SELECT count(*) AS n
FROM _cv_removed

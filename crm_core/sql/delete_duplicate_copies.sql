-- delete_duplicate_copies: removes the duplicate copies (_cv_removed) from `raw`. Deleting marks
-- rows only: the rowids of the other lines (their file rows) do not change.
-- in : raw, _cv_removed(_r). out: nothing.
DELETE FROM raw
WHERE rowid IN (SELECT _r FROM _cv_removed)

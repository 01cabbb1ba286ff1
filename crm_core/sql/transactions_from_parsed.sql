-- transactions_from_parsed: turns `parsed` into `transactions` in place (no copy of the lines):
-- the rejected and excluded lines are deleted, the work columns dropped, the table renamed. A script of
-- several statements, run together. in : parsed. out: transactions (parsed's columns less _cv_*).
DELETE FROM parsed WHERE _cv_reason IS NOT NULL OR _cv_excluded IS NOT NULL;
ALTER TABLE parsed DROP COLUMN _cv_reason;
ALTER TABLE parsed DROP COLUMN _cv_excluded;
ALTER TABLE parsed DROP COLUMN _cv_rid;
ALTER TABLE parsed RENAME TO transactions;

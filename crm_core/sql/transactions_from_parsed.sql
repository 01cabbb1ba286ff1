-- transactions_from_parsed: turns `parsed` into `transactions` in place (no copy of the lines):
-- the rejected lines are deleted, the reason column dropped, the table renamed. A script of three
-- statements, run together. in : parsed. out: transactions (parsed's columns less _cv_reason).
DELETE FROM parsed WHERE _cv_reason IS NOT NULL;
ALTER TABLE parsed DROP COLUMN _cv_reason;
ALTER TABLE parsed RENAME TO transactions;

-- rejected_from_parsed: table `rejected`, the lines with a reject reason and their ORIGINAL values
-- (joined back to `raw` by rowid), in file order.
-- in : parsed(source_row, _cv_rid, _cv_reason), raw(<VARCHAR columns>).
-- out: rejected(source_row BIGINT [file row], reason VARCHAR, <raw columns as read>); a raw column
--      named like source_row or reason gets the suffix _1 (DuckDB's rule for duplicate names).
CREATE OR REPLACE TABLE rejected AS
SELECT p.source_row, p._cv_reason AS reason, r.* EXCLUDE (_cv_rowid)
FROM (SELECT source_row, _cv_rid, _cv_reason FROM parsed WHERE _cv_reason IS NOT NULL) AS p
JOIN (SELECT rowid AS _cv_rowid, COLUMNS(lambda c: c <> '_cv_source_row') FROM raw) AS r ON r._cv_rowid = p._cv_rid
ORDER BY p.source_row

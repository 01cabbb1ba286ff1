-- excluded_from_parsed: table `excluded`, the readable lines left out by their order's status or as
-- item lines of an order counted once, with their ORIGINAL values (joined back to `raw`), in file order.
-- in : parsed(source_row, _cv_rid, _cv_excluded), raw(<VARCHAR columns>).
-- out: excluded(source_row BIGINT [file row], reason VARCHAR [a schema.EXCLUDE_REASONS id], <raw columns>).
CREATE OR REPLACE TABLE excluded AS
SELECT p.source_row, p._cv_excluded AS reason, r.* EXCLUDE (_cv_rowid)
FROM (SELECT source_row, _cv_rid, _cv_excluded FROM parsed WHERE _cv_excluded IS NOT NULL) AS p
JOIN (SELECT rowid AS _cv_rowid, COLUMNS(lambda c: c <> '_cv_source_row') FROM raw) AS r ON r._cv_rowid = p._cv_rid
ORDER BY p.source_row

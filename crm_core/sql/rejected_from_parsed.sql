-- rejected_from_parsed: table `rejected`, the lines with a reject reason and their ORIGINAL values
-- (joined back to `raw` by rowid), in file order.
-- in : parsed(source_row, _cv_reason), raw(<VARCHAR columns>). params: $first_row.
-- out: rejected(source_row BIGINT [file row], reason VARCHAR, <raw columns as read>); a raw column
--      named like source_row or reason gets the suffix _1 (DuckDB's rule for duplicate names).
CREATE OR REPLACE TABLE rejected AS
SELECT p.source_row, p._cv_reason AS reason, raw.*
FROM (SELECT source_row, _cv_reason FROM parsed WHERE _cv_reason IS NOT NULL) AS p
JOIN raw ON raw.rowid = p.source_row - $first_row
ORDER BY p.source_row

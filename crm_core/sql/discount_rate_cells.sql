-- discount_rate_cells: the cells of the mapped discount column that are written as a RATE, not money:
-- "9折", "8.5折", "90%", "90％" (a discount column must hold the money given off the line; a rate read as
-- money would be a wrong number in silence, so the ingest refuses the column with these rows).
-- in : staged(source_row BIGINT [file row], _cv_in_discount VARCHAR [the discount column's text]).
-- params: none.
-- out: one row: cells BIGINT [count of rate cells], first_rows BIGINT[] [their first 10 file rows],
--      examples VARCHAR[] [up to 3 distinct such cells, as written].
WITH rate_cells AS (
    SELECT source_row, trim(_cv_in_discount) AS cell
    FROM staged
    WHERE _cv_in_discount LIKE '%!%%' ESCAPE '!' OR _cv_in_discount LIKE '%％%' OR _cv_in_discount LIKE '%折%'
)
SELECT
    count(*) AS cells,
    (SELECT list(source_row ORDER BY source_row) FROM (SELECT source_row FROM rate_cells
                                                       ORDER BY source_row LIMIT 10) AS f) AS first_rows,
    (SELECT list(cell ORDER BY cell) FROM (SELECT DISTINCT cell FROM rate_cells ORDER BY cell LIMIT 3) AS e)
        AS examples
FROM rate_cells

-- transactions_preview: the first $n kept lines in file order, as loaded (canonical + pass-through columns).
-- in : transactions. params: $n (lines).
SELECT *
FROM transactions
ORDER BY source_row
LIMIT $n

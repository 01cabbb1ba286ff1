-- exclude_item_lines: for an export that writes an order's money on its first item line only (Shopify),
-- the order's other item lines — blank amount, an order id that another line of the file has with an
-- amount — are not missing amounts: they are excluded as 'item_line' (their order counts once).
-- in : parsed(order_id, amount, _cv_reason, _cv_excluded). out: parsed updated in place.
UPDATE parsed
SET _cv_reason = NULL, _cv_excluded = 'item_line'
WHERE _cv_reason = 'missing_amount'
  AND order_id IN (SELECT order_id FROM parsed WHERE amount IS NOT NULL AND order_id IS NOT NULL)

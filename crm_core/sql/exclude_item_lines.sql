-- exclude_item_lines: for an export that writes an order's money on its first item line only (Shopify),
-- the order's other item lines — blank amount, an order id that another line of the file has with an
-- amount — are not missing amounts: they are excluded, with their order's reason when the order itself
-- is excluded (cancelled, unpaid, refunded), else as 'item_line' (the order counts once, on its first line).
-- Run after exclude_by_status. in : parsed(order_id, amount, _cv_reason, _cv_excluded).
-- out: parsed updated in place.
UPDATE parsed
SET _cv_reason = NULL, _cv_excluded = coalesce(o.reason, 'item_line')
FROM (
    SELECT order_id, max(_cv_excluded) AS reason
    FROM parsed
    WHERE amount IS NOT NULL AND order_id IS NOT NULL
    GROUP BY order_id
) AS o
WHERE parsed._cv_reason = 'missing_amount' AND parsed.order_id = o.order_id

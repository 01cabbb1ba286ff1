-- exclude_by_status: marks the kept lines of `parsed` whose order status says the order did not happen
-- (cancelled / closed, unpaid, fully refunded): they get the exclusion reason and leave every computation.
-- in : parsed(status VARCHAR, _cv_reason, _cv_excluded), status_rules(status VARCHAR [as
--      crm_core.layouts.normalise_status writes it], reason VARCHAR [a schema.EXCLUDE_REASONS id]).
-- out: parsed._cv_excluded set in place. A status is compared trimmed, lower case, without "wc-".
UPDATE parsed
SET _cv_excluded = r.reason
FROM status_rules AS r
WHERE parsed._cv_reason IS NULL
  AND r.status = CASE WHEN starts_with(lower(trim(parsed.status)), 'wc-') THEN substr(lower(trim(parsed.status)), 4)
                      ELSE lower(trim(parsed.status)) END

-- negate_discount: a discount column written as negative numbers (no kept line has a positive discount)
-- stored as the size of the money given off: discount = -discount on every line (crm_core.ingest decides).
-- in : parsed(discount DOUBLE [currency]). params: none. out: parsed, discount >= 0 [currency].
UPDATE parsed SET discount = -discount WHERE discount IS NOT NULL

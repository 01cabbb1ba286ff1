-- macro_amount_from_text: amount_from_text(t VARCHAR, dec VARCHAR) -> DOUBLE or NULL, the slow path of
-- reading an amount, for a cell already through number_text (ASCII digits and signs, currency = '§').
-- Grammar (whole cell): [§] [sign] [§] number [§] [- or )] [§], sign = - + or (; at most one sign, or a
-- ( ) pair; number = digits with an optional decimal part after dec, or 1-3 digits then groups of
-- three after ',' '.' (the one that is not dec), ' ' or "'". Negative when the sign is - or ( ).
-- So "1,2,3", "--12", "-12-", "(12.00", "1_000", "12..3", "1-2" are NULL (unreadable), never repaired.
-- DuckDB-only: CREATE MACRO, regexp_*.
CREATE OR REPLACE TEMP MACRO amount_from_text(t, dec) AS (
    CASE
        WHEN NOT CASE WHEN dec = ','
                 THEN regexp_full_match(t, ' *§? *[-+(]? *§? *([0-9]{1,3}([. \x27][0-9]{3})+(,[0-9]*)?|[0-9]+(,[0-9]*)?|,[0-9]+) *§? *[-)]? *§? *')
                 ELSE regexp_full_match(t, ' *§? *[-+(]? *§? *([0-9]{1,3}([, \x27][0-9]{3})+(\.[0-9]*)?|[0-9]+(\.[0-9]*)?|\.[0-9]+) *§? *[-)]? *§? *')
                 END
            THEN NULL
        WHEN contains(t, '(') <> contains(t, ')') OR t LIKE '%-%-%' OR (contains(t, '+') AND contains(t, '-'))
            THEN NULL
        ELSE (CASE WHEN contains(t, '-') OR contains(t, '(') THEN -1.0 ELSE 1.0 END)
             * CAST(CASE WHEN dec = ',' THEN replace(regexp_replace(t, '[^0-9,]', '', 'g'), ',', '.')
                         ELSE regexp_replace(t, '[^0-9.]', '', 'g') END AS DOUBLE)
    END
);

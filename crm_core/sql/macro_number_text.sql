-- macro_number_text: number_text(s VARCHAR) -> VARCHAR: s with fullwidth digits, signs and separators
-- (０-９ － ＋ ， ． （ ）), the minus sign U+2212 and exotic spaces (ideographic, no-break, thin, narrow
-- no-break) written as their ASCII forms, and every currency word or sign (￥ ¥ $ € £ 元 RMB CNY USD EUR
-- GBP HKD JPY US$ HK$) replaced by the marker '§', which amount_from_text's grammar allows only at the
-- edges of a number. translate() only runs on cells that hold one of those characters (it is the costly
-- step). DuckDB-only: CREATE MACRO, regexp_*.
CREATE OR REPLACE TEMP MACRO number_text(s) AS (
    regexp_replace(
        CASE
            WHEN regexp_matches(s, '[０-９－−＋，．（）　   ]')
                THEN translate(s, '０１２３４５６７８９－−＋，．（）　   ',
                               '0123456789--+,.()    ')
            ELSE s
        END,
        'US\$|HK\$|RMB|CNY|USD|EUR|GBP|HKD|JPY|￥|¥|\$|€|£|元', '§', 'g')
);

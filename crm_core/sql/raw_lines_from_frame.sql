-- raw_lines_from_frame: table `raw` from the registered all-text frame `raw_frame`
-- (an Excel sheet read by openpyxl). out: raw(<one VARCHAR column per header>), in sheet order.
CREATE OR REPLACE TABLE raw AS
SELECT CAST(COLUMNS(*) AS VARCHAR)
FROM raw_frame

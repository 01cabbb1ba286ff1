-- macro_parse_timestamp: parse_timestamp(s VARCHAR, formats VARCHAR[]) -> TIMESTAMP, or NULL.
-- Tries, in order: an ISO cast ("2024-01-05", "2024-1-5 13:45", "2024-01-05T13:45:00Z",
-- "2024/01/05"), the strptime formats given (e.g. "%Y/%m/%d %H:%M", "%Y年%m月%d日", "%Y%m%d"),
-- then an Excel serial day number (days since 1899-12-30, fraction = time of day; accepted
-- between 20000 = 1954-10-03 and 73050 = 2099-12-31 so that ids are not read as dates).
-- parsed_lines rejects years outside 1900..2199. DuckDB-only: CREATE MACRO, try_strptime.
CREATE OR REPLACE TEMP MACRO parse_timestamp(s, formats) AS (
    CASE
        WHEN NOT regexp_matches(s, '[0-9]') THEN NULL
        ELSE coalesce(
            try_cast(s AS TIMESTAMP),
            try_cast(trim(s) AS TIMESTAMP),
            try_strptime(trim(s), formats),
            CASE
                WHEN regexp_full_match(trim(s), '[0-9]{5}(\.[0-9]+)?')
                     AND try_cast(trim(s) AS DOUBLE) BETWEEN 20000 AND 73050
                THEN TIMESTAMP '1899-12-30'
                     + to_microseconds(CAST(round(CAST(trim(s) AS DOUBLE) * 86400000000) AS BIGINT))
            END
        )
    END
);

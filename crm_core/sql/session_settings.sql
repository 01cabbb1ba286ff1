-- session_settings: the settings of every store's connection that cannot be given at connect time.
-- DuckDB's progress bar would print over the command line's own output (and into logs) on long queries.
-- in : nothing. out: nothing. DuckDB-only: SET.
SET enable_progress_bar = false

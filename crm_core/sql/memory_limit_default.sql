-- memory_limit_default: DuckDB's own memory limit (80 % of the machine's memory) instead of the cap a store was
-- opened with. The command line lifts the ingest's cap (crm_core.store.memory_limit_for: 2.3 × the file) once the
-- file is loaded: the analyses that follow (churn features, month-by-month stages) spill under it at 10M lines
-- (bench/README.md). The app keeps each session's cap (the workshop's limit). in : nothing. out: nothing.
-- DuckDB-only: RESET.
RESET memory_limit

"""Independent tests of the ingest against realistic shop exports (generator + oracle, no product code)."""

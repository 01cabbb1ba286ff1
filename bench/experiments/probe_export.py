"""customers.csv of the CLI `report` (1M customers): pandas to_csv (crm_core.export) vs pyarrow / DuckDB COPY.

    python bench/experiments/probe_export.py bench/out/orders_10000000.csv
"""
import io
import sys
import time

sys.path[:0] = ["/work/main", "/work/main/bench"]
import pyarrow as pa  # noqa: E402
import pyarrow.csv as pacsv  # noqa: E402

from crm_core.customers import customer_table  # noqa: E402
from crm_core.export import spreadsheet_safe, to_csv_bytes  # noqa: E402
from crm_core.ingest import ingest_file  # noqa: E402

store, report = ingest_file(sys.argv[1])
ct = customer_table(store, report.default_as_of)
t = time.perf_counter()
b1 = to_csv_bytes(ct)
print(f"crm_core to_csv_bytes (pandas to_csv)      {time.perf_counter() - t:6.2f} s  {len(b1) / 2**20:.0f} MiB")
t = time.perf_counter()
safe = spreadsheet_safe(ct)
buf = io.BytesIO()
buf.write("\ufeff".encode())
pacsv.write_csv(pa.Table.from_pandas(safe, preserve_index=False), buf)
print(f"spreadsheet_safe + pyarrow.csv.write_csv  {time.perf_counter() - t:6.2f} s  {buf.tell() / 2**20:.0f} MiB")
t = time.perf_counter()
store.con.register("ct_frame", safe)
store.con.execute("COPY ct_frame TO '/work/main/bench/out/check/ct_copy.csv' (HEADER)")
print(f"spreadsheet_safe + DuckDB COPY             {time.perf_counter() - t:6.2f} s")

"""Where a page's warm script run goes: the page opened twice under AppTest (the second session warm), the second
run profiled in the script thread (bench/page_profile.py), the top functions by cumulative time printed.

    python bench/profile_page.py rfm [--lines 40]
"""

from __future__ import annotations

import argparse
import os
import pstats
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("page")
    p.add_argument("--lines", type=int, default=40)
    a = p.parse_args(argv)
    os.environ["BENCH_PAGE"] = a.page
    for _ in range(2):  # the first session fills the caches; the second is the one a participant sees
        at = AppTest.from_file(str(HERE / "page_profile.py"), default_timeout=600)
        at.session_state["lang"] = "en"
        at.run()
        if at.exception:
            print(at.exception[0].value, file=sys.stderr)
            return 1
    at.run()  # a rerun of the warm session: every view cached
    prof = at.session_state["_bench_profiles"][-1]
    stats = pstats.Stats(prof)
    print(f"{a.page}: warm rerun {stats.total_tt:.3f} s of profiled time")
    stats.sort_stats("cumulative").print_stats(a.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())

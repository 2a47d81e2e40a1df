"""Benchmark: build the demo agency (all its years) and print time, pages and site size.

    python scripts/bench_build.py [--agency agencies/demo] [--runs 3]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oitsite.build import build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agency", default=str(ROOT / "agencies" / "demo"))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    times = []
    for _ in range(args.runs):
        out = Path(tempfile.mkdtemp()) / "site"
        t0 = time.perf_counter()
        res = build(Path(args.agency), out)
        times.append(time.perf_counter() - t0)
    html = list(out.rglob("*.html"))
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    item_pages = [p for p in html if p.parent.parent.name == "oit" and p.name.startswith("o")]
    print(f"agency: {args.agency}")
    print(f"years: {', '.join(map(str, res.years))}")
    print(f"pages (Sphinx documents): {res.pages}; html files: {len(html)}; O-item pages: {len(item_pages)}")
    print(f"build seconds: median {statistics.median(times):.2f} (runs: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"site size: {total / 1024:.0f} KB in {sum(1 for p in out.rglob('*') if p.is_file())} files")
    sizes = sorted(len(gzip.compress(p.read_bytes())) for p in item_pages)
    if sizes:
        print(f"O-item page HTML gzip: median {statistics.median(sizes) / 1024:.1f} KB, max {sizes[-1] / 1024:.1f} KB")


if __name__ == "__main__":
    main()

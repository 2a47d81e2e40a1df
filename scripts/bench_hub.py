"""Benchmark: many agencies from one repository (``oitsite hub build``).

Generates N agencies (copies of agencies/demo with one year, each with its own slug, name and a
little different data), builds them as a hub and prints, for each N: total and per-agency time,
peak memory (the parent and the largest worker), output bytes per agency (the agency folder
alone, and the hub's growth per additional agency including its share of ``_shared/``), and the
cost of an incremental rebuild after one data file of one agency changed — against a standalone
single-agency ``oitsite build`` of the same agency (time and bytes).

    python scripts/bench_hub.py [--sizes 1,8,32] [--year 2569] [-j auto] [--keep DIR]

Goals (issue 17, 2 cores): per-agency time flat in N (≤ 1.1× from 8 to 32); incremental rebuild
of one agency ≤ 1.5× a single-agency build; output per additional agency ≤ 25 % of a standalone site.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oitsite.hub.build import build_hub
from oitsite.hub.shared import POOL
from oitsite.site.build import build

DEMO = ROOT / "agencies" / "demo"
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def make_agency(dst: Path, k: int, year: int) -> Path:
    """Agency number ``k``: the demo with another slug, name, address and phone, one year."""
    shutil.copytree(DEMO, dst)
    name = f"บ้านทดลอง{str(k).translate(THAI_DIGITS)}"
    for p in sorted(dst.rglob("*")):
        if p.suffix in {".yaml", ".md"}:
            text = p.read_text(encoding="utf-8").replace("บ้านตัวอย่าง", name)
            if p.name == "agency.yaml":
                text = re.sub(r"(?ms)^years:\n(?:  - \d+\n)+", f"years:\n  - {year}\n", text)
                text = re.sub(r"(?m)^current_year: .*$", f"current_year: {year}", text)
                text = re.sub(r"(?m)^site_url: .*$", f"site_url: https://hub.example/ban-{k:03d}/", text)
                text = re.sub(r'(?m)^phone: .*$', f'phone: "0 7200 {k:04d}"', text)
            p.write_text(text, encoding="utf-8")
    return dst


def make_agencies(root: Path, n: int, year: int) -> Path:
    root.mkdir(parents=True)
    for k in range(1, n + 1):
        make_agency(root / f"ban-{k:03d}", k, year)
    return root


def peak_mb() -> tuple[float, float]:
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,8,32", help="numbers of agencies (e.g. 1,8,32,128)")
    ap.add_argument("--year", type=int, default=2569)
    ap.add_argument("-j", "--jobs", default="auto")
    ap.add_argument("--keep", help="build here and keep the outputs (default: a temporary folder)")
    args = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01: reproducible, inside FY 2569
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs = args.jobs if args.jobs == "auto" else int(args.jobs)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-hub-"))
    work.mkdir(parents=True, exist_ok=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"bench_hub: {cores} cores, jobs={args.jobs}, year {args.year}, work {work}")

    one = make_agency(work / "standalone-src" / "ban-001", 1, args.year)
    t = time.perf_counter()
    build(one, work / "standalone", [args.year], allow_incomplete=True, jobs=1)
    single_s = time.perf_counter() - t
    single_b = size(work / "standalone")
    print(f"standalone oitsite build (1 agency, -j 1): {single_s:.1f} s, {single_b / 1e6:.2f} MB")

    rows = []
    totals: dict[int, int] = {}
    for n in sizes:
        src = make_agencies(work / f"agencies-{n}", n, args.year)
        out = work / f"hub-{n}"
        t = time.perf_counter()
        res = build_hub(src, out, allow_incomplete=True, jobs=jobs)
        secs = time.perf_counter() - t
        failed = [o.slug for o in res.failed]
        agency_b = sum(size(out / o.slug) for o in res.outcomes) / n
        pool_b = size(out / POOL)
        totals[n] = size(out)
        mem_self, mem_child = peak_mb()
        # incremental: one data file of one agency changes
        p = src / "ban-001" / "data" / "contact.yaml"
        p.write_text(p.read_text(encoding="utf-8") + "\n# แก้ไขหนึ่งบรรทัด\n", encoding="utf-8")
        t = time.perf_counter()
        inc = build_hub(src, out, allow_incomplete=True, jobs=jobs)
        inc_s = time.perf_counter() - t
        rebuilt = [o.slug for o in inc.by_state("built")]
        rows.append((n, secs, secs / n, mem_self, mem_child, agency_b, pool_b, inc_s, rebuilt, failed))
        print(f"N={n:4d}: total {secs:7.1f} s, per agency {secs / n:5.2f} s, peak RSS parent {mem_self:.0f} MB / "
              f"largest worker {mem_child:.0f} MB, agency folder {agency_b / 1e6:.2f} MB, _shared {pool_b / 1e6:.2f} MB, "
              f"hub total {totals[n] / 1e6:.1f} MB; incremental (1 file of 1 agency) {inc_s:.1f} s, rebuilt {rebuilt}"
              + (f", FAILED {failed}" if failed else ""), flush=True)
        if not args.keep:
            shutil.rmtree(src)

    print("\ngoals:")
    per = {r[0]: r[2] for r in rows}
    if 8 in per and 32 in per:
        print(f"  per-agency time 32 vs 8: {per[32] / per[8]:.2f}× (goal ≤ 1.10×)")
    for r in rows:
        print(f"  N={r[0]}: incremental rebuild {r[7]:.1f} s = {r[7] / single_s:.2f}× a standalone single-agency build "
              f"(goal ≤ 1.5×)")
    ns = sorted(totals)
    if len(ns) >= 2 and ns[0] == 1:
        for n in ns[1:]:
            extra = (totals[n] - totals[1]) / (n - 1)
            print(f"  output per additional agency (N=1→{n}): {extra / 1e6:.2f} MB = {100 * extra / single_b:.0f} % "
                  f"of a standalone site (goal ≤ 25 %)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

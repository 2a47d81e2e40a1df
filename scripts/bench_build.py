"""Benchmark: the demo build, side by side in one run.

* ``oitsite build -j 1`` against ``-j auto`` (Sphinx's parallel read and write);
* oitsite against plain ``sphinx-build`` of the same generated sources with the same conf.py
  and theme (the overhead of checking, exports, CSP and the atomic swap);
* where the time of a ``-j 1`` build goes (cProfile, by stage);
* pages, site size and item-page weight.

    python scripts/bench_build.py [--agency agencies/demo] [--runs 3] [--no-profile]
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oitsite.check.site import load_site  # noqa: E402
from oitsite.site.build import build, jobs_for, project_root  # noqa: E402
from oitsite.site.render import write_sources  # noqa: E402

#: (label, function name as cProfile records it, file fragment) of the stages printed
STAGES = [
    ("check (load + validate all years)", "load_site", "oitsite/check/site.py"),
    ("page sources (Jinja skeletons)", "write_sources", "oitsite/site/render.py"),
    ("Sphinx read (parse, directives)", "read", "sphinx/builders/__init__.py"),
    ("  oitsite directives", "run", "oitsite/site/extension.py"),
    ("  search terms (PyThaiNLP)", "doctree_read", "oitsite/site/search.py"),
    ("Sphinx write (HTML, theme)", "write", "sphinx/builders/__init__.py"),
    ("  theme navigation (sidebar)", "root", "_templates/sbt-sidebar-nav.html"),
    ("CSS bundle + purge", "write_bundle", "oitsite/site/frontend.py"),
    ("search index file", "build_finished", "oitsite/site/search.py"),
    ("attachments, manifests, /admin/, CSP", "_write_extras", "oitsite/site/build.py"),
    ("  CSP hashes", "apply_csp", "oitsite/site/build.py"),
]


def timed_build(agency: Path, jobs: int | str) -> float:
    out = Path(tempfile.mkdtemp()) / "site"
    t0 = time.perf_counter()
    build(agency, out, jobs=jobs)
    dt = time.perf_counter() - t0
    shutil.rmtree(out.parent, ignore_errors=True)
    return dt


def timed_sphinx(agency: Path, src: Path, jobs: str) -> float:
    """Plain sphinx-build of the generated sources (same conf.py, theme and extensions)."""
    out = Path(tempfile.mkdtemp())
    env = dict(os.environ, OITSITE_AGENCY=str(agency.resolve()))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-E", "-q", "-j", jobs, "-c", str(ROOT),
                    str(src), str(out / "html")], check=True, env=env, stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    shutil.rmtree(out, ignore_errors=True)
    return dt


def fmt(times: list[float]) -> str:
    return f"{statistics.median(times):6.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})"


def profile(agency: Path) -> None:
    prof = cProfile.Profile()
    out = Path(tempfile.mkdtemp()) / "site"
    prof.enable()
    build(agency, out, jobs=1)
    prof.disable()
    shutil.rmtree(out.parent, ignore_errors=True)
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in stats.values())
    print(f"\nwhere a -j 1 build goes (cProfile, total {total:.1f} s; profiling slows Python ~1.5-2x):")
    for label, func, frag in STAGES:
        ct = sum(v[3] for (file, _, name), v in stats.items() if name == func and frag in file.replace(os.sep, "/"))
        print(f"  {label:40} {ct:6.2f} s  {100 * ct / total:5.1f} %")


def main() -> None:
    ap = argparse.ArgumentParser(description="demo build: -j 1 vs -j auto, oitsite vs plain sphinx-build")
    ap.add_argument("--agency", default=str(ROOT / "agencies" / "demo"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-profile", action="store_true")
    args = ap.parse_args()
    agency = Path(args.agency)

    site = load_site(agency, allow_incomplete=True)
    src = Path(tempfile.mkdtemp()) / "src"
    docnames = write_sources(site, src, project_root(agency))
    auto = jobs_for("auto", len(docnames))

    runs: dict[str, list[float]] = {"j1": [], "jauto": [], "sphinx_j1": [], "sphinx_jauto": []}
    for _ in range(args.runs):  # interleaved, so a slower moment of the machine hits every variant
        runs["j1"].append(timed_build(agency, 1))
        runs["jauto"].append(timed_build(agency, "auto"))
        runs["sphinx_j1"].append(timed_sphinx(agency, src, "1"))
        runs["sphinx_jauto"].append(timed_sphinx(agency, src, str(auto)))
    med = {k: statistics.median(v) for k, v in runs.items()}

    out = Path(tempfile.mkdtemp()) / "site"
    res = build(agency, out, jobs=1)
    html = list(out.rglob("*.html"))
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    item_pages = [p for p in html if p.parent.parent.name == "oit" and p.name.startswith("o")]
    print(f"agency: {args.agency}; years: {', '.join(map(str, res.years))}; cores: {os.cpu_count()}, -j auto = {auto}")
    print(f"pages (Sphinx documents): {res.pages}; html files: {len(html)}; O-item pages: {len(item_pages)}")
    print(f"oitsite build -j 1      {fmt(runs['j1'])}")
    print(f"oitsite build -j auto   {fmt(runs['jauto'])}")
    print(f"sphinx-build -j 1       {fmt(runs['sphinx_j1'])}")
    print(f"sphinx-build -j {auto:<7} {fmt(runs['sphinx_jauto'])}")
    print(f"parallel speed-up (oitsite -j 1 / -j auto): {med['j1'] / med['jauto']:.2f}x (goal >= 1.5x)")
    print(f"parallel speed-up (sphinx-build alone):     {med['sphinx_j1'] / med['sphinx_jauto']:.2f}x")
    print(f"overhead over plain sphinx-build, -j 1:     {med['j1'] / med['sphinx_j1']:.2f}x (goal <= 1.2x)")
    print(f"overhead over plain sphinx-build, -j auto:  {med['jauto'] / med['sphinx_jauto']:.2f}x")
    print(f"site size: {total / 1024:.0f} KB in {sum(1 for p in out.rglob('*') if p.is_file())} files")
    sizes = sorted(len(gzip.compress(p.read_bytes())) for p in item_pages)
    if sizes:
        print(f"O-item page HTML gzip: median {statistics.median(sizes) / 1024:.1f} KB, max {sizes[-1] / 1024:.1f} KB")
    if not args.no_profile:
        profile(agency)


if __name__ == "__main__":
    main()

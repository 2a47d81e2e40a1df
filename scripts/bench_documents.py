"""Benchmark: documents as evidence at the size of a real agency's year.

Generates an agency whose ITA 2567 data are only documents: 35 PDFs (one per O-item, a Thai text
layer on every page plus an incompressible picture per page) totalling ≥ 80 MB, then runs
``oitsite check`` and ``oitsite build`` as child processes and prints, for each, the wall time
and the peak memory (resource.getrusage of the children):

* with documents, cold text cache (every PDF's text extracted with pypdf);
* with documents, warm cache (a rebuild: nothing extracted again);
* the same agency without its ``documents:`` (every item missing, built with
  --allow-incomplete), to show the extra time the documents cost.

    python scripts/bench_documents.py [--mb 80] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

#: run one command, report its wall time and the peak RSS of it and its children (KiB on Linux)
_WRAP = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
secs = time.perf_counter() - t0
print(json.dumps({"rc": rc.returncode, "secs": secs, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "err": rc.stderr[-2000:] if rc.returncode else ""}))
"""


def measure(args: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", _WRAP, sys.executable, "-m", "oitsite", *args],
                         capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_pair(agency: Path, out: Path, env: dict[str, str], extra: list[str] = ()) -> dict:
    check = measure(["check", str(agency), "--year", "2567", *extra], env)
    build = measure(["build", str(agency), "--out", str(out), "--year", "2567", *extra], env)
    for name, r in (("check", check), ("build", build)):
        if r["rc"] not in (0,) and not (name == "check" and extra):
            raise SystemExit(f"{name} failed ({r['rc']}):\n{r['err']}")
    return {"check": check, "build": build}


def strip_documents(src: Path, dst: Path) -> None:
    """A copy of the agency without its documents (the data files holding only them removed)."""
    import yaml

    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("files"))
    for path in (dst / "data").rglob("*.yaml"):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        raw.pop("documents", None)
        if raw:
            path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        else:
            path.unlink()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=80.0, help="total size of the 35 PDFs (MB, default 80)")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    opts = ap.parse_args()

    from document_agency import make_documents_agency

    from oitsite.model.catalog import load_catalog

    work = opts.keep or Path(tempfile.mkdtemp(prefix="bench-documents-"))
    work.mkdir(parents=True, exist_ok=True)
    agency = work / "agency"
    catalog = load_catalog(2567)
    pages = sum(1 + len(it.elements) for it in catalog.items)
    per_page = int(opts.mb * 1_000_000 * 1.04 / pages)  # PNG and PDF overhead aside
    t0 = time.perf_counter()
    if agency.exists():
        shutil.rmtree(agency)
    make_documents_agency(agency, image_bytes=per_page)
    pdfs = sorted((agency / "files").rglob("*.pdf"))
    total = sum(p.stat().st_size for p in pdfs)
    gen = time.perf_counter() - t0
    largest = max(p.stat().st_size for p in pdfs) / 1e6
    print(f"agency: {len(pdfs)} PDFs, {pages} pages, {total / 1e6:.1f} MB (largest {largest:.1f} MB), "
          f"generated in {gen:.1f} s → {agency}")
    if total < opts.mb * 1e6:
        print(f"warning: only {total / 1e6:.1f} MB (wanted ≥ {opts.mb} MB)")

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               OITSITE_CACHE=str(work / "cache"), SOURCE_DATE_EPOCH="1711929600")
    shutil.rmtree(work / "cache", ignore_errors=True)
    cold = run_pair(agency, work / "site", env)
    warm = run_pair(agency, work / "site", env)
    bare = work / "bare"
    shutil.rmtree(bare, ignore_errors=True)
    strip_documents(agency, bare)
    base = run_pair(bare, work / "site-bare", env, ["--allow-incomplete"])

    def row(label: str, r: dict) -> str:
        return (f"{label:<38} check {r['check']['secs']:6.1f} s {r['check']['maxrss_kb'] / 1024:7.0f} MB   "
                f"build {r['build']['secs']:6.1f} s {r['build']['maxrss_kb'] / 1024:7.0f} MB")

    print(row("with documents, cold text cache", cold))
    print(row("with documents, warm cache (rebuild)", warm))
    print(row("same agency without documents", base))
    extra_cold = cold["check"]["secs"] + cold["build"]["secs"] - base["check"]["secs"] - base["build"]["secs"]
    extra_warm = warm["check"]["secs"] + warm["build"]["secs"] - base["check"]["secs"] - base["build"]["secs"]
    print(f"extra time of the documents (check + build): {extra_cold:+.1f} s cold, {extra_warm:+.1f} s warm "
          f"({total / 1e6 / max(cold['check']['secs'], 0.01):.0f} MB/s checked cold)")
    site_mb = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file()) / 1e6
    print(f"site: {site_mb:.1f} MB (the PDFs are published as they are)")
    if not opts.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

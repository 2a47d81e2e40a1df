"""Benchmark: `oitsite import documents` on the realistic 35-document folder of the tests.

    python scripts/bench_import_documents.py [--pad-mb 0] [--keep DIR]

Generates the folder of tests/docfolder.py (35 OIT documents for 2567 named as LAOs
name them, a saved menu page, junk); ``--pad-mb N`` adds an incompressible N MB picture to every
text PDF so the folder weighs what real scans do. Imports it into an empty agency, then again
(the idempotent re-run), and prints: files, folder MB, mapped correctly, guessed, left over,
seconds (wall and CPU) of each run and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import docfolder  # noqa: E402

from oitsite.authoring.documents import import_documents  # noqa: E402


def _pad(folder: Path, mb: float) -> None:
    """Append a page with an incompressible picture of about ``mb`` MB to every text PDF."""
    from fpdf import FPDF
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    side = int((mb * 1024 * 1024 / 3) ** 0.5)
    noise = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buf = io.BytesIO()
    noise.save(buf, "PNG", compress_level=1)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=10, y=10, w=190)
    extra = PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0]
    for p in sorted(folder.rglob("*.pdf")):
        w = PdfWriter(clone_from=PdfReader(p))
        w.add_page(extra)
        with open(p, "wb") as fh:
            w.write(fh)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pad-mb", type=float, default=0.0, help="MB of picture added to every text PDF")
    ap.add_argument("--keep", help="write the folder and agency here instead of a temporary folder")
    args = ap.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-import-docs-"))
    src = docfolder.make_folder(base / "OIT เดิม")
    if args.pad_mb:
        _pad(src, args.pad_mb)
    agency = base / "agency"
    agency.mkdir(parents=True, exist_ok=True)
    (agency / "agency.yaml").write_text("name_th: อบต.หนองทดสอบ\n", encoding="utf-8")
    files = [p for p in src.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1048576

    def run():
        t0, c0 = time.perf_counter(), time.process_time()
        res = import_documents(src, agency)
        return res, time.perf_counter() - t0, time.process_time() - c0

    res, wall, cpu = run()
    got = {o.source: o.item for o in res.outcomes if o.status in ("mapped", "guessed")}
    right = sum(got.get(rel) == item for rel, item, _ in docfolder.DOCS)
    again, wall2, cpu2 = run()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"folder: {len(files)} files, {size:.1f} MB ({len(docfolder.DOCS)} documents)")
    print(f"mapped correctly: {right}/{len(docfolder.DOCS)}  guessed: {len(res.by_status('guessed'))}"
          f"  left over: {len(res.by_status('leftover', 'refused'))}  copied: {res.copied}  data files: {len(res.written)}")
    print(f"import: {wall:.2f} s wall, {cpu:.2f} s CPU; re-run: {wall2:.2f} s wall, {cpu2:.2f} s CPU,"
          f" added {len(again.written)} data files, {len(again.by_status('already'))} already imported")
    print(f"peak memory: {peak:.0f} MB")
    if not args.keep:
        shutil.rmtree(base)
    return 0 if res.ok and right >= 33 else 1


if __name__ == "__main__":
    sys.exit(main())

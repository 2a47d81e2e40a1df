"""Create the demo agency's sample attachments (PDF documents and photos) that its YAML names.

The demo is fictional, so its "documents" are one-page sample PDFs and its "photos" are simple
coloured images, generated deterministically with Pillow (same bytes every run). Real agencies
upload their own files; this script only fills in whatever the demo's data refers to and is
missing, so `oitsite check agencies/demo` finds every attachment.

    python scripts/make_demo_files.py [AGENCY_DIR]   # default agencies/demo
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oitsite.model.agency import load_agency  # noqa: E402
from oitsite.model.schema import agency_schema, walk  # noqa: E402

IMAGE_EXT = {".jpg", ".jpeg", ".png", ".webp"}


def _colour(name: str) -> tuple[int, int, int]:
    h = hashlib.sha256(name.encode()).digest()
    return (80 + h[0] % 140, 80 + h[1] % 140, 80 + h[2] % 140)


def make_pdf(path: Path, label: str) -> None:
    page = Image.new("1", (595, 842), 1)  # A4 at 72 dpi, 1-bit: about 1.5 KB a file
    d = ImageDraw.Draw(page)
    d.rectangle((40, 40, 555, 110), outline=0, width=3)
    d.text((56, 62), "oitsite demo - sample document (fictional agency)", fill=0)
    d.text((56, 84), label, fill=0)
    for y in range(150, 760, 22):
        d.line((56, y, 540 - (y * 7) % 160, y), fill=0, width=2)
    page.save(path, "PDF", resolution=72.0)


def make_image(path: Path, label: str) -> None:
    img = Image.new("RGB", (240, 300), _colour(label))
    d = ImageDraw.Draw(img)
    d.ellipse((70, 45, 170, 145), fill=(245, 222, 200))
    d.rounded_rectangle((45, 160, 195, 300), radius=30, fill=(40, 60, 110))
    fmt = {".png": "PNG", ".webp": "WEBP"}.get(path.suffix.lower(), "JPEG")
    img.save(path, fmt, **({"quality": 80} if fmt == "JPEG" else {}))


def referenced_files(agency_dir: Path) -> set[str]:
    agency, _ = load_agency(agency_dir)
    if agency is None:
        raise SystemExit(f"อ่านข้อมูลหน่วยงานไม่ได้: {agency_dir}")
    wanted: set[str] = set()
    sets = [(agency_schema().fields, agency.info)]
    for (topic, _year), td in agency.topics.items():
        tdef = agency.topic_defs.get(topic)
        if tdef is not None and td.data is not None:
            sets.append((tdef.fields, td.data))
    for fields, data in sets:
        for _path, fd, value in walk(fields, data):
            if fd.type in ("file", "image") and isinstance(value, str) and not value.startswith(("http:", "https:")):
                wanted.add(value)
    return wanted


def main(argv: list[str]) -> int:
    agency_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "agencies" / "demo"
    made = 0
    for rel in sorted(referenced_files(agency_dir)):
        target = (agency_dir / rel).resolve()
        if agency_dir.resolve() not in target.parents or target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix.lower() in IMAGE_EXT:
            make_image(target, rel)
        else:
            make_pdf(target, rel)
        made += 1
    print(f"created {made} sample files under {agency_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

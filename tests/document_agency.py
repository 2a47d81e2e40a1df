"""An agency whose data are only documents: one generated PDF per O-item, Thai text layer,
evidence pages declared (used by tests/check/test_documents.py, tests/site/test_documents_site.py
and scripts/bench_documents.py).

Each PDF has a title page ("<item title> … ประจำปีงบประมาณ พ.ศ. <data year>") and one page per
element carrying the element's catalog text, as a real report restates the criteria it answers;
``scan`` adds an image-only page (no text layer), ``image_bytes`` pads every page with an
incompressible picture (to reach benchmark sizes).
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import yaml

FONT = Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf")
AGENCY_YAML = """\
name_th: องค์การบริหารส่วนตำบลเอกสาร
name_en: Ekasarn Subdistrict Administrative Organization (test fixture)
short_name_th: อบต.เอกสาร
type: sao
province: ทดสอบ
phone: "0 7200 0100"
email: saraban@ekasarn.example
site_url: https://ekasarn.example/
years: [{year}]
current_year: {year}
"""


def noise_png(nbytes: int, seed: int) -> bytes:
    """A PNG of random grey pixels, about ``nbytes`` large (random data does not compress)."""
    from PIL import Image

    side = max(8, int(nbytes ** 0.5))
    rnd = random.Random(seed)
    img = Image.frombytes("L", (side, side), rnd.randbytes(side * side))
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def make_pdf(pages: list[str | None], *, image_bytes: int = 0, seed: int = 0) -> bytes:
    """A PDF with one page per entry: Thai text (a text layer), or ``None`` for a scan-like page
    (a picture only, no text). ``image_bytes`` adds a picture of about that size to every page."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_compression(True)
    pdf.add_font("Garuda", fname=str(FONT))
    pdf.set_font("Garuda", size=14)
    for n, text in enumerate(pages):
        pdf.add_page()
        if text is None:
            pdf.image(io.BytesIO(noise_png(40_000, seed * 1000 + n)), x=10, y=10, w=190)
        else:
            pdf.multi_cell(0, 8, text)
        if image_bytes:
            pdf.image(io.BytesIO(noise_png(image_bytes, seed * 1000 + n + 500)), x=10, y=150, w=120)
    return bytes(pdf.output())


def item_pages(item, data_year: int, agency: str, stated_year: int | None = None) -> list[str]:
    fy = stated_year or data_year
    head = (f"{item.title}\n{agency}\nประจำปีงบประมาณ พ.ศ. {fy} (1 ตุลาคม {fy - 1} – 30 กันยายน {fy})\n"
            f"ประกาศ ณ วันที่ 15 พฤศจิกายน {fy - 1}")
    body = []
    for el in item.elements:
        text = el.text.replace(str(data_year), str(fy)) if stated_year else el.text
        body.append(f"{item.id} ส่วนที่ {el.index}\n{text}\nรายละเอียดการดำเนินงานตามหัวข้อข้างต้นของ{agency} "
                    f"ซึ่งได้รับความเห็นชอบจากนายกองค์การบริหารส่วนตำบลแล้ว")
    return [head, *body]


def make_documents_agency(dst: Path, year: int = 2567, *, items: list[str] | None = None, image_bytes: int = 0,
                          scan: set[str] = frozenset(), catalog_dirs: list[Path] | None = None,
                          extra: dict[str, str] | None = None) -> Path:
    """Write the agency into ``dst``: for every item of ``year``'s catalog (or only ``items``), a
    PDF under files/ and a ``documents:`` entry in the data file of the item's first topic.
    ``extra``: item id → text added to that PDF's page of element 2 (words found only there)."""
    from oitsite.model.catalog import load_catalog
    from oitsite.model.schema import load_topics

    topics = load_topics()
    catalog = load_catalog(year, catalog_dirs)
    dst.mkdir(parents=True, exist_ok=True)
    (dst / "agency.yaml").write_text(AGENCY_YAML.format(year=year), encoding="utf-8")
    files: dict[Path, list[dict]] = {}
    agency_name = "องค์การบริหารส่วนตำบลเอกสาร"
    for seed, item in enumerate(catalog.items):
        if items is not None and item.id not in items:
            continue
        ref = item.topics[0]
        yearly = topics[ref.topic].yearly
        data_year = year + ref.year if yearly else year
        data_file = dst / "data" / (f"{data_year}/" if yearly else "") / f"{ref.topic}.yaml"
        rel = f"files/{data_year}/{item.slug}-{ref.topic}.pdf"
        pages: list[str | None] = list(item_pages(item, data_year, agency_name))
        if extra and item.id in extra and len(pages) > 2:
            pages[2] = f"{pages[2]}\n{extra[item.id]}"
        if item.id in scan:
            pages = [pages[0]] + [None] * len(item.elements)  # the signed original, scanned
        pdf = dst / rel
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(make_pdf(pages, image_bytes=image_bytes, seed=seed))
        files.setdefault(data_file, []).append({
            "file": rel, "title": f"{item.title} ประจำปีงบประมาณ พ.ศ. {data_year}",
            "date": f"{data_year - 1}-11-15", "approved": f"{data_year - 1}-11-20",
            "evidence": {f"{item.id}.{el.index}": el.index + 1 for el in item.elements},
        })
    for path, docs in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"documents": docs}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst


def write_catalog(dst: Path, keep: list[str], year: int = 2567) -> Path:
    """``ita-<year>.yaml`` in ``dst`` with only the items ``keep`` (a folder for OITSITE_CATALOGS)."""
    from oitsite.model.catalog import CATALOG_DIR

    raw = yaml.safe_load((CATALOG_DIR / f"ita-{year}.yaml").read_text(encoding="utf-8"))
    raw["items"] = [it for it in raw["items"] if it["id"] in keep]
    dst.mkdir(parents=True, exist_ok=True)
    (dst / f"ita-{year}.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst


def use_catalogs(monkeypatch, folder: Path) -> None:
    monkeypatch.setenv("OITSITE_CATALOGS", str(folder))


__all__ = ["make_pdf", "make_documents_agency", "write_catalog", "use_catalogs", "noise_png"]

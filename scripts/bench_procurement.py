"""Benchmark: N procurement rows → Excel → oitsite import → site build; prints times and sizes.

    python scripts/bench_procurement.py [--rows 1000] [--year 2567] [--agency agencies/demo] [--keep DIR]

Generates a realistic workbook in the criteria's 12-column layout (merged title rows, a mix of
Thai/Arabic digits, Excel and พ.ศ. text dates, amounts with commas), imports it into a temporary
copy of the agency for the fiscal year shown on O16, builds the site for that assessment year
and reports: rows, import seconds, build seconds, the O16 page's size (raw and gzip) and the
downloads' sizes. The agency folder itself is never changed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oitsite import thai  # noqa: E402
from oitsite.authoring.importer import import_procurement  # noqa: E402

HEADERS = ["งานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง",
           "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
           "เลขประจำตัวผู้เสียภาษี/เลขประจำตัวประชาชน", "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการ",
           "วันที่ลงนามในสัญญา", "วันสิ้นสุดสัญญา"]
WORKS = ["จัดซื้อวัสดุสำนักงาน", "จัดซื้อวัสดุคอมพิวเตอร์", "จ้างเหมาซ่อมแซมถนนลูกรัง", "จัดซื้ออาหารเสริม (นม) โรงเรียน",
         "จ้างเหมาบริการทำความสะอาด", "จัดซื้อน้ำมันเชื้อเพลิง", "จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก", "จ้างซ่อมรถบรรทุกขยะ",
         "จัดซื้อวัสดุไฟฟ้าและวิทยุ", "จ้างเหมาจัดทำป้ายประชาสัมพันธ์", "จัดซื้อครุภัณฑ์สำนักงาน", "จ้างขุดลอกคลองส่งน้ำ"]
SOURCES = ["เทศบัญญัติ/ข้อบัญญัติงบประมาณรายจ่ายประจำปี", "เงินอุดหนุนเฉพาะกิจ", "เงินอุดหนุนทั่วไป", "เงินสะสม"]
STATUSES = ["ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ลงนามในสัญญาแล้ว"]
METHODS = [("เฉพาะเจาะจง", 85), ("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", 9), ("ตลาดอิเล็กทรอนิกส์ (e-market)", 4), ("คัดเลือก", 2)]
SHOPS = ["ร้าน", "หจก.", "บริษัท", "ร้าน", "ร้าน"]
NAMES = ["รุ่งเรืองพาณิชย์", "ทรัพย์สมบูรณ์", "เจริญการช่าง", "สยามวัสดุ", "ศรีสุข", "มั่นคงก่อสร้าง", "ไทยเจริญ", "พัฒนาการค้า"]


def tax_id(rng: random.Random, juristic: bool) -> str:
    first = "0" + rng.choice("1234567") + "".join(rng.choice("0123456789") for _ in range(10)) if juristic else \
        rng.choice("1358") + "".join(rng.choice("0123456789") for _ in range(11))
    return first + str(thai.thai_id_check_digit(first))


def make_workbook(path: Path, rows: int, fiscal_year: int, seed: int = 2567) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    rng = random.Random(seed)
    start, end = thai.fiscal_year_range(fiscal_year)
    days = (end - start).days
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("ผลการจัดซื้อจัดจ้าง")
    ws.append([f"รายงานผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {thai.to_thai_digits(str(fiscal_year))}"])
    ws.append(["องค์การบริหารส่วนตำบลบ้านตัวอย่าง (ข้อมูลสมมติสำหรับทดสอบ)"])
    ws.append([])
    ws.append([h.replace(" (บาท)", "\n(บาท)") for h in HEADERS])
    methods = [m for m, w in METHODS for _ in range(w)]
    for i in range(rows):
        method = rng.choice(methods)
        big = "e-bidding" in method
        budget = rng.randrange(500_000, 5_000_000, 1000) if big else rng.randrange(1_000, 500_000, 100)
        ref = budget - rng.randrange(0, max(1, budget // 20), 100)
        price = ref - rng.randrange(0, max(1, ref // 10), 50) + rng.choice([0, 0.5, 0.25])
        signed = start + dt.timedelta(days=rng.randrange(days))
        finish = signed + dt.timedelta(days=rng.randrange(7, 180))
        shop = rng.choice(SHOPS)
        vendor = f"{shop} {rng.choice(NAMES)}{'' if shop == 'ร้าน' else ' จำกัด'}"
        tid = tax_id(rng, shop != "ร้าน")
        cells: list = [
            f"{rng.choice(WORKS)} หมู่ที่ {thai.to_thai_digits(str(rng.randrange(1, 15)))} (รายการที่ {i + 1})",
            f"{budget:,}" if i % 3 else budget,
            rng.choice(SOURCES),
            rng.choice(STATUSES),
            method,
            thai.to_thai_digits(f"{ref:,.2f}") if i % 7 == 0 else ref,
            f"{price:,.2f}" if i % 2 else price,
            tid,
            vendor,
            f"{fiscal_year % 100}{i + 1:09d}",
            thai.format_date(signed, style="short") if i % 4 == 0 else signed,
            thai.format_date(finish, digits="thai") if i % 5 == 0 else finish,
        ]
        row = []
        for c in cells:
            cell = WriteOnlyCell(ws, value=c)
            if isinstance(c, dt.date):
                cell.number_format = "dd/mm/yyyy"
            row.append(cell)
        ws.append(row)
    wb.save(path)


class _Tables(HTMLParser):
    """Cell texts of the tables inside the element with a given id (stdlib only)."""

    def __init__(self, anchor: str) -> None:
        super().__init__()
        self.anchor, self.depth, self.rows, self.cell = anchor, 0, [], None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.depth:
            self.depth += tag not in VOID
        elif dict(attrs).get("id") == self.anchor:
            self.depth = 1
        if self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None
        if self.depth:
            self.depth -= tag not in VOID

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell += data


VOID = {"br", "img", "input", "meta", "link", "hr", "col", "wbr"}


def table_rows(html_text: str, anchor: str) -> list[list[str]]:
    parser = _Tables(anchor)
    parser.feed(html_text)
    return [r for r in parser.rows if r]


def verify(folder: Path, rows: int) -> list[str]:
    """Every row in every download, and the page's summaries equal a recount of the CSV."""
    from oitsite.model.summaries import method_key, method_label
    from oitsite.site.renderers.datatable import PAGE_ROWS

    problems = []
    csv_rows = list(csv.reader(io.StringIO((folder / f"o16-procurement-{folder.name}-records.csv")
                                           .read_bytes().decode("utf-8-sig"))))
    if len(csv_rows) - 1 != rows:
        problems.append(f"CSV has {len(csv_rows) - 1} rows")
    doc = json.loads((folder / f"o16-procurement-{folder.name}-records.json").read_bytes())
    if doc["count"] != rows or len(doc["records"]) != rows:
        problems.append(f"JSON has {len(doc['records'])} records")
    ocds = json.loads((folder / f"o16-procurement-{folder.name}-ocds.json").read_bytes())
    if len(ocds["releases"]) != rows or len({r["ocid"] for r in ocds["releases"]}) != rows:
        problems.append(f"OCDS has {len(ocds['releases'])} releases")
    chunk_rows = sum(p.read_text(encoding="utf-8").count("<tr><td") for p in folder.glob("o16-procurement-*-p*.html"))
    if rows > PAGE_ROWS and chunk_rows != rows:  # up to PAGE_ROWS rows the page itself is the full table
        problems.append(f"full-table pages hold {chunk_rows} rows")
    col = csv_rows[0].index("วิธีการจัดซื้อจัดจ้าง")
    price = csv_rows[0].index("ราคาที่ตกลงซื้อหรือจ้าง (บาท)")
    expected: dict[str, tuple[int, Decimal]] = {}
    for r in csv_rows[1:]:
        label = method_label(method_key(r[col]))
        n, money = expected.get(label, (0, Decimal(0)))
        expected[label] = (n + 1, money + Decimal(r[price] or 0))
    shown = {r[0]: (int(r[1].replace(",", "")), Decimal(r[2].replace(",", ""))) for r in
             table_rows((folder / "o16.html").read_text(encoding="utf-8"), "procurement-summary-method")[1:]}
    total = shown.pop("รวมทั้งสิ้น", (None, None))
    if shown != expected or total != (rows, sum((m for _n, m in expected.values()), Decimal(0))):
        problems.append(f"summary by method {shown} (total {total}) != recount {expected}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--year", type=int, default=2567, help="assessment year (พ.ศ.); O16 shows that fiscal year")
    ap.add_argument("--agency", default=str(ROOT / "agencies" / "demo"))
    ap.add_argument("--keep", help="keep the workbook, agency copy and site in this folder")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="oitsite-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    agency = work / "agency"
    if agency.exists():
        shutil.rmtree(agency)
    shutil.copytree(args.agency, agency)
    xlsx = work / f"procurement-{args.rows}.xlsx"
    t0 = time.perf_counter()
    make_workbook(xlsx, args.rows, args.year)
    gen_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    result = import_procurement(xlsx, agency, args.year, replace=True)
    import_s = time.perf_counter() - t0
    if not result.written:
        print(result.format_text())
        sys.exit(1)
    yaml_bytes = result.output.stat().st_size

    from oitsite.findings import FindingsError
    from oitsite.site.build import build

    site = work / "site"
    t0 = time.perf_counter()
    try:
        res = build(agency, site, years=[args.year], allow_incomplete=True)
    except FindingsError as exc:
        for f in exc.findings:
            print(f.format("th"))
        sys.exit(1)
    build_s = time.perf_counter() - t0

    folder = site / "oit" / str(args.year)
    page = folder / "o16.html"
    raw = page.read_bytes()
    print(f"rows: {args.rows:,} (records imported: {len(result.records):,})")
    print(f"workbook: {xlsx.stat().st_size / 1024:,.0f} KB, generated in {gen_s:.2f} s")
    print(f"import seconds: {import_s:.2f} (data file {yaml_bytes / 1048576:,.2f} MB)")
    print(f"build seconds: {build_s:.2f} ({res.pages} pages, year {args.year})")
    print(f"O16 page: {len(raw) / 1024:,.1f} KB raw, {len(gzip.compress(raw)) / 1024:,.1f} KB gzip")
    downloads = sorted(folder.glob("o16-procurement-*"))
    chunks = [p for p in downloads if p.suffix == ".html"]
    for p in downloads:
        if p.suffix != ".html":
            data = p.read_bytes()
            print(f"download {p.name}: {len(data) / 1024:,.1f} KB ({len(gzip.compress(data)) / 1024:,.1f} KB gzip)")
    if chunks:
        sizes = [p.stat().st_size for p in chunks]
        gz = [len(gzip.compress(p.read_bytes())) for p in chunks]
        print(f"full-table pages: {len(chunks)}, largest {max(sizes) / 1024:,.1f} KB raw / {max(gz) / 1024:,.1f} KB gzip")
    problems = verify(folder, args.rows)
    print("complete: " + ("yes — CSV, JSON, OCDS and the full-table pages hold every row; the summaries on the page "
                          "match a recount of the CSV" if not problems else "NO\n  " + "\n  ".join(problems)))
    if args.keep:
        print(f"kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""`oitsite export itas AGENCY_DIR`: the item → URL list to paste into the NACC's ITAS system.

The rows come from :func:`oitsite.build.build_manifest`, the same function that writes the
site's ``oit/<year>/manifest.json`` and ``itas.csv``, so the export and the published site
always agree. No Sphinx run is needed: the manifest is computed from ``oitsite check``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build_manifest, itas_csv
from .render import SiteContext
from .validate import check


def site_context(agency_dir: Path, years: list[int] | None = None) -> SiteContext:
    """The checked agency (all findings kept; nothing is refused) for manifests and exports."""
    from .build import agency_years, project_root

    reports = {}
    for year in agency_years(agency_dir, years):
        rep = check(agency_dir, year)
        if rep.agency is None or rep.catalog is None:
            raise ExportError(rep.findings)
        reports[year] = rep
    first = reports[min(reports)]
    assert first.agency is not None
    try:
        root = project_root(agency_dir)
    except Exception:  # exports do not need the Sphinx project
        root = Path.cwd()
    return SiteContext(agency=first.agency, reports=reports, project_root=root)


class ExportError(Exception):
    def __init__(self, findings: list):
        super().__init__("; ".join(f.message_th for f in findings))
        self.findings = findings


def manifest(agency_dir: Path, year: int | None = None) -> dict:
    """The manifest of one assessment year (default: the agency's current year)."""
    site = site_context(agency_dir, [year] if year else None)
    return build_manifest(site, year or site.current_year)


def itas_rows(man: dict) -> list[tuple[str, str, str]]:
    return [(it["id"], it["title"], it["url"]) for it in man["items"]]


def cmd_export_itas(args: argparse.Namespace) -> int:
    from .cli import _years, print_findings

    agency = Path(args.agency)
    years = _years(args.year)
    if years and len(years) > 1:
        print("oitsite: export itas ส่งออกได้ครั้งละหนึ่งปี เช่น --year 2567", file=sys.stderr)
        return 2
    try:
        man = manifest(agency, years[0] if years else None)
    except ExportError as exc:
        print_findings(exc.findings, "text", "th", sys.stderr)
        return 1
    data = itas_csv(man)
    if not man["items"][0]["url"].startswith("https://"):
        print("คำเตือน: ยังไม่ได้ใส่ site_url ใน agency.yaml ลิงก์ใน CSV จึงเป็นที่อยู่ภายในเว็บไซต์ (เช่น oit/2567/o01.html) "
              "ต้องใส่ที่อยู่เว็บไซต์จริงก่อนส่งเข้าระบบ ITAS", file=sys.stderr)
    incomplete = [it["id"] for it in man["items"] if it["status"] != "met"]
    if incomplete:
        print(f"หมายเหตุ: ยังมีข้อมูลไม่ครบ {len(incomplete)} ข้อ ({', '.join(incomplete)}) ดูรายละเอียดด้วย oitsite check {agency}",
              file=sys.stderr)
    if args.out in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        print(f"บันทึกรายการ URL ปี {man['year']} ({len(man['items'])} ข้อ) ที่ {out}", file=sys.stderr)
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("export", help="ส่งออกข้อมูล เช่น รายการ URL สำหรับระบบ ITAS")
    sub = p.add_subparsers(dest="what", metavar="ชนิด", required=True)
    i = sub.add_parser("itas", help="ไฟล์ CSV: ข้อ ชื่อข้อมูล และ URL ของแต่ละข้อ สำหรับกรอกในระบบ ITAS")
    i.add_argument("agency", metavar="AGENCY_DIR")
    i.add_argument("--year", help="ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: ปีปัจจุบันใน agency.yaml)")
    i.add_argument("--out", help="ไฟล์ปลายทาง (ค่าเริ่มต้น: แสดงบนหน้าจอ)")
    i.set_defaults(func=cmd_export_itas)

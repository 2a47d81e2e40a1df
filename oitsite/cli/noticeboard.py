"""``oitsite noticeboard AGENCY_DIR``: the printable A4 sheet of QR codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oitsite.cli.common import parse_years, print_findings
from oitsite.publish.noticeboard import NoSiteUrl, _subindicators, noticeboard_html, read_fonts


def cmd_noticeboard(args: argparse.Namespace) -> int:
    from oitsite.check.site import check_site as site_context
    from oitsite.findings import FindingsError
    from oitsite.publish.manifest import build_manifest

    years = parse_years(args.year)
    if years and len(years) > 1:
        print("oitsite: สร้างบอร์ดได้ครั้งละหนึ่งปี เช่น --year 2567", file=sys.stderr)
        return 2
    try:
        site = site_context(Path(args.agency), years)
    except FindingsError as exc:
        print_findings(exc.findings, "text", "th", sys.stderr)
        return 1
    year = years[0] if years else site.current_year
    try:
        from oitsite.site.build import project_root

        fonts = read_fonts(project_root(Path(args.agency)) / "source" / "_static" / "fonts")  # Sarabun, embedded
        text = noticeboard_html(build_manifest(site, year), _subindicators(site, year), site.agency.digits, fonts)
    except NoSiteUrl:
        print("oitsite: ยังไม่ได้ใส่ที่อยู่เว็บไซต์ (site_url) ใน agency.yaml จึงสร้างคิวอาร์โค้ดไม่ได้\n"
              "    วิธีแก้: เพิ่มบรรทัด site_url: https://<ชื่อบัญชี>.github.io/<ชื่อคลัง>/ ใน agency.yaml", file=sys.stderr)
        return 1
    out = Path(args.out or f"_build/noticeboard-{year}.html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"บันทึกบอร์ดประชาสัมพันธ์ปี {year} ที่ {out} — เปิดด้วยเว็บเบราว์เซอร์แล้วสั่งพิมพ์บนกระดาษ A4")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("noticeboard", help="สร้างแผ่นประกาศ A4 (บอร์ดประชาสัมพันธ์) พร้อมคิวอาร์โค้ดของทุกข้อ")
    p.add_argument("agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน เช่น agencies/demo")
    p.add_argument("--year", metavar="ปี", help="ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: ปีปัจจุบันใน agency.yaml)")
    p.add_argument("--out", metavar="ไฟล์", help="ไฟล์ HTML ปลายทาง เช่น บอร์ด.html (ค่าเริ่มต้น _build/noticeboard-<ปี>.html)")
    p.set_defaults(func=cmd_noticeboard)

"""``oitsite export itas|summary|links``: exports for the ITAS system, pull requests and link checks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oitsite.cli.common import parse_years, print_findings
from oitsite.findings import FindingsError
from oitsite.publish.links import agency_links, check_links, links_markdown
from oitsite.publish.manifest import itas_csv, manifest
from oitsite.publish.summary import annotation, run_check, summary_markdown


def cmd_export_itas(args: argparse.Namespace) -> int:

    agency = Path(args.agency)
    years = parse_years(args.year)
    if years and len(years) > 1:
        print("oitsite: export itas ส่งออกได้ครั้งละหนึ่งปี เช่น --year 2567", file=sys.stderr)
        return 2
    try:
        man = manifest(agency, years[0] if years else None)
    except FindingsError as exc:
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


def cmd_export_summary(args: argparse.Namespace) -> int:

    res = run_check(Path(args.agency), parse_years(args.year), args.allow_incomplete)
    text = summary_markdown(res)
    if args.out in (None, "-"):
        sys.stdout.write(text)
    else:
        with open(args.out, "a", encoding="utf-8") as fh:  # $GITHUB_STEP_SUMMARY is appended to
            fh.write(text)
    if args.annotations:
        for f in res.findings:
            print(annotation(f))
    return 1 if res.errors and not args.exit_zero else 0


def cmd_export_links(args: argparse.Namespace) -> int:

    agency = Path(args.agency)
    try:
        links = agency_links(agency)
    except FindingsError as exc:
        print_findings(exc.findings, "text", "th", sys.stderr)
        return 1
    if args.check:
        check_links(links, timeout=args.timeout)
    from oitsite.model.agency import load_agency

    loaded, _ = load_agency(agency)
    text = links_markdown(links, loaded.name if loaded else agency.name)
    if args.out in (None, "-"):
        sys.stdout.write(text)
    else:
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write(text)
    return 0  # a report: broken external sites must never block publishing


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("export", help="ส่งออกข้อมูล เช่น รายการ URL สำหรับระบบ ITAS")
    sub = p.add_subparsers(dest="what", metavar="ชนิด", required=True)
    i = sub.add_parser("itas", help="ไฟล์ CSV: ข้อ ชื่อข้อมูล และ URL ของแต่ละข้อ สำหรับกรอกในระบบ ITAS")
    i.add_argument("agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน เช่น agencies/demo")
    i.add_argument("--year", metavar="ปี", help="ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: ปีปัจจุบันใน agency.yaml)")
    i.add_argument("--out", metavar="ไฟล์", help="ไฟล์ปลายทาง (ค่าเริ่มต้น: แสดงบนหน้าจอ)")
    i.set_defaults(func=cmd_export_itas)

    m = sub.add_parser("summary", help="ผลการตรวจเป็นรายงาน Markdown ภาษาไทย (สำหรับ GitHub job summary)")
    m.add_argument("agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน เช่น agencies/demo")
    m.add_argument("--year", metavar="ปี", help="ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: ทุกปีใน agency.yaml)")
    m.add_argument("--out", metavar="ไฟล์", help="ไฟล์ที่จะเขียนต่อท้าย เช่น $GITHUB_STEP_SUMMARY (ค่าเริ่มต้น: แสดงบนหน้าจอ)")
    m.add_argument("--annotations", action="store_true", help="พิมพ์คำสั่ง ::error file=…:: ให้ GitHub แสดงผลที่บรรทัดของไฟล์")
    m.add_argument("--allow-incomplete", action="store_true", help="ไม่นับข้อมูลที่ยังไม่ครบเป็นข้อผิดพลาด")
    m.add_argument("--exit-zero", action="store_true", help="จบด้วยรหัส 0 แม้มีข้อผิดพลาด")
    m.set_defaults(func=cmd_export_summary)

    k = sub.add_parser("links", help="รายการลิงก์ภายนอกในข้อมูล (--check: ตรวจว่าเปิดได้)")
    k.add_argument("agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน เช่น agencies/demo")
    k.add_argument("--check", action="store_true", help="เปิดทุกลิงก์เพื่อตรวจว่ายังใช้ได้")
    k.add_argument("--timeout", type=float, default=15.0, metavar="วินาที", help="เวลารอต่อลิงก์ (วินาที)")
    k.add_argument("--out", metavar="ไฟล์", help="ไฟล์ที่จะเขียนต่อท้าย เช่น $GITHUB_STEP_SUMMARY")
    k.set_defaults(func=cmd_export_links)

"""``oitsite build AGENCY_DIR --out DIR``: check, then publish the site atomically."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oitsite.check.digest import digest
from oitsite.cli.common import FINDINGS, OK, add_lang_option, add_year_option, parse_years, print_report
from oitsite.findings import FindingsError


def _jobs(value: str) -> int | str:
    if value == "auto":
        return value
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"-j ต้องเป็นจำนวนเต็มบวก หรือ auto (ได้ '{value}')")
    return int(value)


def cmd_build(args: argparse.Namespace) -> int:
    from oitsite.site.build import build

    try:
        res = build(Path(args.agency), Path(args.out), parse_years(args.year), allow_incomplete=args.allow_incomplete,
                    jobs=args.jobs, admin=not args.no_admin)
    except FindingsError as exc:
        # what `oitsite check` shows, counted alike (the errors that stopped the build among them)
        print_report(digest(exc.reports, None if exc.reports else exc.findings), args.lang, args.agency, sys.stderr)
        n = len(exc.findings)
        print((f"ไม่ได้เผยแพร่: มีข้อผิดพลาดที่ต้องแก้ก่อน {n} รายการ" if args.lang == "th" else
               f"Not published: {n} error(s) to fix first"), file=sys.stderr)
        if args.lang == "th" and any(f.code.info.kind == "publish" for f in exc.findings):
            print("แก้ไขตามรายการข้างบน หรือใช้ --allow-incomplete เพื่อสร้างฉบับร่างไว้ตรวจดู (ห้ามเผยแพร่)", file=sys.stderr)
        return FINDINGS
    if res.findings and not args.quiet:  # counted as `oitsite check` counts them
        print_report(digest(res.reports), args.lang, args.agency, sys.stderr, steps=False)
    pending = sum(st.status != "met" for rep in res.reports.values() for st in rep.statuses)
    kind = "ฉบับร่าง (ห้ามเผยแพร่ มีแถบ “ฉบับร่าง” และ noindex)" if args.allow_incomplete else "ฉบับเผยแพร่"
    print(f"สร้างเว็บไซต์{kind}แล้ว: {res.out} ({res.pages} หน้า, ปี {', '.join(map(str, res.years))}, {res.seconds:.1f} วินาที)"
          f"\nเปิดดู: {res.out / 'index.html'}")
    if pending and not args.allow_incomplete:
        print(f"หมายเหตุ: {pending} รายการยังไม่ครบ แสดงเป็น “อยู่ระหว่างจัดทำข้อมูล” — ดูสิ่งที่ขาดด้วย oitsite check "
              f"หรือสร้างฉบับร่างด้วย --allow-incomplete", file=sys.stderr)
    return OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("build", help="สร้างเว็บไซต์")
    b.add_argument("agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน เช่น agencies/demo")
    b.add_argument("--out", default="_build/site", metavar="โฟลเดอร์", help="โฟลเดอร์ของเว็บไซต์ที่สร้าง (ค่าเริ่มต้น _build/site) ต้องยังไม่มี ว่าง หรือเป็นเว็บไซต์ที่ oitsite สร้างไว้ "
                   "(มีไฟล์ .oitsite-site) จะไม่ยอมแทนที่โฟลเดอร์โครงการ โฟลเดอร์หน่วยงาน หรือคลัง git")
    add_year_option(b, "ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: ทุกปีใน agency.yaml)")
    b.add_argument("--allow-incomplete", action="store_true", help="สร้างฉบับร่างไว้ตรวจดู: แสดงสิ่งที่ขาดและข้อความตัวอย่าง "
                   "มีแถบ “ฉบับร่าง” และ noindex ห้ามเผยแพร่ (oitsite verify-site ไม่ผ่าน)")
    b.add_argument("-j", "--jobs", type=_jobs, default="auto", metavar="จำนวน",
                   help="จำนวนกระบวนการของ Sphinx (ค่าเริ่มต้น auto: ทุกแกนเมื่อเว็บไซต์ใหญ่พอ)")
    add_lang_option(b)
    b.add_argument("--quiet", action="store_true", help="ไม่แสดงคำเตือน")
    b.add_argument("--no-admin", action="store_true",
                   help="ไม่สร้างหน้าแก้ไขข้อมูล /admin/ (ใช้เมื่อไม่ได้ติดตั้ง Sveltia CMS ด้วย npm ci)")
    b.set_defaults(func=cmd_build)

"""``oitsite import procurement FILE``: spreadsheet (สขร.1 / criteria form) to procurement data."""

from __future__ import annotations

import argparse
import json
from typing import Any

from oitsite.authoring.importer import import_procurement


def _add_import_parsers(sub: Any) -> None:
    pp = sub.add_parser("procurement", help="ผลการจัดซื้อจัดจ้าง (หัวข้อข้อมูล procurement) จากไฟล์ตามเกณฑ์ หรือแบบ สขร.1")
    pp.add_argument("file", metavar="FILE", help="ไฟล์ .xlsx หรือ .csv")
    pp.add_argument("--agency", required=True, metavar="AGENCY_DIR", help="โฟลเดอร์หน่วยงาน เช่น agencies/demo")
    pp.add_argument("--fiscal-year", required=True, metavar="ปี", help="ปีงบประมาณ พ.ศ. เช่น 2567 (เริ่ม 1 ตุลาคมของปีก่อนหน้า)")
    pp.add_argument("--sheet", action="append", metavar="ชีต",
                    help="ชื่อชีตที่จะนำเข้า ระบุได้หลายครั้ง (ไม่ระบุ = ชีตเดียวที่แสดงอยู่และมีหัวตาราง)")
    pp.add_argument("--force", action="store_true", help="บันทึกแม้มีช่องที่ผิด (เว้นช่องนั้นว่างไว้)")
    pp.add_argument("--replace", action="store_true", help="แทนที่รายการเดิมทั้งหมดของปีนั้น (ไม่รวมกับของเดิม)")
    pp.add_argument("--format", choices=("text", "json"), default="text", help="รูปแบบผลลัพธ์ (json สำหรับโปรแกรม)")
    pp.set_defaults(func=_cmd_import)




def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """``oitsite import …`` (see oitsite.cli PLUGINS)."""
    p = subparsers.add_parser("import", help="นำเข้าข้อมูลจาก Excel/CSV เช่น ผลการจัดซื้อจัดจ้าง")
    _add_import_parsers(p.add_subparsers(dest="what", metavar="ชนิด", required=True))




def _cmd_import(args: argparse.Namespace) -> int:
    result = import_procurement(args.file, args.agency, args.fiscal_year, sheet=args.sheet, force=args.force,
                                replace=args.replace)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.format_text())
    return 0 if result.written else 1

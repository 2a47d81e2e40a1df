"""``oitsite catalogs`` and ``oitsite diff-years``: the catalogs and what changed between years."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from oitsite import thai
from oitsite.check.gaps import agency_gaps
from oitsite.cli.common import die
from oitsite.model.catalog import CatalogError, available_years, default_year, load_catalog
from oitsite.model.schema import load_topics
from oitsite.model.yeardiff import catalog_info, diff_catalogs
from oitsite.publish.catalogdoc import catalogs_markdown, format_catalogs, format_diff


def _year_arg(value: str) -> int:
    text = thai.to_arabic_digits(str(value)).strip()
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"ปีต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569 (ได้ '{value}')")
    year = int(text)
    return thai.as_be_year(year)




def cmd_catalogs(args: argparse.Namespace) -> int:
    try:
        default = default_year()
        infos = [catalog_info(y, default=default) for y in available_years()]
    except CatalogError as exc:
        for f in exc.findings:
            print(f.format(), file=sys.stderr)
        return 1
    if args.format == "json":
        json.dump([asdict(i) for i in infos], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "md":
        sys.stdout.write(catalogs_markdown())
    else:
        sys.stdout.write(format_catalogs(infos))
    return 0


def cmd_diff_years(args: argparse.Namespace) -> int:
    if args.old == args.new:
        return die("ต้องระบุปีสองปีที่ต่างกัน เช่น oitsite diff-years 2568 2569")
    try:
        old, new = load_catalog(args.old), load_catalog(args.new)
    except CatalogError as exc:
        for f in exc.findings:
            print(f.format(), file=sys.stderr)
        return 2
    d = diff_catalogs(old, new)
    gaps = None
    if args.agency:
        if not Path(args.agency, "agency.yaml").is_file():
            return die(f"ไม่พบ {Path(args.agency, 'agency.yaml')} — ระบุโฟลเดอร์ของหน่วยงาน เช่น agencies/demo")
        gaps = agency_gaps(Path(args.agency), new, old)
    if args.format == "json":
        out: dict[str, Any] = d.as_dict()
        if gaps is not None:
            out["agency"] = gaps.as_dict()
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_diff(d, load_topics(), gaps))
    return 1 if gaps is not None and gaps.problems else 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("catalogs", help="รายการเกณฑ์ ITA ทุกปีที่มี: จำนวนข้อ ความครบถ้วน และการตรวจสอบ")
    c.add_argument("--format", choices=["text", "json", "md"], default="text",
                   help="md: เอกสาร docs/catalogs.md (ความครบถ้วนและแหล่งที่มาของทุกข้อ)")
    c.set_defaults(func=cmd_catalogs)

    d = sub.add_parser("diff-years", help="เปรียบเทียบเกณฑ์ ITA สองปี (และสิ่งที่หน่วยงานยังต้องเตรียม)")
    d.add_argument("old", type=_year_arg, metavar="ปีเดิม", help="ปีการประเมินเดิม เช่น 2568")
    d.add_argument("new", type=_year_arg, metavar="ปีใหม่", help="ปีการประเมินใหม่ เช่น 2569")
    d.add_argument("--agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน: แสดงสิ่งที่ยังต้องเตรียมตามเกณฑ์ปีใหม่")
    d.add_argument("--format", choices=["text", "json"], default="text", help="รูปแบบผลลัพธ์ (json สำหรับโปรแกรม)")
    d.set_defaults(func=cmd_diff_years)

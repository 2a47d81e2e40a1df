"""``oitsite check AGENCY_DIR``: findings in Thai, exit 1 on errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oitsite.check.digest import digest
from oitsite.check.site import check_site
from oitsite.check.validate import unverified_notice
from oitsite.cli.common import FINDINGS, OK, add_lang_option, add_year_option, parse_years, print_findings, print_report
from oitsite.findings import FindingsError


def cmd_check(args: argparse.Namespace) -> int:
    try:
        site = check_site(Path(args.agency), parse_years(args.year))
    except FindingsError as exc:
        if args.format == "text":
            print_report(digest(None, exc.findings), args.lang, args.agency)
        else:
            print_findings(exc.findings, args.format, args.lang)
        return FINDINGS
    notices = [n for n in (unverified_notice(rep.catalog) for rep in site.reports.values()) if n]
    if args.format != "text":
        print_findings(site.findings + notices, args.format, args.lang)
    else:
        print_report(digest(site.reports), args.lang, args.agency)
        print_findings(notices, "text", args.lang, stream=sys.stderr)
    return FINDINGS if site.errors(args.allow_incomplete) else OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("check", help="ตรวจข้อมูลของหน่วยงานตามเกณฑ์ ITA")
    c.add_argument("agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน เช่น agencies/demo")
    add_year_option(c)
    c.add_argument("--format", choices=["text", "json"], default="text", help="รูปแบบผลลัพธ์ (json สำหรับโปรแกรม)")
    add_lang_option(c)
    c.add_argument("--allow-incomplete", action="store_true", help="ไม่นับข้อมูลที่ยังไม่ครบเป็นข้อผิดพลาด")
    c.set_defaults(func=cmd_check)

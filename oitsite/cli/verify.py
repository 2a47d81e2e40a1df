"""``oitsite verify-site DIR``: may this built folder be deployed? (a public build, not a draft)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oitsite.cli.common import FINDINGS, OK, add_lang_option, print_findings, print_summary


def cmd_verify(args: argparse.Namespace) -> int:
    from oitsite.site.outsafe import verify_public

    found = verify_public(Path(args.site))
    if found:
        print_findings(found, "text", args.lang, sys.stderr)
        print_summary(found, args.lang, "ห้ามเผยแพร่: " if args.lang == "th" else "Must not be deployed: ")
        return FINDINGS
    print(f"เผยแพร่ได้: {args.site} เป็นเว็บไซต์ฉบับเผยแพร่ (ไม่ใช่ฉบับร่าง)" if args.lang == "th"
          else f"OK to deploy: {args.site} is a public build")
    return OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    v = sub.add_parser("verify-site", help="ตรวจว่าเว็บไซต์ที่สร้างแล้วเผยแพร่ได้ (ฉบับเผยแพร่ ไม่ใช่ฉบับร่าง)")
    v.add_argument("site", metavar="SITE_DIR", help="โฟลเดอร์ของเว็บไซต์ที่สร้าง เช่น _site")
    add_lang_option(v)
    v.set_defaults(func=cmd_verify)

"""``oitsite new SLUG``: the Thai wizard that creates a new agency skeleton."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from oitsite.authoring.scaffold import (
    AGENCY_TYPE_CHOICES,
    AGENCY_TYPE_PREFIX,
    SLUG_RE,
    AgencyAnswers,
    _valid_type,
    _valid_url,
    agency_type,
    create_agency,
)
from oitsite.cli.common import add_choice
from oitsite.model.catalog import available_years


def _ask(prompt: str, default: str, ask: Callable[[str], str], valid: Callable[[str], str | None] | None = None) -> str:
    shown = f" [{default}]" if default else ""
    while True:
        answer = ask(f"{prompt}{shown}: ").strip() or default
        problem = valid(answer) if valid else None
        if not problem:
            return answer
        print(f"  {problem}", file=sys.stderr)


def wizard(ans: AgencyAnswers, ask: Callable[[str], str] = input) -> AgencyAnswers:
    print("สร้างโฟลเดอร์ข้อมูลหน่วยงานใหม่ (กด Enter เพื่อใช้ค่าในวงเล็บ [ ])", file=sys.stderr)
    shown = AGENCY_TYPE_PREFIX.get(ans.type, ("", ans.type))[1]
    answer = _ask("ประเภทหน่วยงาน (" + ", ".join(v[1] for v in AGENCY_TYPE_PREFIX.values()) + " หรือ "
                  + ", ".join(AGENCY_TYPE_PREFIX) + ")", shown, ask, _valid_type)
    ans.type = agency_type(answer) or ans.type
    prefix = AGENCY_TYPE_PREFIX[ans.type][0]
    ans.name_th = _ask(f"ชื่อหน่วยงานภาษาไทย (เช่น {prefix}บ้านตัวอย่าง)", ans.name_th, ask)
    ans.subdistrict = _ask("ตำบล", ans.subdistrict, ask)
    ans.district = _ask("อำเภอ", ans.district, ask)
    ans.province = _ask("จังหวัด", ans.province, ask)
    ans.site_url = _ask("ที่อยู่เว็บไซต์ที่จะเผยแพร่ (เว้นว่างได้)", ans.site_url, ask, _valid_url)
    return ans


def cmd_new(args: argparse.Namespace) -> int:
    if not SLUG_RE.match(args.slug):
        print(f"oitsite: ชื่อโฟลเดอร์ '{args.slug}' ใช้ไม่ได้ ใช้อักษรอังกฤษตัวเล็ก ตัวเลข และ - เช่น ban-tuayang "
              "(ชื่อนี้จะเป็นส่วนหนึ่งของที่อยู่ไฟล์)", file=sys.stderr)
        return 2
    if args.site_url and _valid_url(args.site_url):
        print(f"oitsite: --site-url {_valid_url(args.site_url)}", file=sys.stderr)
        return 2
    target = Path(args.dir) / args.slug
    if target.exists() and any(target.iterdir()):
        print(f"oitsite: มีโฟลเดอร์ {target} อยู่แล้ว จะไม่เขียนทับ เลือกชื่ออื่นหรือลบโฟลเดอร์เดิมก่อน", file=sys.stderr)
        return 1
    ans = AgencyAnswers(args.slug, args.name_th or "", args.type or "sao", args.province or "",
                        args.district or "", args.subdistrict or "", args.site_url or "")
    if not args.non_interactive and sys.stdin.isatty():
        try:
            ans = wizard(ans)
        except EOFError:
            pass
    year = None
    if args.year:
        from oitsite.thai import to_arabic_digits

        text = to_arabic_digits(args.year)
        if not text.isdigit() or int(text) not in available_years():
            print(f"oitsite: ไม่มีเกณฑ์ ITA ปี {args.year} (มีปี: {', '.join(map(str, available_years()))})", file=sys.stderr)
            return 2
        year = int(text)
    files = create_agency(target, ans, year)
    data_files = [p for p in files if p.suffix == ".yaml"]
    print(f"สร้างโฟลเดอร์ {target} แล้ว ({len(data_files)} ไฟล์ข้อมูล)")
    print("ขั้นต่อไป:")
    print(f"  1. ดูรายการที่ต้องกรอก:   oitsite check {target}")
    print(f"  2. แก้ไฟล์ใน {target}/ แทนที่ ((กรอก: …)) ด้วยข้อมูลจริง วางไฟล์แนบใน {target}/files/")
    print(f"  3. ดูตัวอย่างเว็บไซต์:     oitsite build {target} --allow-incomplete")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("new", help="สร้างโฟลเดอร์ข้อมูลของหน่วยงานใหม่ (พร้อมช่องที่ต้องกรอก)")
    p.add_argument("slug", metavar="SLUG", help="ชื่อโฟลเดอร์ภาษาอังกฤษ เช่น ban-tuayang")
    p.add_argument("--name-th", metavar="ชื่อ", help="ชื่อหน่วยงานภาษาไทย")
    add_choice(p, "--type", choices=AGENCY_TYPE_CHOICES, metavar="ประเภท", help="ประเภทหน่วยงาน (ค่าเริ่มต้น อบต.)")
    p.add_argument("--province", metavar="จังหวัด", help="จังหวัด")
    p.add_argument("--district", metavar="อำเภอ", help="อำเภอ")
    p.add_argument("--subdistrict", metavar="ตำบล", help="ตำบล")
    p.add_argument("--site-url", metavar="ลิงก์", help="ที่อยู่เว็บไซต์ที่เผยแพร่ (https://…)")
    p.add_argument("--year", metavar="ปี", help="ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: เกณฑ์ล่าสุด)")
    p.add_argument("--dir", default="agencies", metavar="โฟลเดอร์", help="โฟลเดอร์ที่เก็บหน่วยงาน (ค่าเริ่มต้น agencies)")
    p.add_argument("--non-interactive", action="store_true", help="ไม่ถามคำถาม ใช้ค่าจากตัวเลือกหรือค่าเริ่มต้น")
    p.set_defaults(func=cmd_new)

"""``oitsite hub``: many agencies from one repository.

``hub build AGENCIES_DIR --out DIR [--shard i/N] [--only a,b]`` builds every agency (or a shard)
and the hub pages, rebuilding only agencies whose inputs changed; ``hub assemble PART… --out DIR``
merges shard outputs; ``hub plan`` prints the changed agencies and the shard matrix for GitHub
Actions; ``hub codeowners`` writes CODEOWNERS from each agency's ``editors:``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from oitsite.cli.build import _jobs
from oitsite.cli.common import FINDINGS, OK, USAGE, add_lang_option, add_year_option, die, parse_years, print_findings

STATE_TH = {"built": "สร้างใหม่", "unchanged": "ไม่เปลี่ยน (ใช้ของเดิม)", "failed": "ไม่สำเร็จ"}


def _shard(value: str) -> tuple[int, int]:
    from oitsite.hub.plan import parse_shard

    try:
        return parse_shard(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_build(args: argparse.Namespace) -> int:
    from oitsite.findings import FindingsError
    from oitsite.hub.build import build_hub

    def progress(o) -> None:
        if not args.quiet:
            extra = f" {o.pages} หน้า {o.seconds:.1f} วินาที" if o.state == "built" else ""
            print(f"  {o.slug}: {STATE_TH[o.state]}{extra}", file=sys.stderr)

    only = [s.strip() for s in args.only.split(",") if s.strip()] if args.only is not None else None
    try:
        res = build_hub(Path(args.agencies), Path(args.out), years=parse_years(args.year),
                        allow_incomplete=args.allow_incomplete, shard_of=args.shard, only=only, jobs=args.jobs,
                        progress=progress)
    except FindingsError as exc:
        print_findings(exc.findings, "text", args.lang, sys.stderr)
        print("ไม่ได้สร้างศูนย์รวมเว็บไซต์ (ไม่มีการเปลี่ยนแปลงใด ๆ)", file=sys.stderr)
        return FINDINGS
    for o in res.failed:
        print(f"\nหน่วยงาน {o.slug}: สร้างเว็บไซต์ไม่สำเร็จ (เว็บไซต์ที่สร้างสำเร็จครั้งก่อนยังอยู่ ถ้ามี)", file=sys.stderr)
        print_findings(o.findings, "text", args.lang, sys.stderr)
    n = {s: len(res.by_state(s)) for s in STATE_TH}
    print(f"ศูนย์รวมเว็บไซต์: {res.out} ({len(res.outcomes)} หน่วยงาน: สร้างใหม่ {n['built']}, ไม่เปลี่ยน {n['unchanged']}, "
          f"ไม่สำเร็จ {n['failed']}; {res.seconds:.1f} วินาที)\nเปิดดู: {res.out / 'index.html'}")
    return FINDINGS if res.failed else OK


def cmd_assemble(args: argparse.Namespace) -> int:
    from oitsite.findings import FindingsError
    from oitsite.hub.build import assemble, read_status
    from oitsite.hub.plan import discover

    try:
        keep = {a.slug for a in discover(Path(args.agencies))} if args.agencies else None
        out = assemble([Path(p) for p in args.parts], Path(args.out), keep=keep)
    except FindingsError as exc:
        print_findings(exc.findings, "text", args.lang, sys.stderr)
        return FINDINGS
    status = read_status(out)
    failed = sorted(s for s, st in status.items() if not st.get("ok"))
    print(f"รวมแล้ว: {out} ({len(status)} หน่วยงาน" + (f", ไม่สำเร็จ {len(failed)}: {', '.join(failed)}" if failed else "") + ")")
    return FINDINGS if failed else OK


def cmd_plan(args: argparse.Namespace) -> int:
    from oitsite.findings import FindingsError
    from oitsite.hub.plan import changed_agencies, discover

    try:
        refs = discover(Path(args.agencies))
    except FindingsError as exc:
        print_findings(exc.findings, "text", args.lang, sys.stderr)
        return FINDINGS
    if args.changed is None:
        slugs, everything = [a.slug for a in refs], True
    else:
        text = sys.stdin.read() if args.changed == "-" else Path(args.changed).read_text(encoding="utf-8")
        slugs, everything = changed_agencies(text.splitlines(), refs, Path(args.agencies).as_posix())
    n = max(1, min(args.max_shards, -(-len(slugs) // max(1, args.per_shard)))) if slugs else 0
    plan = {"agencies": slugs, "only": ",".join(slugs), "all": everything, "count": len(slugs),
            "shards": [f"{i}/{n}" for i in range(1, n + 1)]}
    print(json.dumps(plan, ensure_ascii=False))
    return OK


def cmd_list(args: argparse.Namespace) -> int:
    from oitsite.findings import FindingsError
    from oitsite.hub.plan import discover, shard

    try:
        refs = discover(Path(args.agencies))
    except FindingsError as exc:
        print_findings(exc.findings, "text", args.lang, sys.stderr)
        return FINDINGS
    if args.only is not None:
        only = {s.strip() for s in args.only.split(",")}
        refs = [a for a in refs if a.slug in only]
    if args.shard:
        refs = shard(refs, *args.shard)
    for a in refs:
        print(a.slug)
    return OK


def cmd_codeowners(args: argparse.Namespace) -> int:
    from oitsite.findings import FindingsError
    from oitsite.hub.codeowners import codeowners

    try:
        text = codeowners(Path(args.agencies))
    except FindingsError as exc:
        print_findings(exc.findings, "text", args.lang, sys.stderr)
        return FINDINGS
    if args.check:
        current = Path(args.check).read_text(encoding="utf-8") if Path(args.check).is_file() else ""
        if current != text:
            print(f"{args.check} ไม่ตรงกับ editors: ใน agency.yaml — สร้างใหม่ด้วย oitsite hub codeowners "
                  f"{args.agencies} --write {args.check}", file=sys.stderr)
            return FINDINGS
        print(f"{args.check} ตรงกับ editors: ของทุกหน่วยงานแล้ว")
        return OK
    if args.write:
        Path(args.write).parent.mkdir(parents=True, exist_ok=True)
        Path(args.write).write_text(text, encoding="utf-8")
        print(f"เขียน {args.write} แล้ว")
    else:
        sys.stdout.write(text)
    return OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    h = sub.add_parser("hub", help="หลายหน่วยงานจากคลังเดียว: สร้าง รวม วางแผน CODEOWNERS")
    hs = h.add_subparsers(dest="hub_cmd", metavar="คำสั่งย่อย")
    h.set_defaults(func=lambda a: die("ระบุคำสั่งย่อย: build, assemble, plan หรือ codeowners (oitsite hub --help)") or USAGE)

    b = hs.add_parser("build", help="สร้างเว็บไซต์ของทุกหน่วยงานและหน้าศูนย์รวม (สร้างใหม่เฉพาะหน่วยงานที่ข้อมูลเปลี่ยน)")
    b.add_argument("agencies", metavar="AGENCIES_DIR", help="โฟลเดอร์ที่มีโฟลเดอร์ของแต่ละหน่วยงาน เช่น agencies/")
    b.add_argument("--out", default="_build/hub", help="โฟลเดอร์ของศูนย์รวมเว็บไซต์ (ค่าเริ่มต้น _build/hub)")
    b.add_argument("--shard", type=_shard, help="สร้างเฉพาะส่วนที่ i จาก N ส่วน เช่น 1/4 (แล้วรวมด้วย oitsite hub assemble)")
    b.add_argument("--only", help="สร้างเฉพาะหน่วยงานเหล่านี้ (ชื่อโฟลเดอร์ คั่นด้วยจุลภาค)")
    add_year_option(b, "ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: ทุกปีใน agency.yaml ของแต่ละหน่วยงาน)")
    b.add_argument("--allow-incomplete", action="store_true", help="สร้างแม้ข้อมูลยังไม่ครบ (หน้าจะแสดงสิ่งที่ขาด)")
    b.add_argument("-j", "--jobs", type=_jobs, default="auto", help="จำนวนหน่วยงานที่สร้างพร้อมกัน (ค่าเริ่มต้น auto: เท่าจำนวนแกน)")
    add_lang_option(b)
    b.add_argument("--quiet", action="store_true", help="ไม่แสดงความคืบหน้า")
    b.set_defaults(func=cmd_build)

    a = hs.add_parser("assemble", help="รวมผลการสร้างหลายส่วน (--shard) เป็นเว็บไซต์เดียว")
    a.add_argument("parts", nargs="+", metavar="PART", help="โฟลเดอร์ผลการสร้างแต่ละส่วน (ส่วนหลังแทนส่วนก่อน)")
    a.add_argument("--out", required=True, help="โฟลเดอร์ของเว็บไซต์ที่รวมแล้ว")
    a.add_argument("--agencies", metavar="AGENCIES_DIR", help="เก็บเฉพาะหน่วยงานที่ยังมีโฟลเดอร์อยู่ในนี้ (เช่น agencies)")
    add_lang_option(a)
    a.set_defaults(func=cmd_assemble)

    p = hs.add_parser("plan", help="หน่วยงานที่ไฟล์ที่เปลี่ยนกระทบ และจำนวนส่วน (JSON สำหรับ GitHub Actions)")
    p.add_argument("agencies", metavar="AGENCIES_DIR", help="โฟลเดอร์ที่มีโฟลเดอร์ของแต่ละหน่วยงาน เช่น agencies/")
    p.add_argument("--changed", help="ไฟล์รายชื่อไฟล์ที่เปลี่ยน บรรทัดละไฟล์ (- = อ่านจาก stdin; ไม่ระบุ = ทุกหน่วยงาน)")
    p.add_argument("--max-shards", type=int, default=8, help="จำนวนส่วนสูงสุด (ค่าเริ่มต้น 8)")
    p.add_argument("--per-shard", type=int, default=16, help="จำนวนหน่วยงานต่อส่วน (ค่าเริ่มต้น 16)")
    add_lang_option(p)
    p.set_defaults(func=cmd_plan)

    ls = hs.add_parser("list", help="รายชื่อหน่วยงาน (ของส่วน --shard i/N) บรรทัดละหน่วยงาน")
    ls.add_argument("agencies", metavar="AGENCIES_DIR", help="โฟลเดอร์ที่มีโฟลเดอร์ของแต่ละหน่วยงาน เช่น agencies/")
    ls.add_argument("--only", help="เฉพาะหน่วยงานเหล่านี้ (คั่นด้วยจุลภาค)")
    ls.add_argument("--shard", type=_shard, help="เฉพาะส่วนที่ i จาก N เช่น 1/4")
    add_lang_option(ls)
    ls.set_defaults(func=cmd_list)

    c = hs.add_parser("codeowners", help="สร้างไฟล์ CODEOWNERS จาก editors: ใน agency.yaml ของแต่ละหน่วยงาน")
    c.add_argument("agencies", metavar="AGENCIES_DIR", help="โฟลเดอร์ที่มีโฟลเดอร์ของแต่ละหน่วยงาน เช่น agencies/")
    c.add_argument("--write", help="เขียนลงไฟล์ (เช่น .github/CODEOWNERS) แทนการแสดงผล")
    c.add_argument("--check", help="ตรวจว่าไฟล์นี้ตรงกับ agency.yaml (exit 1 ถ้าไม่ตรง)")
    add_lang_option(c)
    c.set_defaults(func=cmd_codeowners)

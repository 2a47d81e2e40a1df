"""The `oitsite` command. Thai first; never a traceback for bad input."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from .codes import Finding, codes_markdown

#: Modules that add sub-commands: each defines ``add_commands(subparsers)``; a command's
#: handler is set with ``parser.set_defaults(func=handler)`` and returns the exit code.
PLUGINS = ["importer", "scaffold", "exports", "years", "cms", "noticeboard"]


def _years(value: str | None) -> list[int] | None:
    if not value:
        return None
    from .thai import to_arabic_digits

    out = []
    for part in to_arabic_digits(value).split(","):
        part = part.strip()
        if not part.isdigit():
            raise SystemExit(_die(f"--year ต้องเป็นปี พ.ศ. เช่น 2567 หรือ 2567,2568 (ได้ '{value}')"))
        year = int(part)
        if 1900 <= year <= 2200:
            year += 543
            print(f"หมายเหตุ: --year {part} เป็น ค.ศ. ใช้ปี พ.ศ. {year}", file=sys.stderr)
        out.append(year)
    return out


def _die(msg: str) -> int:
    print(f"oitsite: {msg}", file=sys.stderr)
    return 2


def print_findings(findings: list[Finding], fmt: str = "text", lang: str = "th", stream=None) -> None:
    stream = stream or sys.stdout
    if fmt == "json":
        json.dump([f.as_dict() for f in findings], stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    for f in findings:
        print(f.format(lang), file=stream)


def _summary(findings: list[Finding], lang: str) -> str:
    n = {"error": 0, "warning": 0, "notice": 0}
    for f in findings:
        n[f.severity or "error"] += 1
    if lang == "en":
        return f"{n['error']} error(s), {n['warning']} warning(s), {n['notice']} notice(s)"
    return f"ผิดพลาด {n['error']} รายการ, คำเตือน {n['warning']} รายการ, หมายเหตุ {n['notice']} รายการ"


# ---------------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from .build import agency_years
    from .model import load_agency
    from .validate import check_years

    agency, load_findings = load_agency(Path(args.agency))
    if agency is None:
        print_findings(load_findings, args.format, args.lang)
        if args.format == "text":
            print(_summary(load_findings, args.lang), file=sys.stderr)
        return 1
    rc = 0
    all_findings: list[Finding] = []
    years = agency_years(Path(args.agency), _years(args.year), agency=agency)
    for rep in check_years(agency, load_findings, years).values():
        all_findings += rep.findings
        if rep.errors(args.allow_incomplete):
            rc = 1
        if args.format == "text" and rep.catalog is not None and rep.statuses:
            met = sum(s.status == "met" for s in rep.statuses)
            label = f"ITA {rep.catalog.year}: ครบ {met}/{len(rep.statuses)} รายการ" if args.lang == "th" else \
                f"ITA {rep.catalog.year}: {met}/{len(rep.statuses)} items complete"
            print(label, file=sys.stderr)
    seen, unique = set(), []
    for f in all_findings:
        key = (f.code, f.file, f.line, f.column, f.message_th)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    print_findings(unique, args.format, args.lang)
    if args.format == "text":
        print(_summary(unique, args.lang), file=sys.stderr)
    return rc


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildFailed, build

    out = Path(args.out)
    try:
        res = build(Path(args.agency), out, _years(args.year), allow_incomplete=args.allow_incomplete)
    except BuildFailed as exc:
        print_findings(exc.findings, "text", args.lang, sys.stderr)
        print(("ไม่ได้เผยแพร่: " if args.lang == "th" else "Not published: ") + _summary(exc.findings, args.lang)
              + ("\nแก้ไขตามรายการข้างบน หรือใช้ --allow-incomplete เพื่อสร้างเว็บไซต์ที่ยังมีข้อมูลไม่ครบ (เรื่องความปลอดภัยยังต้องแก้)"
                 if args.lang == "th" else ""), file=sys.stderr)
        return 1
    warnings = [f for f in res.findings if f.severity != "error" or args.allow_incomplete]
    if warnings and not args.quiet:
        seen = set()
        uniq = []
        for f in warnings:
            key = (f.code, f.file, f.line, f.message_th)
            if key not in seen:
                seen.add(key)
                uniq.append(f)
        print_findings(uniq, "text", args.lang, sys.stderr)
    print(f"สร้างเว็บไซต์แล้ว: {res.out} ({res.pages} หน้า, ปี {', '.join(map(str, res.years))}, {res.seconds:.1f} วินาที)"
          f"\nเปิดดู: {res.out / 'index.html'}")
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    if args.format == "md":
        sys.stdout.write(codes_markdown())
    else:
        from .codes import CODES

        for code, info in CODES.items():
            print(f"{code.value:28} {info.severity:8} {info.title_th}")
    return 0


def cmd_topics(args: argparse.Namespace) -> int:
    from .schema import load_topics

    for t in load_topics().values():
        where = "data/<ปี>/" if t.yearly else "data/"
        print(f"{t.id:28} {where}{t.id}.yaml  {t.title}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os
    import subprocess
    import tempfile

    from .build import BuildFailed, load_site, project_root
    from .render import write_sources

    agency = Path(args.agency).resolve()
    try:
        site = load_site(agency, _years(args.year), allow_incomplete=True)
    except BuildFailed as exc:
        print_findings(exc.findings, "text", "th", sys.stderr)
        return 1
    root = project_root(agency)
    src = Path(tempfile.mkdtemp(prefix="oitsite-serve-"))
    write_sources(site, src)
    env = dict(os.environ, OITSITE_AGENCY=str(agency), OITSITE_YEARS=",".join(map(str, site.years)))
    cmd = [sys.executable, "-m", "sphinx_autobuild", str(src), str(src / "_build"), "-c", str(root),
           "--watch", str(agency), "-a", "-E", "--port", str(args.port), "--host", "127.0.0.1"]
    print("ดูตัวอย่างที่ http://127.0.0.1:%d/ (กด Ctrl+C เพื่อหยุด)" % args.port)
    return subprocess.call(cmd, env=env)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="oitsite", description="สร้างเว็บไซต์เปิดเผยข้อมูลสาธารณะ (OIT) ของ อปท. จากไฟล์ข้อมูล")
    sub = p.add_subparsers(dest="cmd", metavar="คำสั่ง")

    c = sub.add_parser("check", help="ตรวจข้อมูลของหน่วยงานตามเกณฑ์ ITA")
    c.add_argument("agency", metavar="AGENCY_DIR")
    c.add_argument("--year", help="ปีการประเมิน พ.ศ. (เช่น 2567 หรือ 2567,2568)")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.add_argument("--lang", choices=["th", "en"], default="th")
    c.add_argument("--allow-incomplete", action="store_true", help="ไม่นับข้อมูลที่ยังไม่ครบเป็นข้อผิดพลาด")
    c.set_defaults(func=cmd_check)

    b = sub.add_parser("build", help="สร้างเว็บไซต์")
    b.add_argument("agency", metavar="AGENCY_DIR")
    b.add_argument("--out", default="_build/site")
    b.add_argument("--year", help="ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: ทุกปีใน agency.yaml)")
    b.add_argument("--allow-incomplete", action="store_true", help="สร้างแม้ข้อมูลยังไม่ครบ (หน้าจะแสดงสิ่งที่ขาด)")
    b.add_argument("--lang", choices=["th", "en"], default="th")
    b.add_argument("--quiet", action="store_true")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("serve", help="ดูตัวอย่างเว็บไซต์ขณะแก้ไข (รีเฟรชอัตโนมัติ)")
    s.add_argument("agency", metavar="AGENCY_DIR")
    s.add_argument("--year")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)

    k = sub.add_parser("codes", help="รายการรหัสผลการตรวจ")
    k.add_argument("--format", choices=["text", "md"], default="text")
    k.set_defaults(func=cmd_codes)

    t = sub.add_parser("topics", help="รายการหัวข้อข้อมูลและชื่อไฟล์")
    t.set_defaults(func=cmd_topics)

    for module in PLUGINS:
        try:
            mod = importlib.import_module(f"oitsite.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"oitsite.{module}":
                continue  # optional command module not present
            raise
        if hasattr(mod, "add_commands"):
            mod.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else _die(exc.code)
    except Exception as exc:  # last resort: never a traceback for users
        import os
        import traceback

        if os.environ.get("OITSITE_DEBUG"):
            traceback.print_exc()
        print(f"oitsite: เกิดข้อผิดพลาดภายในโปรแกรม ({type(exc).__name__}: {exc})\n"
              "โปรดแจ้งผู้ดูแลระบบพร้อมข้อความนี้ (ตั้งค่า OITSITE_DEBUG=1 เพื่อดูรายละเอียด)", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())

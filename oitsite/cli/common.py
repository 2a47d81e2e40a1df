"""What every command shares: the year option, the one printer of findings, exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from oitsite import thai
from oitsite.findings import Finding, summary_line

#: exit codes: 0 done, 1 refused with findings, 2 wrong command line, 3 internal error
OK, FINDINGS, USAGE, INTERNAL = 0, 1, 2, 3


def parse_years(value: str | None) -> list[int] | None:
    """``--year 2567`` or ``2567,2568`` (Thai digits too); a CE year is turned into BE with a note."""
    if not value:
        return None
    out = []
    for part in thai.to_arabic_digits(value).split(","):
        part = part.strip()
        if not part.isdigit():
            raise SystemExit(die(f"--year ต้องเป็นปี พ.ศ. เช่น 2567 หรือ 2567,2568 (ได้ '{value}')"))
        year = int(part)
        if thai.is_ce_year(year):
            year = thai.as_be_year(year)
            print(f"หมายเหตุ: --year {part} เป็น ค.ศ. ใช้ปี พ.ศ. {year}", file=sys.stderr)
        out.append(year)
    return out


def add_year_option(p: argparse.ArgumentParser, help: str = "ปีการประเมิน พ.ศ. (เช่น 2567 หรือ 2567,2568)") -> None:
    p.add_argument("--year", help=help)


def add_lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["th", "en"], default="th", help="ภาษาของข้อความ (ค่าเริ่มต้น th)")


def die(msg: str) -> int:
    print(f"oitsite: {msg}", file=sys.stderr)
    return USAGE


def print_findings(findings: list[Finding], fmt: str = "text", lang: str = "th", stream: TextIO | None = None) -> None:
    """The one printer of findings: text for people, JSON (every location field) for tools."""
    stream = stream or sys.stdout
    if fmt == "json":
        json.dump([f.as_dict() for f in findings], stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    for f in findings:
        print(f.format(lang), file=stream)


def print_summary(findings: list[Finding], lang: str = "th", prefix: str = "", stream: TextIO | None = None) -> None:
    print(prefix + summary_line(findings, lang), file=stream or sys.stderr)

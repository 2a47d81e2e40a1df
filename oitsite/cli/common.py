"""What every command shares: the Thai argument parser, the year option, the one printer of
findings, exit codes.

**Thai help for a new command.** ``oitsite.cli.build_parser`` makes a :class:`ThaiArgumentParser`;
``add_subparsers`` hands that class (and :class:`ThaiHelpFormatter`) to every parser made from it,
so a new command module only has to

1. be listed in ``oitsite.cli.COMMANDS`` and define ``add_commands(subparsers)``;
2. give ``help=`` in Thai to ``subparsers.add_parser(...)`` and to every ``add_argument(...)``
   (a positional's ``metavar`` may stay English, e.g. ``AGENCY_DIR``);
3. take a choice with :func:`add_choice` (Thai and English values: ``--type ทต.`` = ``--type
   subdistrict_municipality``) rather than ``choices=``, or with ``choices=`` for machine values;
4. never name an O-item number in help text (they differ between ITA years): name the topic.

argparse's own words ("usage:", "the following arguments are required", "invalid choice",
"show this help message and exit", …) are translated by the parser itself (:data:`ARGPARSE_TH`,
matched on argparse's message ids, so it works for Python 3.11–3.13 without touching the
process-wide gettext domain). ``tests/cli/test_thai_cli.py`` walks every parser and fails on a
help text or error line with no Thai in it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from typing import Any, NoReturn, TextIO

from oitsite import thai
from oitsite.findings import SEVERITY_TH, Finding, summary_line

#: exit codes: 0 done, 1 refused with findings, 2 wrong command line, 3 internal error
OK, FINDINGS, USAGE, INTERNAL = 0, 1, 2, 3


#: argparse's message ids (its gettext ``msgid``s, Python 3.11–3.13) and their Thai text. The
#: ``%(name)s``/``%s``/``%r`` fields are kept; :func:`translate_argparse` matches a finished message
#: against each id, so an untranslated id simply stays English (and the CLI test names it).
ARGPARSE_TH: dict[str, str] = {
    "usage: ": "วิธีใช้: ",
    "positional arguments": "สิ่งที่ต้องระบุ",
    "options": "ตัวเลือก",
    "optional arguments": "ตัวเลือก",
    "subcommands": "คำสั่งย่อย",
    "show this help message and exit": "แสดงวิธีใช้นี้แล้วจบ",
    "show program's version number and exit": "แสดงรุ่นของโปรแกรมแล้วจบ",
    " (default: %(default)s)": " (ค่าเริ่มต้น: %(default)s)",
    "the following arguments are required: %s": "ยังไม่ได้ระบุ: %s",
    "unrecognized arguments: %s": "ไม่รู้จักตัวเลือกหรือค่านี้: %s",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ใช้ค่า %(value)s ไม่ได้ (ใช้ได้: %(choices)s)",
    "invalid %(type)s value: %(value)r": "ค่า %(value)s ไม่ใช่%(type)s",
    "expected one argument": "ต้องตามด้วยค่าหนึ่งค่า",
    "expected at least one argument": "ต้องตามด้วยค่าอย่างน้อยหนึ่งค่า",
    "expected at most one argument": "ตามด้วยค่าได้ไม่เกินหนึ่งค่า",
    "expected %s argument": "ต้องตามด้วยค่า %s ค่า",
    "expected %s arguments": "ต้องตามด้วยค่า %s ค่า",
    "ambiguous option: %(option)s could match %(matches)s": "ตัวเลือก %(option)s กำกวม อาจหมายถึง %(matches)s",
    "not allowed with argument %s": "ใช้พร้อมกับ %s ไม่ได้",
    "one of the arguments %s is required": "ต้องระบุอย่างใดอย่างหนึ่งใน %s",
    "ignored explicit argument %r": "ตัวเลือกนี้ไม่รับค่า (ได้ %r)",
    "can't open '%(filename)s': %(error)s": "เปิดไฟล์ '%(filename)s' ไม่ได้: %(error)s",
    "unexpected option string: %s": "ไม่คาดว่าจะพบตัวเลือก %s",
    "argument '%(argument_name)s' is deprecated": "'%(argument_name)s' เลิกใช้แล้ว",
    "option '%(option)s' is deprecated": "ตัวเลือก '%(option)s' เลิกใช้แล้ว",
    "command '%(parser_name)s' is deprecated": "คำสั่ง '%(parser_name)s' เลิกใช้แล้ว",
}
#: argparse's names of value types (``invalid int value``)
_TYPE_TH = {"int": "จำนวนเต็ม", "float": "ตัวเลข", "str": "ข้อความ"}
_FIELD = re.compile(r"%\((\w+)\)[sr]|%[sr]")


def _msgid_pattern(msgid: str) -> re.Pattern[str]:
    out, pos = "", 0
    for n, m in enumerate(_FIELD.finditer(msgid)):
        out += re.escape(msgid[pos:m.start()])
        out += f"(?P<{m.group(1) or f'_{n}'}>.*?)"
        pos = m.end()
    return re.compile(out + re.escape(msgid[pos:]) + r"\Z", re.DOTALL)


_PATTERNS = [(_msgid_pattern(en), en, th) for en, th in ARGPARSE_TH.items() if _FIELD.search(en)]


def _unquote(text: str) -> str:
    """argparse quotes values with repr(): ``'ทต.'`` reads better as ทต."""
    return ", ".join(v[1:-1] if len(v) > 1 and v[0] == v[-1] == "'" else v for v in re.split(r",\s*", text))


def translate_argparse(message: str) -> str:
    """argparse's English ``message`` in Thai (nested messages too); unknown text unchanged."""
    if message in ARGPARSE_TH:
        return ARGPARSE_TH[message]
    for pattern, _en, th in _PATTERNS:
        m = pattern.match(message)
        if not m:
            continue
        fields = {k: v for k, v in m.groupdict().items()}
        if "message" in fields:
            fields["message"] = translate_argparse(fields["message"])
        for key in ("value", "choices"):
            if key in fields:
                fields[key] = _unquote(fields[key])
        if "type" in fields:
            fields["type"] = _TYPE_TH.get(fields["type"], fields["type"])
        positional = [fields[k] for k in sorted(k for k in fields if k.startswith("_"))]
        named = {k: v for k, v in fields.items() if not k.startswith("_")}
        text = th % named if named else th
        for value in positional:
            text = re.sub(r"%[sr]", lambda _m, v=value: v, text, count=1)
        return text
    return message


class ThaiHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with Thai headings ("วิธีใช้:" for "usage:")."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, ARGPARSE_TH["usage: "] if prefix is None else prefix)


class ThaiArgumentParser(argparse.ArgumentParser):
    """The parser of every oitsite command: argparse with every message of its own in Thai, and
    on a mistake the usage line, the Thai reason and where to read the help. Parsers made with
    ``add_subparsers().add_parser`` are of this class too (argparse passes ``type(self)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ThaiHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = ARGPARSE_TH["positional arguments"]
        self._optionals.title = ARGPARSE_TH["options"]
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = ARGPARSE_TH["show this help message and exit"]

    def add_subparsers(self, **kwargs: Any) -> argparse._SubParsersAction:
        if "title" in kwargs and kwargs["title"] in ARGPARSE_TH:
            kwargs["title"] = ARGPARSE_TH[kwargs["title"]]
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: ผิดพลาด: {translate_argparse(message)}\n"
                         f"ดูวิธีใช้ทั้งหมดด้วย: {self.prog} --help\n")


def add_choice(p: argparse.ArgumentParser, *flags: str, choices: dict[str, tuple[str, ...]], help: str,
               default: str | None = None, metavar: str = "ค่า") -> None:
    """An option taking one of ``choices`` (canonical value → other accepted spellings, e.g.
    ``{"sao": ("อบต.", "องค์การบริหารส่วนตำบล")}``); any spelling is stored as the canonical value
    and the help lists them all."""
    p.add_argument(*flags, type=choice_type(choices), default=default, metavar=metavar,
                   help=f"{help} ใช้ได้: " + "; ".join(" = ".join((k, *v)) for k, v in choices.items()))


def choice_type(choices: dict[str, tuple[str, ...]]) -> Callable[[str], str]:
    lookup = {_fold(name): key for key, names in choices.items() for name in (key, *names)}

    def convert(value: str) -> str:
        key = lookup.get(_fold(value))
        if key is None:
            raise argparse.ArgumentTypeError(
                f"ใช้ค่า '{value}' ไม่ได้ (ใช้ได้: {', '.join(n for k, v in choices.items() for n in (k, *v))})")
        return key

    convert.__name__ = "ค่า"
    return convert


def _fold(value: str) -> str:
    return value.strip().casefold().removesuffix(".").replace(" ", "")


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
    p.add_argument("--year", metavar="ปี", help=help)


LANGS = {"th": ("ไทย", "thai"), "en": ("อังกฤษ", "english")}


def add_lang_option(p: argparse.ArgumentParser) -> None:
    add_choice(p, "--lang", choices=LANGS, default="th", metavar="ภาษา", help="ภาษาของข้อความ (ค่าเริ่มต้น th)")


#: exit status of a command whose reader closed the pipe (128 + SIGPIPE, as the shell reports it)
BROKEN_PIPE = 141


def broken_pipe() -> int:
    """Stop quietly when stdout's reader has gone (``oitsite check … | head``): nothing more is
    written, and Python's own flush at exit must not complain either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return BROKEN_PIPE


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


def _problem_text(p: Any, lang: str) -> str:
    """One problem: the finding's own line, then ×N and the other lines where it repeats."""
    f = p.finding
    if p.count > 1 and f.code.value == "oit.placeholder":
        f = Finding(f.code, f.code.info.title_th, f.code.info.title_en, file=f.file, line=f.line, column=f.column,
                    items=f.items, fix_th=f.fix_th, severity=f.severity)
    head, _, fix = f.format(lang).partition("\n")
    if p.count > 1:
        lines = p.lines
        shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
        head += f" ×{p.count}" + ((f" (บรรทัด {shown})" if lang == "th" else f" (lines {shown})") if len(lines) > 1 else "")
    return head + ("\n" + fix if fix else "")


def print_report(d: Any, lang: str = "th", agency: str = "", stream: TextIO | None = None, steps: bool = True) -> None:
    """The check for people (a :class:`oitsite.check.digest.Digest`): findings grouped by O-item,
    most important first, each problem on one line with its repeats (×12); then a table per year
    and what to do next. Each problem line still begins ``file:line:col:`` (editors jump there)."""
    out = stream or sys.stdout
    th = lang == "th"
    for g in d.groups:
        n = g.counts()
        parts = [f"{SEVERITY_TH[k] if th else k} {v}" for k, v in n.items() if v]
        if g.item:
            name = f"{g.item} {g.title}" + (f" (ITA {g.year})" if g.year else "")
        else:
            name = "ข้อมูลหน่วยงานและไฟล์ทั่วไป" if th else "agency data and general files"
        also = "; ".join(f"ITA {y}: {', '.join(items)}" for y, items in sorted(g.also.items(), reverse=True))
        if also:
            name += f" — {'ในเกณฑ์ปีอื่น' if th else 'other years'} {also}"
        print(f"\n== {name} · {', '.join(parts)} ==", file=out)
        for p in g.problems:
            print(_problem_text(p, lang), file=out)
    print_table(d, lang, agency, out, steps)


def print_table(d: Any, lang: str = "th", agency: str = "", stream: TextIO | None = None, steps: bool = True) -> None:
    out = stream or sys.stdout
    th = lang == "th"
    if d.years:
        print("\nสรุป" if th else "\nSummary", file=out)
        head = ["ปี ITA", "ครบ", "ยังไม่ครบ", "ยังไม่มีข้อมูล", "ผิดพลาด", "คำเตือน"] if th else \
            ["ITA year", "complete", "partial", "missing", "errors", "warnings"]
        rows = [[str(r.year), f"{r.met}/{r.items}", str(r.partial), str(r.missing), str(r.errors), str(r.warnings)]
                for r in d.years]
        widths = [max(_width(c) for c in col) for col in zip(head, *rows)]
        for row in [head, *rows]:
            print("  " + "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip(), file=out)
    print(summary_line(d.findings, lang), file=out)
    if th and steps:
        print_next_steps(d, agency, out)


def print_next_steps(d: Any, agency: str, out: TextIO) -> None:
    steps = []
    if d.unreadable:
        steps.append(f"แก้ไฟล์ที่อ่านไม่ได้ก่อน ({len(d.unreadable)} ไฟล์: {', '.join(d.unreadable[:5])}"
                     f"{' …' if len(d.unreadable) > 5 else ''}) ผลตรวจของข้อที่ใช้ไฟล์เหล่านี้จะแสดงเมื่อแก้แล้ว")
    other = d.errors - d.safety - d.content - sum(f.severity == "error" and f.file in d.unreadable for f in d.findings)
    if other > 0:
        steps.append(f"แก้ข้อผิดพลาด {other} รายการตามรายการข้างบน (ชนิดข้อมูล รูปแบบ หรือที่อยู่ไฟล์ไม่ถูกต้อง)")
    if d.safety:
        steps.append(f"แก้เรื่องความปลอดภัย {d.safety} รายการ (เว็บไซต์จะไม่ถูกสร้างจนกว่าจะแก้ แม้ใช้ --allow-incomplete)")
    if d.content:
        todo = next((r for r in reversed(d.years) if r.incomplete_items), None)
        where = (f" เริ่มจากข้อที่ยังไม่ครบของปี {todo.year}: {', '.join(todo.incomplete_items[:8])}"
                 f"{' …' if len(todo.incomplete_items) > 8 else ''}") if todo else ""
        steps.append(f"กรอกข้อมูลที่ยังขาด {d.content} รายการ{where}")
    target = agency or "<โฟลเดอร์หน่วยงาน>"
    if steps:
        steps.append(f"ตรวจอีกครั้ง: oitsite check {target}")
        if d.content and not d.safety and not d.unreadable:
            steps.append(f"ดูตัวอย่างเว็บไซต์ที่ยังไม่ครบได้ด้วย: oitsite build {target} --allow-incomplete")
    else:
        steps.append(f"พร้อมสร้างเว็บไซต์: oitsite build {target}")
    print("ขั้นต่อไป:", file=out)
    for n, step in enumerate(steps, 1):
        print(f"  {n}. {step}", file=out)


def _width(text: str) -> int:
    """Columns a text takes on a terminal: Thai vowels and tone marks above or below take none."""
    return sum(0 if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" else 1 for ch in text)

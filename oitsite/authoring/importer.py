"""Import procurement records from Excel (.xlsx) or CSV into ``data/<YYYY>/procurement.yaml``.

Two sheet layouts are understood, told apart by their header row:

* the criteria layout: the 12 columns the ITA criteria list for O16/O17 (งานที่ซื้อหรือจ้าง,
  วงเงินงบประมาณที่ได้รับจัดสรร (บาท) … วันสิ้นสุดสัญญา);
* the monthly สขร.1 form (ลำดับที่, งานที่จัดซื้อหรือจัดจ้าง, วงเงินที่จะซื้อหรือจ้าง, ราคากลาง,
  วิธีซื้อหรือจ้าง, รายชื่อผู้เสนอราคาและราคาที่เสนอ, ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง,
  เหตุผลที่คัดเลือกโดยสังเขป, เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง), where one cell
  holds "ผู้ชนะ + ราคา" or "เลขที่ + วันที่" and is split into record fields.

The header row may sit anywhere in the first rows (merged title rows above it) and may span two
rows (a merged group header over sub-columns). Header text is matched loosely: spacing, line
breaks, "(บาท)", numbering such as "(๑)" and Thai/Arabic digits do not matter.

Nothing is written when a cell is wrong (unless ``force``: bad cells are then left empty and
reported). The output is deterministic: the same workbook gives byte-identical YAML, and
re-importing replaces records with the same project id (เลขที่โครงการ) instead of adding them twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import yaml

from oitsite import thai
from oitsite.findings import Code, Finding
from oitsite.load import yamlsrc
from oitsite.model.schema import load_topics, validate_data

TOPIC_ID = "procurement"
HEADER_SCAN_ROWS = 15

#: record fields in output order (the schema's order)
RECORD_FIELDS = (
    "name", "budget", "source", "status", "method", "reference_price", "contract_price",
    "vendor_tax_id", "vendor_name", "project_id", "contract_date", "contract_end",
    "contract_no", "bidders", "selection_reason",
)
#: the 12 columns the criteria require (O16/O17)
CRITERIA_FIELDS = RECORD_FIELDS[:12]
MONEY_FIELDS = {"budget", "reference_price", "contract_price"}
DATE_FIELDS = {"contract_date", "contract_end"}
MULTILINE_FIELDS = {"bidders", "selection_reason"}

# Column targets besides record fields: parts of the สขร.1 form.
SEQ = "_seq"              # ลำดับที่ (ignored)
WINNER = "_winner"        # ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง (name + price in one cell)
CONTRACT_REF = "_contract"  # เลขที่และวันที่ของสัญญาหรือข้อตกลง (number + date in one cell)
BIDDER_NAME = "_bidder_name"
BIDDER_PRICE = "_bidder_price"

#: header aliases per target, as written in real workbooks (matched after normalisation)
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("งานที่ซื้อหรือจ้าง", "ชื่อรายการของงานที่ซื้อหรือจ้าง", "งานที่จัดซื้อหรือจัดจ้าง", "งานที่จัดซื้อจัดจ้าง",
             "งานจัดซื้อจัดจ้าง", "งานจัดซื้อหรือจัดจ้าง", "ชื่อโครงการ", "รายการพัสดุที่จัดซื้อจัดจ้าง"),
    "budget": ("วงเงินงบประมาณที่ได้รับจัดสรร", "วงเงินงบประมาณ", "วงเงินที่จะซื้อหรือจ้าง", "วงเงินที่จัดซื้อจัดจ้าง",
               "วงเงินที่จะซื้อจ้าง", "วงเงิน"),
    "source": ("แหล่งที่มาของงบประมาณ", "แหล่งที่มางบประมาณ", "แหล่งงบประมาณ"),
    "status": ("สถานะการจัดซื้อจัดจ้าง", "สถานะการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", "สถานะ"),
    "method": ("วิธีการจัดซื้อจัดจ้าง", "วิธีการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", "วิธีซื้อหรือจ้าง", "วิธีจัดซื้อจัดจ้าง",
               "วิธีซื้อจ้าง", "วิธีการจัดหา", "วิธีจัดหา"),
    "reference_price": ("ราคากลาง",),
    "contract_price": ("ราคาที่ตกลงซื้อหรือจ้าง", "ราคาที่ตกลงซื้อจ้าง", "จำนวนเงินรวมที่จัดซื้อจัดจ้าง", "ราคาที่ตกลง"),
    "vendor_tax_id": ("เลขประจำตัวผู้เสียภาษีเลขประจำตัวประชาชน", "เลขประจำตัวผู้เสียภาษีอากร", "เลขประจำตัวผู้เสียภาษี",
                      "เลขที่ประจำตัวผู้เสียภาษี", "เลขประจำตัวประชาชน"),
    "vendor_name": ("รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "ผู้ประกอบการที่ได้รับการคัดเลือก", "ชื่อผู้ประกอบการ",
                    "ผู้ขายผู้รับจ้าง", "ผู้ได้รับการคัดเลือก", "ผู้ได้รับคัดเลือก"),
    "project_id": ("เลขที่โครงการ", "เลขที่โครงการในระบบegp", "เลขโครงการ", "เลขที่โครงการegp"),
    "contract_date": ("วันที่ลงนามในสัญญา", "วันที่ลงนามสัญญา", "วันที่ทำสัญญา", "วันที่ของสัญญา", "วันที่สัญญา"),
    "contract_end": ("วันสิ้นสุดสัญญา", "วันที่สิ้นสุดสัญญา", "วันครบกำหนดสัญญา"),
    "contract_no": ("เลขที่สัญญา", "เลขที่สัญญาข้อตกลง", "เลขที่สัญญาหรือข้อตกลง"),
    "bidders": ("รายชื่อผู้เสนอราคาและราคาที่เสนอ", "รายชื่อผู้เสนอราคาและวงเงินที่เสนอ", "ผู้เสนอราคาและราคาที่เสนอ"),
    "selection_reason": ("เหตุผลที่คัดเลือกโดยสังเขป", "เหตุผลที่คัดเลือกโดยสรุป", "เหตุผลที่คัดเลือก", "เหตุผลสนับสนุน"),
    SEQ: ("ลำดับที่", "ลำดับ", "ที่"),
    WINNER: ("ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อจ้าง",
             "ผู้ได้รับคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง"),
    CONTRACT_REF: ("เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง", "เลขที่และวันที่ของสัญญาหรือข้อตกลง",
                   "เลขที่และวันที่ของสัญญา"),
}

#: headers only the สขร.1 form has
SKR1_MARKERS = {WINNER, CONTRACT_REF, "bidders", "selection_reason"}

#: sub-column words under a merged group header (สขร.1 variants)
_SUB_NAME = re.compile(r"ชื่อ|ผู้ได้รับ|ผู้เสนอ")
_SUB_PRICE = re.compile(r"ราคา|จำนวนเงิน|บาท|วงเงิน")
_SUB_NO = re.compile(r"เลขที่")
_SUB_DATE = re.compile(r"วันที่|ลงวันที่|ลว")
_SUB_TAXID = re.compile(r"เลขประจำตัว")

_EMPTY_MARKS = {"", "-", "–", "—", "ไม่มี", "n/a", "na", "ไม่ระบุ", "."}

_MONTHS = (
    "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|"
    r"ม\.?\s?ค\.?|ก\.?\s?พ\.?|มี\.?\s?ค\.?|เม\.?\s?ย\.?|พ\.?\s?ค\.?|มิ\.?\s?ย\.?|ก\.?\s?ค\.?|ส\.?\s?ค\.?|ก\.?\s?ย\.?|"
    r"ต\.?\s?ค\.?|พ\.?\s?ย\.?|ธ\.?\s?ค\.?"
)
_DATE_IN_TEXT = re.compile(
    r"(\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\s*(?:" + _MONTHS + r")\s*(?:พ\.?\s?ศ\.?)?\s*\d{2,4})"
)
_AMOUNT_BAHT = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:\.-|\.–|-|/-)?\s*บาท")
_AMOUNT_BARE = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{2})(?!\d)")
_TAXID_IN_TEXT = re.compile(r"(?<!\d)(\d[\d\- ]{11,17}\d)(?!\d)")


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class ImportResult:
    """What an import did (or would do, when it had errors)."""

    source: str
    output: Path | None = None
    written: bool = False
    layout: str = ""  # "criteria" | "skr1"
    sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    records: list[dict] = field(default_factory=list)  # the imported records (not the merged file)
    added: int = 0
    replaced: int = 0
    kept: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "output": str(self.output) if self.output else None,
            "written": self.written,
            "layout": self.layout,
            "sheets": self.sheets,
            "rows_read": self.rows_read,
            "records_imported": len(self.records),
            "added": self.added,
            "replaced": self.replaced,
            "kept": self.kept,
            "errors": len(self.errors),
            "findings": [f.as_dict() for f in self.findings],
        }

    def format_text(self, max_per_code: int = 30) -> str:
        lines: list[str] = []
        shown_per_code: dict[str, int] = {}
        hidden: dict[str, int] = {}
        for f in self.findings:
            n = shown_per_code.get(f.code.value, 0)
            if n >= max_per_code:
                hidden[f.code.value] = hidden.get(f.code.value, 0) + 1
                continue
            shown_per_code[f.code.value] = n + 1
            lines.append(f.format("th"))
        for code, n in hidden.items():
            lines.append(f"… และอีก {n:,} รายการของ {code} (ดูทั้งหมดด้วย --format json)")
        layout = {"criteria": "ตามเกณฑ์ (12 คอลัมน์)", "skr1": "แบบ สขร.1"}.get(self.layout, "-")
        if self.written:
            lines.append(
                f"นำเข้าแล้ว {len(self.records):,} รายการ จาก {self.rows_read:,} แถว (รูปแบบ{layout}) → {self.output}"
                f"  [เพิ่มใหม่ {self.added:,} · แทนที่ {self.replaced:,} · คงไว้ {self.kept:,}]"
            )
        else:
            lines.append(
                f"ยังไม่ได้บันทึกไฟล์: พบข้อผิดพลาด {len(self.errors):,} รายการ แก้ไขในไฟล์ {self.source} แล้วนำเข้าใหม่"
                " หรือใช้ --force เพื่อนำเข้าโดยเว้นช่องที่ผิดไว้"
            )
        return "\n".join(lines)


class _Findings:
    """Collects findings that point at a cell of the source file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Finding] = []

    def cell(self, code: Code, sheet: str | None, row: int, col: "Column | None", message_th: str, fix_th: str,
             message_en: str = "", severity: str | None = None) -> None:
        if col is not None:
            head = f"แถว {row} คอลัมน์ {col.letter} ({col.header}): "
        else:
            head = f"แถว {row}: "
        if sheet:
            head = f"ชีต '{sheet}' " + head
        self.items.append(Finding(code, head + message_th, message_en, file=self.file, line=row,
                                  column=(col.index + 1) if col else None, fix_th=fix_th,
                                  severity=severity))  # type: ignore[arg-type]

    def general(self, code: Code, message_th: str, fix_th: str = "", message_en: str = "",
                severity: str | None = None, sheet: str | None = None) -> None:
        self.items.append(Finding(code, (f"ชีต '{sheet}': " if sheet else "") + message_th, message_en,
                                  file=self.file, fix_th=fix_th,
                                  severity=severity))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Header matching


def col_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def norm_header(value: Any) -> str:
    """Header text reduced to what matters for matching."""
    if value is None:
        return ""
    s = thai.to_arabic_digits(str(value))
    s = s.replace("\u0e4d\u0e32", "\u0e33")  # นิคหิต + สระอา (from PDF copies) → สระอำ
    s = re.sub(r"\(\s*\d+\s*\)", "", s)  # (1) numbering
    s = re.sub(r"^\s*\d+\s*[.)]\s*", "", s)  # 1. or 1) numbering
    s = re.sub(r"\(?\s*บาท\s*\)?", "", s)
    s = re.sub(r"[\s\u200b\u200c\u200d\ufeff\u00a0*:;,.()\[\]\-–—/\\\"'_]+", "", s)
    return s.lower()


_ALIAS_LIST: list[tuple[str, str]] = sorted(
    ((norm_header(a), target) for target, aliases in ALIASES.items() for a in aliases),
    key=lambda p: -len(p[0]),
)


def match_header(text: Any) -> tuple[str, int] | None:
    """Best (target, score) for one header cell: 3 exact, 2 prefix, 1 contained."""
    h = norm_header(text)
    if not h:
        return None
    best: tuple[int, int, str] | None = None
    for alias, target in _ALIAS_LIST:
        if h == alias:
            score = 3
        elif len(alias) >= 6 and h.startswith(alias):
            score = 2
        elif len(alias) >= 8 and alias in h:
            score = 1
        else:
            continue
        cand = (score, len(alias), target)
        if best is None or cand[:2] > best[:2]:
            best = cand
    return (best[2], best[0]) if best else None


@dataclass
class Column:
    index: int
    target: str
    header: str  # as shown to users (original text, one line)

    @property
    def letter(self) -> str:
        return col_letter(self.index)


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"\s+", " ", str(v)).strip()


def _is_subheader(row: Sequence[Any]) -> bool:
    texts = [_cell_text(v) for v in row]
    filled = [t for t in texts if t]
    if not filled:
        return False
    if any(re.search(r"\d{3,}", thai.to_arabic_digits(t)) for t in filled):
        return False  # a data row (amounts, ids), not a sub-header
    return any(_SUB_NAME.search(t) or _SUB_PRICE.search(t) or _SUB_NO.search(t) or _SUB_DATE.search(t) for t in filled)


_NUMBERING = re.compile(r"\(?\d{1,2}\)?\.?")


def _is_numbering_row(row: Sequence[Any]) -> bool:
    """A row of column numbers like (1) (2) (3) under the header (cheap on data rows: it stops
    at the first cell that is not a short number)."""
    filled = 0
    for v in row:
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, str):
            t = v.strip()
            if not t:
                continue
            if len(t) > 6:
                return False
        elif isinstance(v, (int, float)):
            t = _cell_text(v)
        else:
            return False
        if not _NUMBERING.fullmatch(thai.to_arabic_digits(t)):
            return False
        filled += 1
    return filled >= 3


def detect_header(rows: Sequence[Sequence[Any]]) -> tuple[int, int, list[Column]] | None:
    """Find the header in the first rows. Returns (header row index, rows used, columns)."""
    best: tuple[int, int] | None = None  # (distinct targets, row index)
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        targets = {m[0] for m in (match_header(v) for v in row) if m and m[0] != SEQ}
        if len(targets) >= 3 and (best is None or len(targets) > best[0]):
            best = (len(targets), r)
    if best is None:
        return None
    r = best[1]
    header = list(rows[r])
    sub = list(rows[r + 1]) if r + 1 < len(rows) and _is_subheader(rows[r + 1]) else None
    width = max(len(header), len(sub) if sub else 0)
    header += [None] * (width - len(header))
    if sub is not None:
        sub += [None] * (width - len(sub))
    candidates: list[tuple[int, int, int, str, str]] = []  # (score, -col, col, target, shown)
    parent_text = ""
    for c in range(width):
        own = _cell_text(header[c])
        if own:
            parent_text = own
        sub_text = _cell_text(sub[c]) if sub else ""
        shown = own or parent_text
        target_score: tuple[str, int] | None = None
        if sub_text:
            parent = match_header(parent_text)
            shown = f"{parent_text} / {sub_text}" if parent_text and parent_text != sub_text else sub_text
            target_score = _sub_target(parent[0] if parent else None, sub_text)
            if target_score is None:
                target_score = match_header(sub_text) or (match_header(own) if own else None)
        elif own:
            target_score = match_header(own)
        if target_score:
            candidates.append((target_score[1], -c, c, target_score[0], shown))
    # every target goes to its best column (highest score, then leftmost); a column takes one target
    used_cols: set[int] = set()
    used_targets: set[str] = set()
    columns: list[Column] = []
    for score, _neg, c, target, shown in sorted(candidates, reverse=True):
        if c in used_cols or target in used_targets:
            continue
        used_cols.add(c)
        used_targets.add(target)
        columns.append(Column(c, target, shown))
    columns.sort(key=lambda col: col.index)
    return r, (2 if sub is not None else 1), columns


def _sub_target(parent: str | None, sub_text: str) -> tuple[str, int] | None:
    """A sub-column under a merged group header of the สขร.1 form."""
    s = norm_header(sub_text)
    is_name = bool(re.match(r"(ราย)?ชื่อ|ผู้", s))
    is_price = not is_name and bool(_SUB_PRICE.search(s))
    if parent == WINNER:
        if _SUB_TAXID.search(s):
            return "vendor_tax_id", 3
        if is_price:
            return "contract_price", 3
        if is_name or _SUB_NAME.search(s):
            return "vendor_name", 3
    if parent == "bidders":
        if is_price:
            return BIDDER_PRICE, 3
        if is_name or _SUB_NAME.search(s):
            return BIDDER_NAME, 3
    if parent == CONTRACT_REF:
        if _SUB_DATE.search(s):
            return "contract_date", 3
        if _SUB_NO.search(s):
            return "contract_no", 3
    return None


# ---------------------------------------------------------------------------------------------
# Reading files


@dataclass
class Sheet:
    name: str | None  # None for CSV
    rows: Iterator[Sequence[Any]]


def _read_csv(path: Path, findings: _Findings) -> list[Sheet]:
    raw = path.read_bytes()
    text: str | None = None
    for enc in ("utf-8-sig", "cp874"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        findings.general(Code.FILE_ENCODING, "อ่านไฟล์ CSV ไม่ได้ (ไม่ใช่ UTF-8 หรือ TIS-620/Windows-874)",
                         "บันทึกไฟล์จาก Excel ใหม่เป็น 'CSV UTF-8 (Comma delimited)' หรือใช้ไฟล์ .xlsx โดยตรง",
                         "CSV is neither UTF-8 nor cp874")
        return []
    sample = text[:8192]
    delimiter = ","
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        pass
    return [Sheet(None, iter(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))))]


def _read_xlsx(path: Path, sheet: str | None, findings: _Findings) -> tuple[list[Sheet], Any]:
    import openpyxl  # heavy import, only when needed
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        findings.general(Code.IMPORT_ERROR, f"เปิดไฟล์ Excel ไม่ได้: {exc}",
                         "ตรวจว่าไฟล์เป็น .xlsx ที่เปิดได้ใน Excel (ไฟล์ .xls รุ่นเก่าให้บันทึกใหม่เป็น .xlsx)",
                         f"Cannot open workbook: {exc}")
        return [], None
    names = wb.sheetnames
    if sheet is not None:
        if sheet not in names:
            findings.general(Code.IMPORT_ERROR, f"ไม่พบชีต '{sheet}' ในไฟล์ (มี: {', '.join(names)})",
                             "ระบุชื่อชีตให้ตรงกับในไฟล์ หรือไม่ต้องระบุ --sheet เพื่ออ่านทุกชีต",
                             f"No sheet named {sheet!r}")
            wb.close()
            return [], None
        names = [sheet]
    return [Sheet(n, wb[n].iter_rows(values_only=True)) for n in names], wb


# ---------------------------------------------------------------------------------------------
# Cell conversion


class CellError(Exception):
    def __init__(self, code: Code, message_th: str, fix_th: str) -> None:
        super().__init__(message_th)
        self.code = code
        self.message_th = message_th
        self.fix_th = fix_th


def _is_empty(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip().lower() in _EMPTY_MARKS
    return False


def to_text(v: Any, multiline: bool = False) -> str | None:
    if _is_empty(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.datetime):
        v = v.date()
    s = str(v).replace("\r\n", "\n").replace("\r", "\n").strip()
    if multiline:
        s = "\n".join(re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in s.split("\n") if line.strip())
    else:
        s = re.sub(r"\s+", " ", s)
    return s or None


def to_baht(v: Any) -> Decimal | None:
    if _is_empty(v):
        return None
    if isinstance(v, bool):
        raise CellError(Code.BAD_AMOUNT, "ช่องนี้ต้องเป็นจำนวนเงิน", "ใส่จำนวนเงินเป็นตัวเลข เช่น 125,000.00")
    if isinstance(v, (int, float)):
        amount = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    else:
        try:
            amount = thai.parse_baht(str(v).strip())
        except thai.ThaiValueError as exc:
            raise CellError(Code.BAD_AMOUNT, f"อ่านจำนวนเงิน '{_short(v)}' ไม่ได้ ({exc.message_th})",
                            "ใส่จำนวนเงินเป็นตัวเลข เช่น 125,000.00 (ไม่ต้องมีข้อความอื่นในช่อง)")
    if amount < 0:
        raise CellError(Code.BAD_AMOUNT, f"จำนวนเงินติดลบ ({_short(v)})", "ตรวจตัวเลขในช่องนี้อีกครั้ง")
    return amount.quantize(Decimal("0.01"))


_TWO_DIGIT_YEAR = re.compile(r"^(.*?\D)(\d{2})$")


def to_date(v: Any, fiscal_year: int | None = None) -> dt.date | None:
    """A date cell. With ``fiscal_year``, a two-digit year close to it ("3 ต.ค. 66") is read as 25xx."""
    if _is_empty(v):
        return None
    value = v.strip() if isinstance(v, str) else v
    if isinstance(value, str) and fiscal_year:
        s = thai.to_arabic_digits(value)
        m = _TWO_DIGIT_YEAR.match(s)
        if m and abs(2500 + int(m.group(2)) - fiscal_year) <= 2 and re.search(r"\d", m.group(1)):
            value = f"{m.group(1)}25{m.group(2)}"
    try:
        d = thai.parse_date(value).value
    except thai.ThaiValueError as exc:
        raise CellError(Code.BAD_DATE, exc.message_th,
                        "ใส่วันที่แบบ 31/03/2567 หรือ 31 มีนาคม 2567 หรือจัดรูปแบบเซลล์เป็นวันที่ใน Excel")
    return d


def to_taxid(v: Any) -> str | None:
    if _is_empty(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    text = str(v).strip()
    if isinstance(v, int) and 10**10 <= v < 10**12:
        text = f"{v:013d}"  # Excel dropped the leading zero(s) of a juristic-person number
    try:
        return thai.normalize_thai_id(text)
    except thai.ThaiValueError as exc:
        raise CellError(Code.BAD_TAXID, exc.message_th,
                        "ตรวจเลข 13 หลักกับหนังสือรับรองบริษัทหรือบัตรประชาชนของผู้ประกอบการ"
                        " (ถ้าเลข 0 ตัวแรกหายไป ให้จัดรูปแบบเซลล์เป็นข้อความ)")


def to_project_id(v: Any) -> str | None:
    if _is_empty(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"\s+", "", thai.to_arabic_digits(str(v).strip())) or None


def _short(v: Any, n: int = 40) -> str:
    s = re.sub(r"\s+", " ", str(v)).strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def split_winner(text: str) -> tuple[str | None, Decimal | None, str | None, int]:
    """'ร้าน ก. 5,000.00 บาท' → (name, price, tax id, number of amounts found)."""
    s = thai.to_arabic_digits(text)
    taxid = None
    m = _TAXID_IN_TEXT.search(s)
    if m and len(re.sub(r"\D", "", m.group(1))) == 13:
        taxid = re.sub(r"\D", "", m.group(1))
        s = (s[: m.start()] + s[m.end():])
    amounts = list(_AMOUNT_BAHT.finditer(s)) or list(_AMOUNT_BARE.finditer(s))
    price = None
    names: list[str] = []
    if amounts:
        price = sum((Decimal(a.group(1).replace(",", "")) for a in amounts), Decimal("0")).quantize(Decimal("0.01"))
        last = 0
        for a in amounts:
            names.append(s[last: a.start()])
            last = a.end()
        names.append(s[last:])
    else:
        names = [s]
    cleaned = [_clean_name(n) for n in names]
    name = ", ".join(n for n in cleaned if n) or None
    return name, price, taxid, len(amounts)


_NAME_NOISE = re.compile(
    r"(เลขประจำตัวผู้เสียภาษี(อากร)?|เลขประจำตัวประชาชน|ราคาที่ตกลงซื้อหรือจ้าง|ราคาที่ตกลง|ราคาที่เสนอ|"
    r"เป็นเงิน|จำนวนเงิน|วงเงิน|ราคา|ผู้ได้รับการคัดเลือก|ผู้ได้รับคัดเลือก)\s*[:：]?"
)


def _clean_name(s: str) -> str:
    s = _NAME_NOISE.sub(" ", s)
    s = re.sub(r"\s+", " ", s)
    return s.strip(" \t\n/:;,-–()")


def split_contract(text: str) -> tuple[str | None, str | None]:
    """'สัญญาเลขที่ 12/2567 ลงวันที่ 3 ต.ค. 2566' → ('สัญญาเลขที่ 12/2567', '3 ต.ค. 2566')."""
    s = thai.to_arabic_digits(text)
    dates = list(_DATE_IN_TEXT.finditer(s))
    if not dates:
        return (_clean_contract_no(s) or None), None
    d = dates[-1]
    before = s[: d.start()]
    # a number like 12/2567 can look like the start of a date: prefer the text after ลว./ลงวันที่
    marker = re.search(r"(ลว\.?|ลงวันที่|วันที่)\s*$", before.strip())
    number = _clean_contract_no(before[: marker.start()] if marker else before)
    return (number or None), d.group(1)


def _clean_contract_no(s: str) -> str:
    s = re.sub(r"(ลว\.?|ลงวันที่|วันที่)\s*$", "", s.strip())
    s = re.sub(r"\s+", " ", s)
    return s.strip(" \t\n,;:-–")


# ---------------------------------------------------------------------------------------------
# Row → record


@dataclass
class _SheetState:
    name: str | None
    columns: list[Column]
    by_target: dict[str, Column]


def _convert_row(row: Sequence[Any], rownum: int, st: _SheetState, fx: _Findings, force: bool,
                 fy: int | None = None) -> dict | None:
    """One data row → record (None if the row is not a record). Cell errors go to ``fx``."""

    def cell(target: str) -> Any:
        col = st.by_target.get(target)
        if col is None or col.index >= len(row):
            return None
        return row[col.index]

    values = {c.target: row[c.index] for c in st.columns if c.index < len(row)}
    content = {t: v for t, v in values.items() if t != SEQ and not _is_empty(v)}
    if not content:
        return None
    first = _cell_text(next(iter(content.values())))
    name_raw = to_text(cell("name")) or ""
    if re.match(r"^(รวม|ยอดรวม|รวมทั้งสิ้น|total)\b", name_raw or first, re.I) or (
        not name_raw and any(re.match(r"^(รวม|ยอดรวม|รวมทั้งสิ้น)", _cell_text(v)) for v in content.values())
    ):
        return None  # a totals row
    if re.match(r"^(ลงชื่อ|ลงนาม|\(ลงชื่อ\)|ผู้จัดทำ|ผู้ตรวจสอบ|หมายเหตุ)", first):
        return None  # signature/footnote block
    if any(isinstance(v, str) and "ไม่มีการจัดซื้อจัดจ้าง" in re.sub(r"\s+", "", v) for v in content.values()):
        return None
    if _is_numbering_row(row):
        return None

    rec: dict[str, Any] = {}

    def put(target: str, raw: Any, conv: Any, col: Column | None) -> None:
        try:
            value = conv(raw)
        except CellError as exc:
            fx.cell(exc.code, st.name, rownum, col, exc.message_th, exc.fix_th,
                    severity="warning" if force else None)
            return
        if value is not None:
            rec[target] = value

    def date_conv(v: Any) -> dt.date | None:
        return to_date(v, fy)

    converters = {
        "budget": to_baht, "reference_price": to_baht, "contract_price": to_baht,
        "contract_date": date_conv, "contract_end": date_conv, "vendor_tax_id": to_taxid,
        "project_id": to_project_id,
    }
    for col in st.columns:
        t = col.target
        if t in (SEQ, WINNER, CONTRACT_REF, BIDDER_NAME, BIDDER_PRICE) or col.index >= len(row):
            continue
        conv = converters.get(t) or (lambda v, _t=t: to_text(v, multiline=_t in MULTILINE_FIELDS))
        put(t, row[col.index], conv, col)

    win_col = st.by_target.get(WINNER)
    if win_col is not None:
        text = to_text(cell(WINNER), multiline=True)
        if text:
            name, price, taxid, n = split_winner(text)
            if n > 1:
                fx.cell(Code.IMPORT_ERROR, st.name, rownum, win_col,
                        f"พบจำนวนเงิน {n} จำนวนในช่องเดียว จึงรวมเป็นราคาเดียว ({price:,} บาท) และรวมชื่อผู้ชนะ",
                        "ถ้าเป็นสัญญาแยกกัน ให้แยกเป็นหลายแถว แถวละหนึ่งผู้ประกอบการ", severity="warning")
            if name and "vendor_name" not in rec:
                rec["vendor_name"] = name
            if price is not None and "contract_price" not in rec:
                rec["contract_price"] = price
            if price is None and "contract_price" not in st.by_target:
                fx.cell(Code.BAD_AMOUNT, st.name, rownum, win_col, f"ไม่พบราคาที่ตกลงซื้อหรือจ้างในช่อง '{_short(text)}'",
                        "เขียนราคาต่อท้ายชื่อผู้ได้รับการคัดเลือก เช่น 'ร้าน ก. 5,000.00 บาท'",
                        severity="warning" if force else None)
            if taxid and "vendor_tax_id" not in rec:
                put("vendor_tax_id", taxid, to_taxid, win_col)

    ref_col = st.by_target.get(CONTRACT_REF)
    if ref_col is not None:
        text = to_text(cell(CONTRACT_REF))
        if text:
            number, date_text = split_contract(text)
            if number and "contract_no" not in rec:
                rec["contract_no"] = number
            if date_text and "contract_date" not in rec:
                put("contract_date", date_text, date_conv, ref_col)

    if BIDDER_NAME in st.by_target or BIDDER_PRICE in st.by_target:
        names = (to_text(cell(BIDDER_NAME), multiline=True) or "").split("\n")
        raw_price = cell(BIDDER_PRICE)
        if isinstance(raw_price, (int, float)) and not isinstance(raw_price, bool):
            raw_price = thai.format_number(raw_price, decimals=2)
        prices = (to_text(raw_price, multiline=True) or "").split("\n")
        lines = []
        for i in range(max(len(names), len(prices))):
            n = names[i] if i < len(names) else ""
            p = prices[i] if i < len(prices) else ""
            lines.append(" ".join(x for x in (n, f"{p} บาท" if p and "บาท" not in p else p) if x).strip())
        text = "\n".join(x for x in lines if x)
        if text and "bidders" not in rec:
            rec["bidders"] = text

    if "name" not in rec:
        fx.cell(Code.IMPORT_ERROR, st.name, rownum, st.by_target.get("name"),
                "แถวนี้มีข้อมูลแต่ไม่มีชื่องานที่ซื้อหรือจ้าง",
                "ใส่ชื่องานในคอลัมน์ งานที่ซื้อหรือจ้าง หรือลบแถวนี้ถ้าไม่ใช่รายการจัดซื้อจัดจ้าง",
                severity="warning" if force else None)
        return None
    return rec


# ---------------------------------------------------------------------------------------------
# Merge, order and write


def _key_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if v is None:
        return None
    try:
        return thai.parse_date(v).value
    except (thai.ThaiValueError, TypeError, ValueError):
        return None


def _key_money(v: Any) -> Decimal | None:
    if v is None:
        return None
    try:
        return Decimal(str(v)).quantize(Decimal("0.01"))
    except InvalidOperation:
        try:
            return thai.parse_baht(v)
        except (thai.ThaiValueError, TypeError, ValueError):
            return None


def record_key(rec: dict) -> tuple:
    """Identity of a record across imports: the project id, else its content."""
    pid = rec.get("project_id")
    if pid not in (None, ""):
        return ("project", thai.to_arabic_digits(str(pid)).strip())
    return ("row", str(rec.get("name") or "").strip(), str(_key_date(rec.get("contract_date")) or ""),
            str(rec.get("vendor_name") or "").strip(), str(_key_money(rec.get("contract_price")) or ""))


def record_sort_key(rec: dict) -> tuple:
    d = _key_date(rec.get("contract_date"))
    money = _key_money(rec.get("contract_price"))
    return (d is None, d or dt.date.min, str(rec.get("project_id") or ""), str(rec.get("name") or ""),
            str(rec.get("vendor_name") or ""), money if money is not None else Decimal("-1"),
            json.dumps(_plain(rec), ensure_ascii=False, sort_keys=True, default=str))


def merge_records(existing: list[dict], imported: list[dict]) -> tuple[list[dict], int, int, int]:
    """Records of the existing file whose key the import has are replaced by the import's group.

    Returns (merged sorted records, added, replaced, kept)."""
    new_keys = {record_key(r) for r in imported}
    kept = [r for r in existing if not isinstance(r, dict) or record_key(r) not in new_keys]
    old_keys = {record_key(r) for r in existing if isinstance(r, dict)}
    replaced = sum(1 for r in imported if record_key(r) in old_keys)
    merged = kept + list(imported)
    dicts = sorted((r for r in merged if isinstance(r, dict)), key=record_sort_key)
    others = [r for r in merged if not isinstance(r, dict)]
    return dicts + others, len(imported) - replaced, replaced, len(kept)


def _plain(v: Any) -> Any:
    """Values YAML/JSON can write: Decimal → int/float, datetime → date, nested."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _ordered_record(rec: dict) -> dict:
    out = {k: rec[k] for k in RECORD_FIELDS if k in rec and rec[k] is not None}
    out.update({k: v for k, v in rec.items() if k not in out and v is not None})
    return out


_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster on 10,000 records


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str_presenter(dumper: Any, data: str) -> yaml.Node:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    if re.fullmatch(r"[0-9]+", data):  # ids: quoted so no YAML reader turns them into numbers
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="'")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data: dict, header: str) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return header + body


def _file_mode(path: Path) -> int:
    """The mode the written file gets: the old file's, else what a plain create would give."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp creates 0600: keep the file readable as before
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ---------------------------------------------------------------------------------------------
# The import


def read_records(path: Path, *, sheet: str | None = None, force: bool = False, fiscal_year: int | None = None,
                 findings: _Findings | None = None) -> tuple[list[dict], dict]:
    """Read a workbook/CSV into records (no writing). Returns (records, info) and fills findings."""
    fx = findings or _Findings(path.name)
    info: dict[str, Any] = {"layout": "", "sheets": [], "rows_read": 0}
    suffix = path.suffix.lower()
    wb = None
    if suffix == ".csv":
        sheets = _read_csv(path, fx)
    elif suffix in (".xlsx", ".xlsm"):
        sheets, wb = _read_xlsx(path, sheet, fx)
    else:
        fx.general(Code.IMPORT_ERROR, f"ไม่รองรับไฟล์ชนิด '{suffix or '?'}'",
                   "ใช้ไฟล์ Excel (.xlsx) หรือ CSV (.csv) ถ้าเป็น .xls ให้เปิดใน Excel แล้วบันทึกเป็น .xlsx",
                   "Unsupported file type")
        return [], info
    records: list[dict] = []
    layouts: set[str] = set()
    try:
        for sh in sheets:
            head: list[Sequence[Any]] = []
            for row in sh.rows:
                head.append(row)
                if len(head) >= HEADER_SCAN_ROWS:
                    break
            found = detect_header(head)
            if found is None:
                if sh.name is not None and len(sheets) > 1 and sheet is None:
                    continue  # other sheets (notes, pivot tables) are fine
                fx.general(Code.IMPORT_ERROR,
                           f"ไม่พบแถวหัวตารางใน {HEADER_SCAN_ROWS} แถวแรก",
                           "แถวหัวตารางต้องมีชื่อคอลัมน์ตามเกณฑ์ เช่น งานที่ซื้อหรือจ้าง, วงเงินงบประมาณที่ได้รับจัดสรร (บาท),"
                           " วิธีการจัดซื้อจัดจ้าง, ราคาที่ตกลงซื้อหรือจ้าง (บาท) หรือหัวตารางของแบบ สขร.1",
                           "No header row found", sheet=sh.name)
                continue
            hr, used, columns = found
            by_target = {c.target: c for c in columns}
            layout = "skr1" if SKR1_MARKERS & set(by_target) else "criteria"
            layouts.add(layout)
            info["sheets"].append(sh.name or path.name)
            st = _SheetState(sh.name, columns, by_target)
            if not _check_columns(st, layout, hr + 1, fx):
                continue
            start = hr + used
            missing_cells: dict[str, list[int]] = {}
            sheet_records: list[dict] = []

            def rows_after() -> Iterable[tuple[int, Sequence[Any]]]:
                for i in range(start, len(head)):
                    yield i + 1, head[i]
                n = len(head)
                for row in sh.rows:
                    n += 1
                    yield n, row

            for rownum, row in rows_after():
                if row is None:
                    continue
                rec = _convert_row(row, rownum, st, fx, force, fiscal_year)
                if rec is None:
                    continue
                info["rows_read"] += 1
                for f in CRITERIA_FIELDS:
                    if f not in rec and f in by_target:
                        missing_cells.setdefault(f, []).append(rownum)
                sheet_records.append(rec)
            for f, rownums in missing_cells.items():
                col = by_target[f]
                listed = ", ".join(str(n) for n in rownums[:10]) + (" …" if len(rownums) > 10 else "")
                fx.general(Code.IMPORT_ERROR,
                           f"คอลัมน์ {col.letter} ({col.header}) ว่าง {len(rownums):,} แถว (แถว {listed})",
                           "เติมข้อมูลให้ครบ เกณฑ์กำหนดให้แสดงทุกคอลัมน์ของทุกรายการ (ถ้ายังไม่มี เช่น ยังไม่ลงนามสัญญา เว้นว่างได้)",
                           severity="warning", sheet=sh.name)
            records.extend(sheet_records)
    finally:
        if wb is not None:
            wb.close()
    if not layouts and not fx.items:
        fx.general(Code.IMPORT_ERROR, "ไม่พบข้อมูลในไฟล์", "ตรวจว่าเลือกไฟล์ถูกต้องและมีแถวข้อมูลใต้หัวตาราง")
    info["layout"] = "skr1" if "skr1" in layouts else ("criteria" if layouts else "")
    return records, info


def _check_columns(st: _SheetState, layout: str, header_row: int, fx: _Findings) -> bool:
    have = set(st.by_target)
    if "name" not in have:
        fx.general(Code.IMPORT_ERROR, f"หัวตารางแถว {header_row} ไม่มีคอลัมน์ 'งานที่ซื้อหรือจ้าง'",
                   "เพิ่มหรือแก้ชื่อคอลัมน์ชื่องานให้เป็น 'งานที่ซื้อหรือจ้าง'", sheet=st.name)
        return False
    if not ({"contract_price", WINNER} & have):
        fx.general(Code.IMPORT_ERROR, f"หัวตารางแถว {header_row} ไม่มีคอลัมน์ 'ราคาที่ตกลงซื้อหรือจ้าง (บาท)'",
                   "เพิ่มหรือแก้ชื่อคอลัมน์ให้เป็น 'ราคาที่ตกลงซื้อหรือจ้าง (บาท)' (หรือ 'ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง' ในแบบ สขร.1)",
                   sheet=st.name)
        return False
    provided = set(have)
    if WINNER in have:
        provided |= {"vendor_name", "contract_price"}
    if CONTRACT_REF in have:
        provided |= {"contract_date"}
    missing = [f for f in CRITERIA_FIELDS if f not in provided]
    if missing:
        titles = load_topics()[TOPIC_ID].fields["records"].fields
        names = ", ".join(titles[f].title for f in missing)
        hint = " (แบบ สขร.1 ไม่มีข้อมูลเหล่านี้ ให้เพิ่มคอลัมน์ในไฟล์ หรือกรอกเพิ่มใน procurement.yaml)" if layout == "skr1" else ""
        fx.general(Code.IMPORT_ERROR, f"ไม่มีคอลัมน์ที่เกณฑ์กำหนด {len(missing)} คอลัมน์: {names}{hint}",
                   "เพิ่มคอลัมน์ที่ขาดในแถวหัวตาราง (ชื่อคอลัมน์ตามเกณฑ์) แล้วนำเข้าใหม่ ไม่เช่นนั้นข้อ O16/O17 จะแสดงว่าข้อมูลไม่ครบ",
                   severity="warning", sheet=st.name)
    return True


def import_procurement(path: str | os.PathLike[str], agency_dir: str | os.PathLike[str], fiscal_year: int | str, *,
                       sheet: str | None = None, force: bool = False, replace: bool = False) -> ImportResult:
    """Import a procurement workbook/CSV into ``<agency_dir>/data/<fiscal_year>/procurement.yaml``.

    ``force``: write even when cells are wrong (they are left empty and reported as warnings).
    ``replace``: drop the existing file's records instead of merging by project id.
    """
    src = Path(path)
    fx = _Findings(src.name)
    result = ImportResult(source=str(src))
    try:
        fy = thai.parse_fiscal_year(fiscal_year)
    except thai.ThaiValueError as exc:
        fx.general(Code.IMPORT_ERROR, exc.message_th, "ระบุ --fiscal-year เป็นปี พ.ศ. เช่น 2567")
        result.findings = fx.items
        return result
    agency = Path(agency_dir)
    if not (agency / "agency.yaml").is_file():
        fx.general(Code.MISSING_AGENCY, f"ไม่พบ {agency / 'agency.yaml'}",
                   "ระบุโฟลเดอร์ของหน่วยงานด้วย --agency เช่น agencies/demo")
        result.findings = fx.items
        return result
    if not src.is_file():
        fx.general(Code.IMPORT_ERROR, f"ไม่พบไฟล์ {src}", "ตรวจชื่อและที่อยู่ของไฟล์ที่จะนำเข้า")
        result.findings = fx.items
        return result
    out = agency / "data" / str(fy) / f"{TOPIC_ID}.yaml"
    result.output = out

    records, info = read_records(src, sheet=sheet, force=force, fiscal_year=fy, findings=fx)
    result.layout, result.sheets, result.rows_read = info["layout"], info["sheets"], info["rows_read"]
    records = [_ordered_record(r) for r in records]
    result.records = records
    _check_duplicates(records, fx)
    _check_period(records, fy, fx)

    existing: dict[str, Any] = {}
    if out.is_file():
        try:
            loaded = yaml.load(out.read_text(encoding="utf-8-sig"), Loader=_SafeLoader)  # noqa: S506 (safe loader)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            fx.general(Code.IMPORT_ERROR, f"อ่านไฟล์เดิม {out} ไม่ได้ ({exc.__class__.__name__}) จึงไม่เขียนทับ",
                       "แก้ไฟล์เดิมให้ถูกรูปแบบ (oitsite check) หรือย้ายไฟล์เดิมออกก่อนนำเข้า")
            loaded = None
        if isinstance(loaded, dict):
            existing = loaded
        elif loaded is not None:
            fx.general(Code.IMPORT_ERROR, f"ไฟล์เดิม {out} ไม่ใช่กลุ่มข้อมูลแบบ ชื่อช่อง: ค่า จึงไม่เขียนทับ",
                       "ย้ายไฟล์เดิมออกก่อนนำเข้า")
    if not records and not any(f.severity == "error" for f in fx.items):
        fx.general(Code.IMPORT_ERROR, "ไม่พบรายการจัดซื้อจัดจ้างใต้หัวตาราง", "ตรวจว่าข้อมูลอยู่ในแถวถัดจากหัวตาราง")

    result.findings = fx.items
    if any(f.severity == "error" for f in fx.items):
        return result

    old_records = [] if replace else list(existing.get("records") or [])
    merged, result.added, result.replaced, result.kept = merge_records(old_records, records)
    data = _compose(existing, merged)
    topic = load_topics()[TOPIC_ID]
    clean, problems = validate_data(topic, data)
    if problems:
        for p in problems[:50]:
            fx.general(Code.IMPORT_ERROR, f"ข้อมูลที่จะบันทึกไม่ผ่านการตรวจ ({'.'.join(map(str, p.path))}): {p.message_th}",
                       "ถ้าเป็นข้อมูลในไฟล์เดิม ให้แก้ไฟล์เดิมด้วย oitsite check ก่อน")
        result.findings = fx.items
        return result
    header = (f"# ผลการจัดซื้อจัดจ้าง ปีงบประมาณ {fy}: นำเข้าจาก {src.name} ด้วย oitsite import procurement\n"
              "# แก้ไขได้ การนำเข้าครั้งต่อไปจะแทนที่รายการที่มีเลขที่โครงการเดียวกัน (ความเห็นในไฟล์นี้จะไม่ถูกเก็บไว้)\n")
    text = dump_yaml(_plain(data), header)
    limit = yamlsrc.MAX_YAML_BYTES
    size = len(text.encode("utf-8"))
    if size > limit:
        fx.general(Code.FILE_TOO_LARGE,
                   f"ข้อมูลที่จะบันทึก ({len(merged):,} รายการ) มีขนาด {size / 1048576:.1f} MB เกินขนาดสูงสุดของไฟล์ข้อมูล"
                   f" {limit / 1048576:.0f} MB จึงไม่ได้บันทึก",
                   "ลบคอลัมน์ที่เกณฑ์ไม่ได้กำหนดออกจากไฟล์ที่นำเข้า (เช่น รายชื่อผู้เสนอราคา เหตุผลที่คัดเลือก) หรือแจ้งผู้ดูแลระบบให้ปรับขนาดสูงสุด",
                   f"Output {size} bytes is over the data-file limit of {limit} bytes")
        result.findings = fx.items
        return result
    atomic_write(out, text)
    result.written = True
    result.findings = fx.items
    return result


def _compose(existing: dict, records: list[dict]) -> dict:
    """The file's top-level keys in schema order, existing values kept, records replaced."""
    topic = load_topics()[TOPIC_ID]
    out: dict[str, Any] = {}
    for key in topic.fields:
        if key == "records":
            out["records"] = records
        elif key in existing:
            out[key] = existing[key]
    for key, value in existing.items():
        if key not in out:
            out[key] = value
    return out


def _check_duplicates(records: list[dict], fx: _Findings) -> None:
    seen: dict[tuple, int] = {}
    for rec in records:
        k = record_key(rec)
        if k[0] == "row":
            seen[k] = seen.get(k, 0) + 1
    dups = [k for k, n in seen.items() if n > 1]
    for k in dups[:20]:
        fx.general(Code.DUPLICATE_ID, f"รายการ '{k[1]}' (วันที่ {k[2] or '-'}, {k[3] or '-'}) ซ้ำกัน {seen[k]} แถว",
                   "ถ้าเป็นรายการเดียวกันให้ลบแถวที่ซ้ำ ถ้าไม่ใช่ ให้ใส่เลขที่โครงการ", severity="warning")


def _check_period(records: list[dict], fy: int, fx: _Findings) -> None:
    start, end = thai.fiscal_year_range(fy)
    outside = [r for r in records if isinstance(r.get("contract_date"), dt.date)
               and not start <= r["contract_date"] <= end]
    if outside:
        names = ", ".join(f"'{_short(r.get('name', ''), 30)}'" for r in outside[:5])
        fx.general(Code.STALE_PERIOD,
                   f"{len(outside):,} รายการมีวันที่ลงนามในสัญญานอกปีงบประมาณ {fy} "
                   f"({thai.format_date(start)} – {thai.format_date(end)}) เช่น {names}",
                   "ตรวจว่าเลือกปีงบประมาณ (--fiscal-year) ถูกต้อง หรือย้ายรายการไปไว้ในปีที่ลงนามสัญญา",
                   severity="warning")


# ---------------------------------------------------------------------------------------------
# Command line













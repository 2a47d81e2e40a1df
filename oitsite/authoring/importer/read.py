"""Reading workbooks and CSV files, within limits."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from oitsite.findings import Code

from .result import _Findings


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

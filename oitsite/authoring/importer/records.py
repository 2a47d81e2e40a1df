"""Rows → records: row conversion, reading a whole file, record keys and merging."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Sequence

from oitsite import thai
from oitsite.findings import Code
from oitsite.model.placeholders import PLACEHOLDER_RE
from oitsite.model.schema import load_topics

from .cells import (
    CellError,
    _first_char,
    _is_empty,
    _short,
    looks_like_formula,
    split_contract,
    split_winner,
    to_baht,
    to_date,
    to_project_id,
    to_taxid,
    to_text,
)
from .fields import (
    BIDDER_NAME,
    BIDDER_PRICE,
    CONTRACT_REF,
    CRITERIA_FIELDS,
    HEADER_SCAN_ROWS,
    MULTILINE_FIELDS,
    SEQ,
    SKR1_MARKERS,
    TOPIC_ID,
    WINNER,
)
from .headers import Column, _cell_text, _is_numbering_row, detect_header
from .read import MAX_ROWS, MAX_SHEET_ROWS, Sheet, SheetReadError, TooManyRows, _read_csv, _read_xlsx
from .result import _Findings
from .write import _plain


@dataclass
class _SheetState:
    name: str | None
    columns: list[Column]
    by_target: dict[str, Column]
    #: rows skipped because they still hold the scaffold's ((กรอก: …)) marker
    placeholder_rows: list[int] = field(default_factory=list)


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
    if any(isinstance(v, str) and PLACEHOLDER_RE.search(v) for v in content.values()):
        st.placeholder_rows.append(rownum)  # a template row: replaced by the imported rows, never kept
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

    for col in st.columns:  # text a spreadsheet would run as a formula: kept as is, but shown to the editor
        raw = row[col.index] if col.index < len(row) else None
        if col.target != SEQ and looks_like_formula(raw):
            fx.cell(Code.FORMULA_TEXT, st.name, rownum, col,
                    f"ข้อความ '{_short(raw)}' ขึ้นต้นด้วย '{_first_char(raw)}' ซึ่ง Excel อาจอ่านเป็นสูตรเมื่อเปิดไฟล์ที่ดาวน์โหลด",
                    "ตรวจว่าเป็นข้อมูลจริง ถ้าเป็นเครื่องหมายนำหน้าที่ไม่ตั้งใจให้ลบออก (ข้อมูลถูกเก็บไว้ตามเดิม)",
                    "Text starting with a formula character", severity="warning")

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



def _content_row(row: Sequence[Any]) -> bool:
    return any(v is not None and v != "" for v in row)


def _take_head(sh: Sheet) -> list[Sequence[Any]]:
    head: list[Sequence[Any]] = []
    for row in sh.rows:
        head.append(row)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    return head


def _sheet_list(names: Iterable[str | None]) -> str:
    return ", ".join(f"'{n}'" for n in names if n is not None)


def read_records(path: Path, *, sheet: str | list[str] | None = None, force: bool = False,
                 fiscal_year: int | None = None, findings: _Findings | None = None) -> tuple[list[dict], dict]:
    """Read a workbook/CSV into records (no writing). Returns (records, info) and fills findings.

    Which sheets: those named by ``sheet`` (a name or a list of names), else the one visible sheet
    with a header. Several visible sheets with a header are refused (the editor names them with
    ``--sheet``); hidden sheets are never read unless named, and are named in a notice."""
    fx = findings or _Findings(path.name)
    info: dict[str, Any] = {"layout": "", "sheets": [], "rows_read": 0, "placeholders": 0}
    suffix = path.suffix.lower()
    wb = None
    if suffix == ".csv":
        sheets = _read_csv(path, fx)
    elif suffix in (".xlsx", ".xlsm", ".xls"):
        sheets, wb = _read_xlsx(path, sheet, fx)
    else:
        fx.general(Code.IMPORT_ERROR, f"ไม่รองรับไฟล์ชนิด '{suffix or '?'}'",
                   "ใช้ไฟล์ Excel (.xlsx) หรือ CSV (.csv) ถ้าเป็น .xls ให้เปิดใน Excel แล้วบันทึกเป็น .xlsx",
                   "Unsupported file type")
        return [], info
    records: list[dict] = []
    layouts: set[str] = set()
    try:
        try:
            hidden = [sh for sh in sheets if sh.hidden and not sh.asked]
            hidden_with_header = []
            for sh in hidden:
                if detect_header(_take_head(sh)) is not None:
                    hidden_with_header.append(sh.name)
            if hidden:
                extra = (f" ชีตที่ซ่อนซึ่งมีหัวตาราง: {_sheet_list(hidden_with_header)}" if hidden_with_header else "")
                fx.general(Code.IMPORT_HIDDEN_SHEET,
                           f"ไม่ได้นำเข้าชีตที่ซ่อนไว้ {len(hidden)} ชีต: {_sheet_list(s.name for s in hidden)}.{extra}",
                           "ถ้าต้องการนำเข้าข้อมูลในชีตที่ซ่อน ให้ยกเลิกการซ่อนชีตใน Excel หรือระบุ --sheet ชื่อชีต",
                           f"Hidden sheets not imported: {', '.join(str(s.name) for s in hidden)}")
            candidates = [sh for sh in sheets if sh.asked or not sh.hidden]
            found_sheets: list[tuple[Sheet, list[Sequence[Any]], tuple[int, int, list[Column]]]] = []
            for sh in candidates:
                head = _take_head(sh)
                found = detect_header(head)
                if found is None:
                    if sh.name is not None and not sh.asked and len(candidates) > 1:
                        continue  # other sheets (notes, pivot tables) are fine
                    fx.general(Code.IMPORT_ERROR,
                               f"ไม่พบแถวหัวตารางใน {HEADER_SCAN_ROWS} แถวแรก",
                               "แถวหัวตารางต้องมีชื่อคอลัมน์ตามเกณฑ์ เช่น งานที่ซื้อหรือจ้าง, วงเงินงบประมาณที่ได้รับจัดสรร (บาท),"
                               " วิธีการจัดซื้อจัดจ้าง, ราคาที่ตกลงซื้อหรือจ้าง (บาท) หรือหัวตารางของแบบ สขร.1",
                               "No header row found", sheet=sh.name)
                    continue
                found_sheets.append((sh, head, found))
            if len(found_sheets) > 1 and not any(sh.asked for sh, _, _ in found_sheets):
                names = [sh.name for sh, _, _ in found_sheets]
                example = " ".join(f"--sheet '{n}'" for n in names[:2])
                fx.general(Code.IMPORT_SHEETS,
                           f"พบหัวตารางจัดซื้อจัดจ้างใน {len(names)} ชีต: {_sheet_list(names)} จึงไม่นำเข้าเองว่าจะใช้ชีตใด",
                           f"ระบุชีตที่จะนำเข้าด้วย --sheet ชื่อชีต (ระบุได้หลายครั้ง เช่น {example})"
                           " หรือลบ/ซ่อนชีตที่ไม่ใช่ข้อมูลจริงออก",
                           f"Several sheets have a header: {names}; choose with --sheet")
                return [], info
            if not found_sheets and len(candidates) > 1 and not any(f.severity == "error" for f in fx.items):
                hint = (f" (มีหัวตารางในชีตที่ซ่อน {_sheet_list(hidden_with_header)}: ใช้ --sheet ชื่อชีต)"
                        if hidden_with_header else "")
                fx.general(Code.IMPORT_ERROR,
                           f"ไม่พบแถวหัวตารางใน {HEADER_SCAN_ROWS} แถวแรกของชีตใดเลย"
                           f" (ชีต: {_sheet_list(s.name for s in candidates)}){hint}",
                           "แถวหัวตารางต้องมีชื่อคอลัมน์ตามเกณฑ์ เช่น งานที่ซื้อหรือจ้าง, ราคาที่ตกลงซื้อหรือจ้าง (บาท)"
                           " หรือหัวตารางของแบบ สขร.1", "No header row found in any sheet")
            for sh, head, found in found_sheets:
                records.extend(_read_sheet(path, sh, head, found, fx, force, fiscal_year, info, layouts))
        except SheetReadError as exc:
            if "field larger than field limit" in str(exc.exc):  # csv: one cell over 131,072 characters
                fx.general(Code.IMPORT_TOO_LARGE,
                           f"ช่องหนึ่งในแถว {exc.row:,} ยาวเกิน {csv.field_size_limit():,} ตัวอักษร จึงหยุดอ่าน",
                           "ตรวจเครื่องหมายคำพูด (\") ที่เปิดแล้วไม่ได้ปิดในแถวนั้น หรือบันทึกจาก Excel ใหม่เป็น CSV UTF-8",
                           f"CSV field over the limit: {exc}", sheet=exc.sheet, row=exc.row)
                return [], info
            where = f"ต่อจากแถว {exc.row - 1:,} " if exc.row > 1 else "ในชีต "
            fx.general(Code.IMPORT_BAD_FILE, f"ไฟล์เสีย อ่านข้อมูล{where}ไม่ได้",
                       "ลองเปิดไฟล์ใน Excel ถ้าเปิดได้ให้บันทึกเป็นไฟล์ใหม่ (.xlsx หรือ CSV UTF-8) แล้วนำเข้าใหม่",
                       f"Damaged sheet: {exc}", sheet=exc.sheet, row=exc.row)
        except TooManyRows as exc:
            fx.general(Code.IMPORT_TOO_LARGE, f"ชีตนี้มีเกิน {MAX_SHEET_ROWS:,} แถว จึงหยุดอ่าน",
                       "ลบแถวว่างหรือข้อมูลที่ไม่เกี่ยวข้องท้ายตาราง แล้วนำเข้าใหม่", str(exc), sheet=exc.sheet,
                       row=exc.row)
    finally:
        if wb is not None:
            try:
                wb.close()
            except Exception:  # noqa: BLE001 (closing a damaged archive)
                pass
    if not layouts and not any(f.severity == "error" for f in fx.items) and not records:
        fx.general(Code.IMPORT_ERROR, "ไม่พบข้อมูลในไฟล์", "ตรวจว่าเลือกไฟล์ถูกต้องและมีแถวข้อมูลใต้หัวตาราง")
    info["layout"] = "skr1" if "skr1" in layouts else ("criteria" if layouts else "")
    return records, info


def _read_sheet(path: Path, sh: Sheet, head: list[Sequence[Any]], found: tuple[int, int, list[Column]],
                fx: _Findings, force: bool, fiscal_year: int | None, info: dict[str, Any],
                layouts: set[str]) -> list[dict]:
    hr, used, columns = found
    by_target = {c.target: c for c in columns}
    layout = "skr1" if SKR1_MARKERS & set(by_target) else "criteria"
    layouts.add(layout)
    info["sheets"].append(sh.name or path.name)
    st = _SheetState(sh.name, columns, by_target)
    if not _check_columns(st, layout, hr + 1, fx):
        return []
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

    content_rows = 0
    for rownum, row in rows_after():
        if row is None or not _content_row(row):
            continue
        content_rows += 1
        if content_rows > MAX_ROWS:
            fx.general(Code.IMPORT_TOO_LARGE,
                       f"มีข้อมูลเกิน {MAX_ROWS:,} แถว จึงหยุดอ่านและไม่บันทึก",
                       "แยกไฟล์เป็นหลายไฟล์ (เช่น ไฟล์ละไตรมาส) แล้วนำเข้าทีละไฟล์", f"over {MAX_ROWS} rows",
                       sheet=sh.name, row=rownum)
            return []
        rec = _convert_row(row, rownum, st, fx, force, fiscal_year)
        if rec is None:
            continue
        info["rows_read"] += 1
        for f in CRITERIA_FIELDS:
            if f not in rec and f in by_target:
                missing_cells.setdefault(f, []).append(rownum)
        sheet_records.append(rec)
    if st.placeholder_rows:
        info["placeholders"] += len(st.placeholder_rows)
        listed = ", ".join(str(n) for n in st.placeholder_rows[:10]) + (" …" if len(st.placeholder_rows) > 10 else "")
        fx.general(Code.PLACEHOLDER,
                   f"ไม่นำเข้า {len(st.placeholder_rows):,} แถวที่ยังเป็นข้อความตัวอย่างจากแม่แบบ ((กรอก: …)) (แถว {listed})",
                   "ถ้าแถวนั้นเป็นข้อมูลจริง ให้แทนที่ข้อความ ((กรอก: …)) ด้วยข้อมูลจริงแล้วนำเข้าใหม่",
                   "Template rows still holding ((กรอก placeholders were not imported",
                   severity="notice", sheet=sh.name, row=st.placeholder_rows[0])
    for f, rownums in missing_cells.items():
        col = by_target[f]
        listed = ", ".join(str(n) for n in rownums[:10]) + (" …" if len(rownums) > 10 else "")
        fx.general(Code.IMPORT_ERROR,
                   f"คอลัมน์ {col.header} ว่าง {len(rownums):,} แถว (แถว {listed})",
                   "เติมข้อมูลให้ครบ เกณฑ์กำหนดให้แสดงทุกคอลัมน์ของทุกรายการ (ถ้ายังไม่มี เช่น ยังไม่ลงนามสัญญา เว้นว่างได้)",
                   severity="warning", sheet=sh.name, row=rownums[0], col=col.letter)
    return sheet_records


def _check_columns(st: _SheetState, layout: str, header_row: int, fx: _Findings) -> bool:
    have = set(st.by_target)
    if "name" not in have:
        fx.general(Code.IMPORT_ERROR, "หัวตารางไม่มีคอลัมน์ 'งานที่ซื้อหรือจ้าง'",
                   "เพิ่มหรือแก้ชื่อคอลัมน์ชื่องานให้เป็น 'งานที่ซื้อหรือจ้าง'", sheet=st.name,
                   row=header_row)
        return False
    if not ({"contract_price", WINNER} & have):
        fx.general(Code.IMPORT_ERROR, "หัวตารางไม่มีคอลัมน์ 'ราคาที่ตกลงซื้อหรือจ้าง (บาท)'",
                   "เพิ่มหรือแก้ชื่อคอลัมน์ให้เป็น 'ราคาที่ตกลงซื้อหรือจ้าง (บาท)' (หรือ 'ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง' ในแบบ สขร.1)",
                   sheet=st.name, row=header_row)
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
                   severity="warning", sheet=st.name, row=header_row)
    return True



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

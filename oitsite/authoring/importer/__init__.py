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

import datetime as dt
import os
from pathlib import Path
from typing import Any

import yaml

from oitsite import thai
from oitsite.findings import Code
from oitsite.load import yamlsrc
from oitsite.model.evaluate import PLACEHOLDER_RE
from oitsite.model.schema import load_topics, validate_data

from .cells import _short, split_contract, split_winner, to_baht, to_date, to_project_id, to_taxid, to_text
from .fields import RECORD_FIELDS, TOPIC_ID
from .headers import Column, detect_header, match_header, norm_header
from .records import merge_records, read_records, record_key, record_sort_key
from .result import ImportResult, _Findings
from .write import _ordered_record, _plain, _SafeLoader, atomic_write, dump_yaml

__all__ = [
    "RECORD_FIELDS", "Column", "ImportResult", "atomic_write", "detect_header", "dump_yaml", "import_procurement",
    "match_header", "merge_records", "norm_header", "read_records", "record_key", "record_sort_key",
    "split_contract", "split_winner", "to_baht", "to_date", "to_project_id", "to_taxid", "to_text",
]


def import_procurement(path: str | os.PathLike[str], agency_dir: str | os.PathLike[str], fiscal_year: int | str, *,
                       sheet: str | list[str] | None = None, force: bool = False, replace: bool = False) -> ImportResult:
    """Import a procurement workbook/CSV into ``<agency_dir>/data/<fiscal_year>/procurement.yaml``.

    ``force``: write even when cells are wrong (they are left empty and reported as warnings).
    ``replace``: drop the existing file's records instead of merging by project id.
    ``sheet``: the worksheet(s) to read; by default the one visible sheet with a header.

    Never raises for a bad input file: every problem is a finding on the result.
    """
    src = Path(path)
    fx = _Findings(str(src))
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
    if not _safe_target(agency, out, fx):
        result.findings = fx.items
        return result

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
    templates = [r for r in old_records if _is_placeholder_record(r)]
    if templates:  # the scaffold's example rows: replaced by the imported rows, never kept or totalled
        old_records = [r for r in old_records if not _is_placeholder_record(r)]
        fx.general(Code.PLACEHOLDER,
                   f"ลบรายการตัวอย่างจากแม่แบบ ((กรอก: …)) {len(templates):,} รายการในไฟล์เดิม {out} และใช้รายการที่นำเข้าแทน",
                   "", "Template records of the existing file were replaced by the imported ones", severity="notice")
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


def _is_placeholder_record(rec: Any) -> bool:
    """A record still holding the scaffold's ``((กรอก: …))`` text in any of its values."""
    if isinstance(rec, str):
        return PLACEHOLDER_RE.search(rec) is not None
    if isinstance(rec, dict):
        return any(_is_placeholder_record(v) for v in rec.values())
    if isinstance(rec, list):
        return any(_is_placeholder_record(v) for v in rec)
    return False


def _safe_target(agency: Path, out: Path, fx: _Findings) -> bool:
    """The output (a path under ``agency``) stays inside the agency folder: no symbolic link on the
    way (data/, data/<year>/, files/<year>/, the file itself), nothing that resolves outside.
    Refused with oit.unsafe-path."""
    try:
        root = agency.resolve(strict=True)
        steps = [agency / Path(*out.relative_to(agency).parts[:i]) for i in range(1, len(out.relative_to(agency).parts) + 1)]
        for p in steps:  # every folder between the agency and the file, and the file
            if p.is_symlink():
                fx.general(Code.UNSAFE_PATH,
                           f"{p} เป็นลิงก์ (symbolic link) ไปที่ {os.readlink(p)} จึงไม่บันทึกผ่านลิงก์นี้",
                           f"ลบลิงก์ {p} แล้วสร้างเป็นโฟลเดอร์/ไฟล์จริงภายในโฟลเดอร์หน่วยงาน {agency}",
                           f"{p} is a symbolic link; refusing to write through it")
                return False
            if p.exists() and not p.resolve().is_relative_to(root):
                fx.general(Code.UNSAFE_PATH, f"{p} อยู่นอกโฟลเดอร์หน่วยงาน {agency} จึงไม่บันทึก",
                           f"ให้ {p} เป็นโฟลเดอร์/ไฟล์จริงภายในโฟลเดอร์หน่วยงาน", f"{p} resolves outside the agency")
                return False
        if out.exists() and not out.is_file():
            fx.general(Code.UNSAFE_PATH, f"{out} ไม่ใช่ไฟล์ธรรมดา จึงไม่บันทึกทับ", f"ย้าย {out} ออกก่อนนำเข้า",
                       f"{out} is not a regular file")
            return False
    except (OSError, RuntimeError) as exc:
        fx.general(Code.UNSAFE_PATH, f"ตรวจที่อยู่ไฟล์ {out} ไม่ได้ ({exc.__class__.__name__}) จึงไม่บันทึก",
                   "ตรวจโฟลเดอร์ข้อมูลของหน่วยงาน (ลิงก์วน สิทธิ์การเข้าถึง)", f"Cannot check {out}: {exc}")
        return False
    return True


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

"""Reading workbooks and CSV files, within limits."""

from __future__ import annotations

import csv
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from oitsite.findings import Code

from .result import _Findings


@dataclass
class Sheet:
    name: str | None  # None for CSV
    rows: Iterator[Sequence[Any]]
    hidden: bool = False  # a hidden or very hidden worksheet
    asked: bool = False  # named with --sheet


def _read_csv(path: Path, findings: _Findings) -> list[Sheet]:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            findings.general(Code.IMPORT_TOO_LARGE,
                             f"ไฟล์มีขนาด {size / 1048576:.1f} MB เกินขนาดสูงสุดที่นำเข้าได้ {MAX_INPUT_BYTES / 1048576:.0f} MB",
                             "แยกไฟล์เป็นหลายไฟล์ (เช่น ไฟล์ละไตรมาส) หรือลบคอลัมน์ที่ไม่เกี่ยวข้องออก",
                             f"File is {size} bytes, over {MAX_INPUT_BYTES}")
            return []
        raw = path.read_bytes()
    except OSError as exc:
        findings.general(Code.IMPORT_BAD_FILE, f"อ่านไฟล์ไม่ได้ ({exc.strerror or exc.__class__.__name__})",
                         "ตรวจว่าไฟล์มีอยู่และมีสิทธิ์อ่าน", f"Cannot read the file: {exc}")
        return []
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
    return [Sheet(None, _guarded(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), None))]


#: limits on what is read, checked before openpyxl sees the file (a small zip can inflate to
#: gigabytes; openpyxl holds sharedStrings.xml in memory). zipfile never returns more bytes than a
#: member's declared size (and checks the CRC), so the declared sizes below are binding.
MAX_INPUT_BYTES = 64 * 1024 * 1024
MAX_ZIP_MEMBERS = 2_000
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 4 * 1024 * 1024
MAX_SHARED_STRINGS = 64 * 1024 * 1024
#: rows with content per sheet (a year of a large agency is ~10,000), and rows at all (Excel's maximum)
MAX_ROWS = 100_000
MAX_SHEET_ROWS = 1_048_576
#: cells per row that are looked at (both layouts need fewer than 20 columns)
MAX_COLS = 200

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_XLSX_FIX = "เปิดไฟล์ใน Excel แล้วเลือก บันทึกเป็น (Save As) ชนิด 'Excel Workbook (*.xlsx)' แล้วนำเข้าไฟล์ใหม่นั้น"


class SheetReadError(Exception):
    """openpyxl failed while reading rows (a damaged sheet): reported as a finding."""

    def __init__(self, sheet: str | None, row: int, exc: BaseException) -> None:
        super().__init__(f"{exc.__class__.__name__}: {exc}")
        self.sheet = sheet
        self.row = row
        self.exc = exc


class TooManyRows(Exception):
    def __init__(self, sheet: str | None, row: int) -> None:
        super().__init__(f"more than {MAX_SHEET_ROWS} rows")
        self.sheet = sheet
        self.row = row


def _guarded(rows: Iterator[Sequence[Any]], sheet: str | None) -> Iterator[Sequence[Any]]:
    """Rows cut to MAX_COLS cells; openpyxl's errors while parsing become SheetReadError."""
    n = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 (a damaged sheet can raise anything from the XML/zip layers)
            raise SheetReadError(sheet, n + 1, exc) from exc
        n += 1
        if n > MAX_SHEET_ROWS:
            raise TooManyRows(sheet, n)
        yield row[:MAX_COLS] if len(row) > MAX_COLS else row


def sniff_file(path: Path, findings: _Findings) -> bool:
    """Refuse files that are not a workbook openpyxl may safely open. True when it may."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        findings.general(Code.IMPORT_BAD_FILE, f"อ่านไฟล์ไม่ได้ ({exc.strerror or exc.__class__.__name__})",
                         "ตรวจว่าไฟล์มีอยู่และมีสิทธิ์อ่าน", f"Cannot read the file: {exc}")
        return False
    if size > MAX_INPUT_BYTES:
        findings.general(Code.IMPORT_TOO_LARGE,
                         f"ไฟล์มีขนาด {size / 1048576:.1f} MB เกินขนาดสูงสุดที่นำเข้าได้ {MAX_INPUT_BYTES / 1048576:.0f} MB",
                         "แยกไฟล์เป็นหลายไฟล์ (เช่น ไฟล์ละไตรมาส) หรือลบชีต รูปภาพ และคอลัมน์ที่ไม่เกี่ยวข้องออก",
                         f"File is {size} bytes, over {MAX_INPUT_BYTES}")
        return False
    if head.startswith(OLE_SIGNATURE):
        return _refuse_ole(path, findings)
    if path.suffix.lower() == ".xls":
        findings.general(Code.IMPORT_BAD_FILE, "ไฟล์ .xls เป็นรูปแบบ Excel รุ่นเก่า (Excel 97-2003) ที่ระบบไม่รองรับ",
                         _XLSX_FIX, "Old .xls workbooks are not supported")
        return False
    if not head.startswith(b"PK"):
        findings.general(Code.IMPORT_BAD_FILE, _not_zip_message(path, head),
                         "ใช้ไฟล์ที่บันทึกจาก Excel เป็น .xlsx โดยตรง (ถ้าเป็นไฟล์ CSV ให้เปลี่ยนนามสกุลเป็น .csv)",
                         "Not an .xlsx file (not a zip archive)")
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            return _check_members(zf, infos, findings)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError, KeyError) as exc:  # RuntimeError: a zip-encrypted member
        findings.general(Code.IMPORT_BAD_FILE,
                         "ไฟล์ .xlsx เสียหรือไม่ครบ (อาจดาวน์โหลดหรือคัดลอกมาไม่ครบ) จึงเปิดไม่ได้",
                         "ดาวน์โหลดหรือคัดลอกไฟล์มาใหม่ แล้วลองเปิดใน Excel ก่อน ถ้า Excel เปิดได้ให้บันทึกเป็น .xlsx อีกครั้ง",
                         f"Damaged zip archive: {exc}")
        return False


def _refuse_ole(path: Path, findings: _Findings) -> bool:
    """An OLE compound file: a password-protected .xlsx, or an old binary .xls (or .doc…)."""
    try:
        with path.open("rb") as fh:
            blob = fh.read(4 * 1024 * 1024)  # the directory of small files sits near the start
    except OSError:
        blob = b""
    if any(m in blob for m in _ENCRYPTED_MARKERS):
        findings.general(Code.IMPORT_ENCRYPTED, "ไฟล์ Excel นี้ตั้งรหัสผ่านไว้ (เข้ารหัส) ระบบจึงอ่านข้อมูลไม่ได้",
                         "เปิดไฟล์ใน Excel ด้วยรหัสผ่าน แล้วเอารหัสผ่านออก (ไฟล์ > ข้อมูล > ป้องกันเวิร์กบุ๊ก > เข้ารหัสด้วยรหัสผ่าน"
                         " แล้วลบรหัสผ่านให้ว่าง) บันทึกเป็น .xlsx แล้วนำเข้าใหม่",
                         "Password-protected (encrypted) workbook")
        return False
    findings.general(Code.IMPORT_BAD_FILE,
                     "ไฟล์นี้เป็นรูปแบบ Excel รุ่นเก่า (.xls, Excel 97-2003) แม้จะตั้งชื่อเป็น "
                     f"'{path.suffix or '-'}' ระบบรองรับเฉพาะ .xlsx",
                     _XLSX_FIX, "Old binary .xls (OLE) workbook")
    return False


def _not_zip_message(path: Path, head: bytes) -> str:
    try:
        with path.open("rb") as fh:
            sample = fh.read(4096)
        text = sample.decode("utf-8-sig")
        looks_text = "\x00" not in text
    except (OSError, UnicodeDecodeError):
        looks_text = False
    if not head:
        return "ไฟล์ว่าง (ขนาด 0 ไบต์) ไม่ใช่ไฟล์ Excel"
    if looks_text:
        return ("ไฟล์นี้เป็นไฟล์ข้อความ (เช่น CSV หรือ HTML) ที่ตั้งชื่อเป็น "
                f"'{path.suffix or '-'}' ไม่ใช่ไฟล์ Excel .xlsx จริง")
    return f"ไฟล์นี้ไม่ใช่ไฟล์ Excel .xlsx (เนื้อไฟล์ไม่ใช่รูปแบบของ Excel แม้จะตั้งชื่อเป็น '{path.suffix or '-'}')"


def _check_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], findings: _Findings) -> bool:
    def too_big(what_th: str, what_en: str) -> bool:
        findings.general(Code.IMPORT_TOO_LARGE,
                         f"ไฟล์ .xlsx นี้ผิดปกติ: {what_th} จึงไม่เปิดอ่าน (ป้องกันไฟล์ที่ขยายตัวจนเครื่องค้าง)",
                         "ถ้าเป็นไฟล์จริงของหน่วยงาน ให้คัดลอกเฉพาะตารางจัดซื้อจัดจ้างไปวางในไฟล์ Excel ใหม่"
                         " (วางแบบค่า) บันทึกเป็น .xlsx แล้วนำเข้าใหม่",
                         what_en)
        return False

    if len(infos) > MAX_ZIP_MEMBERS:
        return too_big(f"มีไฟล์ย่อยภายใน {len(infos):,} ไฟล์ (สูงสุด {MAX_ZIP_MEMBERS:,})",
                       f"{len(infos)} zip members, over {MAX_ZIP_MEMBERS}")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        findings.general(Code.IMPORT_BAD_FILE,
                         "ไฟล์นี้เป็นไฟล์ zip แต่ไม่ใช่ไฟล์ Excel .xlsx (อาจเป็นไฟล์ Word, ODS หรือ zip ที่เปลี่ยนนามสกุล)",
                         "เปิดข้อมูลใน Excel แล้วบันทึกเป็น 'Excel Workbook (*.xlsx)'", "Zip archive without an xl/ workbook")
        return False
    total = 0
    for i in infos:
        total += i.file_size
        if total > MAX_UNCOMPRESSED:
            return too_big(f"เมื่อขยายแล้วมีขนาดเกิน {MAX_UNCOMPRESSED / 1048576:,.0f} MB",
                           f"uncompressed size over {MAX_UNCOMPRESSED} bytes")
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_MEMBER_RATIO * max(i.compress_size, 1):
            return too_big(f"ไฟล์ย่อย '{i.filename}' ขยายตัว {i.file_size / max(i.compress_size, 1):,.0f} เท่า"
                           f" (สูงสุด {MAX_MEMBER_RATIO} เท่า)",
                           f"member {i.filename} compression ratio over {MAX_MEMBER_RATIO}")
        if i.filename.lower().endswith("sharedstrings.xml") and i.file_size > MAX_SHARED_STRINGS:
            return too_big(f"ตารางข้อความ (sharedStrings.xml) มีขนาด {i.file_size / 1048576:,.0f} MB"
                           f" (สูงสุด {MAX_SHARED_STRINGS / 1048576:.0f} MB)",
                           f"sharedStrings.xml over {MAX_SHARED_STRINGS} bytes")
    for i in infos:  # entity declarations ("billion laughs"): openpyxl here parses XML without defusedxml
        if i.filename.lower().endswith((".xml", ".rels")) and i.file_size:
            with zf.open(i) as fh:
                prolog = fh.read(2048)
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                return too_big(f"ไฟล์ย่อย '{i.filename}' มีการประกาศ DOCTYPE/ENTITY ซึ่งไฟล์ Excel ปกติไม่มี",
                               f"{i.filename} declares a DOCTYPE/ENTITY")
    return True


def _read_xlsx(path: Path, sheet: str | list[str] | None, findings: _Findings) -> tuple[list[Sheet], Any]:
    """The workbook's sheets (all of them, or those asked for), after ``sniff_file`` allowed it."""
    if not sniff_file(path, findings):
        return [], None
    import openpyxl  # heavy import, only when needed

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 (a damaged workbook can raise anything from the XML/zip layers)
        findings.general(Code.IMPORT_BAD_FILE, "ไฟล์ .xlsx เสีย เปิดอ่านไม่ได้",
                         "ลองเปิดไฟล์ใน Excel ถ้าเปิดได้ให้บันทึกเป็น .xlsx ใหม่อีกครั้ง แล้วนำเข้าใหม่",
                         f"Cannot open workbook: {exc.__class__.__name__}: {exc}")
        return [], None
    try:
        names = list(wb.sheetnames)
        wanted = [sheet] if isinstance(sheet, str) else list(sheet or [])
        unknown = [n for n in wanted if n not in names]
        if unknown:
            findings.general(Code.IMPORT_SHEETS,
                             f"ไม่พบชีต {', '.join(repr(n) for n in unknown)} ในไฟล์ (มี: {', '.join(names)})",
                             "ระบุชื่อชีตให้ตรงกับในไฟล์ (ตัวพิมพ์และเว้นวรรคต้องตรงกัน)",
                             f"No sheet named {unknown[0]!r}")
            wb.close()
            return [], None
        out = []
        for n in (wanted or names):
            ws = wb[n]
            if not hasattr(ws, "iter_rows"):  # a chart sheet: no cells
                if wanted:
                    findings.general(Code.IMPORT_SHEETS, f"ชีต '{n}' เป็นแผนภูมิ (chart sheet) ไม่มีตารางข้อมูล",
                                     "ระบุชีตที่มีตารางจัดซื้อจัดจ้างด้วย --sheet", f"Sheet {n!r} is a chart sheet",
                                     sheet=n)
                    wb.close()
                    return [], None
                continue
            hidden = getattr(ws, "sheet_state", "visible") != "visible"
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # a bogus <dimension ref="A1:XFD1048576"> would pad every row
            out.append(Sheet(n, _guarded(ws.iter_rows(values_only=True), n), hidden=hidden, asked=bool(wanted)))
        return out, wb
    except Exception as exc:  # noqa: BLE001
        wb.close()
        findings.general(Code.IMPORT_BAD_FILE, "ไฟล์ .xlsx เสีย อ่านรายชื่อชีตไม่ได้",
                         "ลองเปิดไฟล์ใน Excel ถ้าเปิดได้ให้บันทึกเป็น .xlsx ใหม่อีกครั้ง แล้วนำเข้าใหม่",
                         f"Cannot read sheets: {exc.__class__.__name__}: {exc}")
        return [], None

"""The one registry of finding codes.

Every message oitsite shows an editor carries one of these codes (like MyST's
``myst.xref_missing``). The list is documented in docs/findings.md, generated from this file
(``python -m oitsite codes --format md``); a test keeps the two in sync. Users can silence a
warning code in agency.yaml (``suppress: [oit.pii-phone]``); errors about safety cannot be
silenced.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "notice"]


@dataclass(frozen=True)
class CodeInfo:
    severity: Severity
    title_th: str
    title_en: str
    #: "content" errors (data not yet complete) never stop a build: the public build shows the item
    #: as "อยู่ระหว่างจัดทำข้อมูล", the draft (``--allow-incomplete``) shows what is missing;
    #: "publish" errors stop only the public build; "input" and "safety" errors stop every build.
    kind: Literal["content", "publish", "input", "safety"] = "input"


class Code(str, enum.Enum):
    """Finding codes. Value = the code users see and may suppress."""

    YAML_SYNTAX = "oit.yaml-syntax"
    YAML_DUPLICATE_KEY = "oit.yaml-duplicate-key"
    FILE_ENCODING = "oit.file-encoding"
    UNKNOWN_KEY = "oit.unknown-key"
    WRONG_TYPE = "oit.wrong-type"
    BAD_DATE = "oit.bad-date"
    BE_DATE = "oit.be-date"
    BAD_AMOUNT = "oit.bad-amount"
    BAD_URL = "oit.bad-url"
    BAD_EMAIL = "oit.bad-email"
    BAD_PHONE = "oit.bad-phone"
    BAD_TAXID = "oit.bad-taxid"
    BAD_CHOICE = "oit.bad-choice"
    DUPLICATE_ID = "oit.duplicate-id"
    UNKNOWN_TOPIC = "oit.unknown-topic"
    UNKNOWN_YEAR = "oit.unknown-year"
    MISSING_AGENCY = "oit.missing-agency"
    MISSING_ELEMENT = "oit.missing-element"
    STALE_PERIOD = "oit.stale-period"
    WRONG_SIGNER = "oit.wrong-signer"
    MISSING_FILE = "oit.missing-file"
    UNSAFE_PATH = "oit.unsafe-path"
    FILE_TOO_LARGE = "oit.file-too-large"
    BAD_FILE = "oit.bad-file"
    RAW_HTML = "oit.raw-html"
    UNSAFE_MARKUP = "oit.unsafe-markup"
    PII_NATIONAL_ID = "oit.pii-national-id"
    PII_PHONE = "oit.pii-phone"
    PLACEHOLDER = "oit.placeholder"
    TEMPLATE_TEXT = "oit.template-text"
    ITA_INCONSISTENT = "oit.ita-inconsistent"
    CATALOG_ERROR = "oit.catalog-error"
    IMPORT_ERROR = "oit.import-error"
    IMPORT_BAD_FILE = "oit.import-bad-file"
    IMPORT_ENCRYPTED = "oit.import-encrypted"
    IMPORT_TOO_LARGE = "oit.import-too-large"
    IMPORT_SHEETS = "oit.import-sheets"
    IMPORT_HIDDEN_SHEET = "oit.import-hidden-sheet"
    FORMULA_TEXT = "oit.formula-text"
    BUILD_ERROR = "oit.build-error"
    CMS_BUNDLE = "oit.cms-bundle"
    UNSAFE_OUT = "oit.unsafe-out"
    FILE_CHANGED = "oit.file-changed"
    UNSAFE_PDF = "oit.unsafe-pdf"
    PDF_ENCRYPTED = "oit.pdf-encrypted"
    BAD_FILENAME = "oit.bad-filename"
    BAD_YEAR_FOLDER = "oit.bad-year-folder"
    MISSING_FIELD = "oit.missing-field"
    IMPORT_GUESSED = "oit.import-guessed"
    IMPORT_OFFICE = "oit.import-office"
    IMPORT_SCAN = "oit.import-scan"
    IMPORT_LEFTOVER = "oit.import-leftover"
    UNVERIFIED_CRITERIA = "oit.unverified-criteria"
    AFTER_CUTOFF = "oit.after-cutoff"
    DOCUMENT_PAGE_MISSING = "oit.document-page-missing"
    DOCUMENT_WRONG_YEAR = "oit.document-wrong-year"
    DOCUMENT_TERMS = "oit.document-terms"
    DOCUMENT_SCAN = "oit.document-scan"
    DOCUMENT_OFFICE = "oit.document-office"
    DOCUMENT_UNKNOWN_ELEMENT = "oit.document-unknown-element"
    NOT_PUBLIC = "oit.not-public"
    DRAFT_SITE = "oit.draft-site"

    @property
    def info(self) -> CodeInfo:
        return CODES[self]


CODES: dict[Code, CodeInfo] = {
    Code.YAML_SYNTAX: CodeInfo("error", "ไฟล์ YAML เขียนไม่ถูกรูปแบบ", "YAML syntax error"),
    Code.YAML_DUPLICATE_KEY: CodeInfo("error", "มีชื่อช่องข้อมูลซ้ำในไฟล์เดียวกัน", "Duplicate key"),
    Code.FILE_ENCODING: CodeInfo("error", "ไฟล์ไม่ได้บันทึกเป็น UTF-8", "File is not UTF-8"),
    Code.UNKNOWN_KEY: CodeInfo("error", "ชื่อช่องข้อมูลไม่รู้จัก (อาจสะกดผิด)", "Unknown key"),
    Code.WRONG_TYPE: CodeInfo("error", "ชนิดข้อมูลไม่ถูกต้อง", "Wrong type"),
    Code.BAD_DATE: CodeInfo("error", "วันที่ไม่ถูกต้อง", "Invalid date"),
    Code.BE_DATE: CodeInfo("notice", "อ่านปีเป็น พ.ศ.", "Year read as Buddhist Era"),
    Code.BAD_AMOUNT: CodeInfo("error", "จำนวนเงินไม่ถูกต้อง", "Invalid amount"),
    Code.BAD_URL: CodeInfo("error", "ลิงก์ไม่ถูกต้องหรือไม่ใช่ https", "Invalid or non-https URL"),
    Code.BAD_EMAIL: CodeInfo("error", "อีเมลไม่ถูกต้อง", "Invalid e-mail"),
    Code.BAD_PHONE: CodeInfo("error", "หมายเลขโทรศัพท์ไม่ถูกต้อง", "Invalid phone number"),
    Code.BAD_TAXID: CodeInfo("error", "เลขประจำตัวผู้เสียภาษี/เลขประจำตัวประชาชนไม่ถูกต้อง", "Invalid 13-digit id"),
    Code.BAD_CHOICE: CodeInfo("error", "ค่าที่เลือกไม่อยู่ในรายการที่กำหนด", "Value not among the options"),
    Code.DUPLICATE_ID: CodeInfo("error", "รายการซ้ำกัน", "Duplicate id"),
    Code.UNKNOWN_TOPIC: CodeInfo("error", "ไฟล์ข้อมูลไม่ตรงกับหัวข้อใด", "Unknown topic file"),
    Code.UNKNOWN_YEAR: CodeInfo("error", "ไม่มีเกณฑ์ของปีที่ระบุ", "No catalog for that year"),
    Code.MISSING_AGENCY: CodeInfo("error", "ไม่พบโฟลเดอร์หรือไฟล์ agency.yaml", "Agency folder or agency.yaml missing"),
    Code.MISSING_ELEMENT: CodeInfo("error", "ข้อมูลยังไม่ครบตามองค์ประกอบของเกณฑ์", "Required element missing", "content"),
    Code.STALE_PERIOD: CodeInfo("error", "ข้อมูลไม่อยู่ในช่วงเวลาที่เกณฑ์กำหนด", "Data outside the required period", "content"),
    Code.WRONG_SIGNER: CodeInfo("error", "ผู้ลงนามไม่ใช่ผู้บริหารสูงสุด", "Not signed by the top executive", "content"),
    Code.MISSING_FILE: CodeInfo("error", "ไม่พบไฟล์แนบ", "Attachment not found", "content"),
    Code.UNSAFE_PATH: CodeInfo("error", "ที่อยู่ไฟล์ออกนอกโฟลเดอร์ของหน่วยงาน", "Path escapes the agency folder", "safety"),
    Code.FILE_TOO_LARGE: CodeInfo("error", "ไฟล์แนบใหญ่เกินกำหนด", "Attachment too large", "safety"),
    Code.BAD_FILE: CodeInfo("error", "ไฟล์แนบเสียหรือไม่ตรงกับชนิดที่ระบุ", "Attachment unreadable or not what it claims", "safety"),
    Code.RAW_HTML: CodeInfo("error", "ห้ามใช้ HTML ในข้อความ", "Raw HTML is not allowed", "safety"),
    Code.UNSAFE_MARKUP: CodeInfo("error", "ใช้คำสั่ง Markdown ที่ไม่อนุญาต", "Markdown directive or role not allowed", "safety"),
    Code.PII_NATIONAL_ID: CodeInfo("warning", "พบเลขประจำตัวประชาชนในข้อความ", "National id number in free text"),
    Code.PII_PHONE: CodeInfo("warning", "พบหมายเลขโทรศัพท์มือถือในข้อความ", "Mobile phone number in free text"),
    Code.PLACEHOLDER: CodeInfo("error", "ยังเป็นข้อความตัวอย่างที่ต้องแก้ไข", "Placeholder not filled in", "content"),
    Code.TEMPLATE_TEXT: CodeInfo("warning", "ยังเป็นข้อความคำแนะนำของแบบฟอร์ม ไม่นับเป็นข้อมูล",
                                 "Form instruction text left in (not counted as data)", "content"),
    Code.ITA_INCONSISTENT: CodeInfo("warning", "ข้อมูลผล ITA/มาตรการขัดแย้งกันเอง", "ITA data contradicts itself", "content"),
    Code.CATALOG_ERROR: CodeInfo("error", "ไฟล์เกณฑ์ (catalog) ไม่ถูกต้อง", "Catalog file invalid"),
    Code.IMPORT_ERROR: CodeInfo("error", "นำเข้าข้อมูลไม่สำเร็จ", "Import error"),
    Code.IMPORT_BAD_FILE: CodeInfo("error", "ไฟล์ที่นำเข้าไม่ใช่ไฟล์ Excel (.xlsx) ที่ถูกต้อง หรือไฟล์เสีย",
                                   "Imported file is not a valid .xlsx (old .xls, renamed or damaged)"),
    Code.IMPORT_ENCRYPTED: CodeInfo("error", "ไฟล์ Excel ที่นำเข้าตั้งรหัสผ่านไว้", "Imported workbook is password-protected"),
    Code.IMPORT_TOO_LARGE: CodeInfo("error", "ไฟล์ที่นำเข้าใหญ่เกินกำหนดหรือขยายตัวผิดปกติ",
                                    "Imported file over the limits (size, rows, decompression)", "safety"),
    Code.IMPORT_SHEETS: CodeInfo("error", "ไม่ทราบว่าจะนำเข้าชีตใด", "Which worksheet to import is ambiguous"),
    Code.IMPORT_HIDDEN_SHEET: CodeInfo("notice", "มีชีตที่ซ่อนไว้ซึ่งไม่ได้นำเข้า", "Hidden worksheet not imported"),
    Code.FORMULA_TEXT: CodeInfo("warning", "ข้อความขึ้นต้นด้วยเครื่องหมายที่โปรแกรมตารางคำนวณอ่านเป็นสูตร (= + - @)",
                                "Text starting like a spreadsheet formula", "input"),
    Code.BUILD_ERROR: CodeInfo("error", "สร้างเว็บไซต์ไม่สำเร็จ", "Build error"),
    Code.CMS_BUNDLE: CodeInfo("error", "ไม่พบโปรแกรมหน้าแก้ไขข้อมูล (Sveltia CMS) สำหรับ /admin/ หรือใช้รุ่นที่ไม่รองรับ",
                              "Sveltia CMS bundle for /admin/ missing or not the supported version"),
    Code.UNSAFE_OUT: CodeInfo("error", "โฟลเดอร์ผลลัพธ์ (--out) ไม่ปลอดภัย จะลบข้อมูลที่ไม่ได้สร้างโดย oitsite",
                              "--out would replace a folder oitsite did not create", "safety"),
    Code.FILE_CHANGED: CodeInfo("error", "ไฟล์แนบถูกเปลี่ยนหลังการตรวจ", "Attachment changed after it was checked", "safety"),
    Code.UNSAFE_PDF: CodeInfo("error", "ไฟล์ PDF มีสคริปต์ คำสั่งเปิดโปรแกรม หรือไฟล์ฝัง", "PDF with script, launch action or embedded files", "safety"),
    Code.PDF_ENCRYPTED: CodeInfo("warning", "ไฟล์ PDF เข้ารหัส ตรวจและค้นหาเนื้อหาไม่ได้", "Encrypted PDF (cannot be checked or indexed)"),
    Code.BAD_FILENAME: CodeInfo("error", "ชื่อไฟล์ข้อมูลสะกดนามสกุลผิด", "Data file name or extension wrong"),
    Code.MISSING_FIELD: CodeInfo("error", "ยังไม่ได้กรอกช่องข้อมูลที่จำเป็นของหน่วยงาน", "Required agency field missing", "publish"),
    Code.IMPORT_GUESSED: CodeInfo("notice", "นำเข้าเอกสารเป็นข้อที่เดาจากชื่อเรื่อง (ไม่มีเลขข้อ หรือเลขข้อขัดกับชื่อเรื่อง)",
                                  "Imported document's item guessed from its title"),
    Code.IMPORT_OFFICE: CodeInfo("warning", "เอกสารที่นำเข้าเป็นไฟล์ Office ควรแปลงเป็น PDF", "Imported document is an Office file: convert to PDF"),
    Code.IMPORT_SCAN: CodeInfo("notice", "เอกสารที่นำเข้าเป็นภาพสแกนที่ไม่มีข้อความ", "Imported PDF is a scan without a text layer"),
    Code.IMPORT_LEFTOVER: CodeInfo("warning", "ไฟล์ในโฟลเดอร์ที่นำเข้าไม่ทราบว่าเป็นข้อใด จึงไม่ได้นำเข้า", "File left over: no item found"),
    Code.UNVERIFIED_CRITERIA: CodeInfo("notice", "เกณฑ์ของปีนี้มีองค์ประกอบที่ยังไม่ได้ตรวจสอบกับคู่มือการประเมิน",
                                       "The year's catalog has criteria elements not yet verified against the NACC text"),
    Code.AFTER_CUTOFF: CodeInfo("notice", "รายการลงวันที่หลังวันตัดข้อมูลของเกณฑ์ ไม่นับในข้อนั้น",
                                "Record dated after the criteria's cut-off, not counted for that item", "content"),
    Code.BAD_YEAR_FOLDER: CodeInfo("error", "โฟลเดอร์ปีไม่ใช่ปีงบประมาณ พ.ศ. ที่เป็นไปได้", "Year folder is not a plausible Buddhist-Era year"),
    Code.DOCUMENT_PAGE_MISSING: CodeInfo("error", "เอกสารไม่มีหน้าที่อ้างถึงเป็นหลักฐาน", "Cited document page does not exist", "content"),
    Code.DOCUMENT_WRONG_YEAR: CodeInfo("error", "วันที่หรือปีงบประมาณในเอกสารไม่ตรงกับช่วงเวลาที่เกณฑ์กำหนด (เอกสารผิดปี)",
                                       "Document dated outside the item's period (wrong-year document)", "content"),
    Code.DOCUMENT_TERMS: CodeInfo("warning", "ไม่พบคำสำคัญขององค์ประกอบในหน้าเอกสารที่อ้างถึง",
                                  "Element's key terms not found on the cited page", "content"),
    Code.DOCUMENT_SCAN: CodeInfo("notice", "หน้าเอกสารเป็นภาพสแกน (ไม่มีข้อความ) ตรวจอัตโนมัติไม่ได้ ถือตามที่ผู้ดูแลระบุ",
                                 "Scanned page without text: declared by the editor, not checked"),
    Code.DOCUMENT_OFFICE: CodeInfo("error", "เอกสารเป็นไฟล์ Word/Excel ต้องแปลงเป็น PDF ก่อน", "Office file: convert the document to PDF",
                                   "content"),
    Code.DOCUMENT_UNKNOWN_ELEMENT: CodeInfo("error", "อ้างถึงข้อหรือองค์ประกอบที่ไม่มีในเกณฑ์", "Evidence names an unknown item or element",
                                            "content"),
    Code.NOT_PUBLIC: CodeInfo("error", "ยังเผยแพร่เป็นเว็บไซต์สาธารณะไม่ได้ (ยังไม่มีชื่อหน่วยงาน)",
                              "Cannot be published yet (no agency name)", "publish"),
    Code.DRAFT_SITE: CodeInfo("error", "เว็บไซต์ที่สร้างเป็นฉบับร่าง (--allow-incomplete) ห้ามเผยแพร่",
                              "The built site is a draft (--allow-incomplete) and must not be deployed", "safety"),
}


@dataclass
class Finding:
    code: Code
    message_th: str
    message_en: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    items: list[str] = field(default_factory=list)
    fix_th: str = ""
    severity: Severity | None = None
    #: where inside the data: ``procurement.records[12].price`` (a data file) ...
    path: str | None = None
    #: ... or the cell of an imported spreadsheet (row 1-based as the sheet shows it, column "C")
    sheet: str | None = None
    row: int | None = None
    col: str | None = None

    def __post_init__(self) -> None:
        if self.severity is None:
            self.severity = self.code.info.severity

    @property
    def where(self) -> str:
        if not self.file:
            return ""
        out = self.file
        if self.line:
            out += f":{self.line}"
            if self.column:
                out += f":{self.column}"
        return out

    def sort_key(self) -> tuple:
        return (self.file or "", self.line or 0, self.column or 0, self.code.value, self.message_th)

    def as_dict(self) -> dict:
        return {
            "code": self.code.value,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "items": self.items,
            "path": self.path,
            "sheet": self.sheet,
            "row": self.row,
            "col": self.col,
            "message_th": self.message_th,
            "message_en": self.message_en,
            "fix_th": self.fix_th,
        }

    @property
    def cell(self) -> str:
        """The spreadsheet cell or data path, as an editor reads it."""
        if self.row is not None or self.sheet:
            parts = [f"ชีต {self.sheet}" if self.sheet else "", f"แถว {self.row}" if self.row is not None else "",
                     f"คอลัมน์ {self.col}" if self.col else ""]
            return " ".join(p for p in parts if p)
        return self.path or ""

    def dedupe_key(self) -> tuple:
        return (self.code, self.file, self.line, self.column, self.path, self.sheet, self.row, self.col,
                self.message_th)

    def format(self, lang: str = "th") -> str:
        sev = SEVERITY_TH[self.severity or "error"] if lang == "th" else (self.severity or "error")
        msg = self.message_th if lang == "th" or not self.message_en else self.message_en
        head = f"{self.where}: " if self.where else ""
        items = f" [{', '.join(self.items)}]" if self.items else ""
        cell = f" ({self.cell})" if self.cell else ""
        text = f"{head}{sev} {self.code.value}{items}{cell}: {msg}"
        if self.fix_th and lang == "th":
            text += f"\n    วิธีแก้: {self.fix_th}"
        return text


SEVERITY_TH: dict[str, str] = {"error": "ผิดพลาด", "warning": "คำเตือน", "notice": "หมายเหตุ"}
#: an O-item's status as the public and the assessor read it (page badge, manifest, ITAS CSV)
STATUS_TH: dict[str, str] = {"met": "ครบ", "partial": "ยังไม่ครบ", "missing": "ยังไม่มีข้อมูล"}


def data_path(root: str, path: tuple | list) -> str:
    """A value's place in the data, as tools address it: ``procurement.records[12].price``
    (list positions counted from 0, as in JSON)."""
    out = root
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class FindingsError(Exception):
    """The one exception of oitsite's library code: what was refused, as findings."""

    def __init__(self, findings: list[Finding], message: str = "", reports: dict | None = None):
        super().__init__(message or "; ".join(f.message_th for f in findings[:3]) or "refused")
        self.findings = findings
        #: the checked years' reports when a whole check was refused (so that a refused build can
        #: show what ``oitsite check`` shows, counted alike)
        self.reports = reports


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Each finding once (several years' checks report the same file problem), order kept."""
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = f.dedupe_key()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def counts(findings: list[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "notice": 0}
    for f in findings:
        out[f.severity or "error"] += 1
    return out


def summary_line(findings: list[Finding], lang: str = "th") -> str:
    n = counts(findings)
    if lang == "en":
        return f"{n['error']} error(s), {n['warning']} warning(s), {n['notice']} notice(s)"
    return f"ผิดพลาด {n['error']} รายการ, คำเตือน {n['warning']} รายการ, หมายเหตุ {n['notice']} รายการ"


def codes_markdown(*sections: str) -> str:
    """docs/findings.md, generated; ``sections`` (Markdown) follow the table — the CLI adds the
    Markdown allow-list from oitsite.check.markdown (a higher stage than this module)."""
    lines = [
        "# Finding codes",
        "",
        "Generated by `oitsite codes --format md` from `oitsite/findings.py`. Every finding of",
        "`oitsite check` and `oitsite build` carries one of these codes. Warnings and notices can be",
        "silenced per agency with `suppress: [code, …]` in agency.yaml. *content* errors (data not yet",
        "complete) never stop a build: the public build shows the item as \"อยู่ระหว่างจัดทำข้อมูล\", the",
        "draft (`--allow-incomplete`, never deployed) shows what is missing; *publish* errors stop only",
        "the public build; *input* and *safety* errors stop every build. `check --allow-incomplete`",
        "relaxes *content* and *publish* errors.",
        "",
        "| code | severity | kind | ความหมาย | meaning |",
        "|---|---|---|---|---|",
    ]
    for code, info in CODES.items():
        lines.append(f"| `{code.value}` | {info.severity} | {info.kind} | {info.title_th} | {info.title_en} |")
    return "\n".join(lines) + "\n" + "".join(sections)

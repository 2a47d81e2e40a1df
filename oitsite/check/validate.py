"""Stage 4: every finding about an agency — what ``oitsite check`` prints and ``build`` obeys.

Load problems (YAML, schema types) come from the model; this module adds the catalog's
elements and periods, attachments, Markdown safety, duplicate ids, placeholders and a PII scan.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from oitsite import thai
from oitsite.check.markdown import ALLOWED_DIRECTIVES, ALLOWED_ROLES, markdown_findings  # noqa: F401 (re-exported)
from oitsite.findings import Code, Finding, data_path
from oitsite.model import ita
from oitsite.model.agency import Agency, TopicData, load_agency, shown
from oitsite.model.catalog import Catalog, CatalogError, load_catalog
from oitsite.model.documents import OFFICE_TYPES
from oitsite.model.evaluate import ItemStatus, evaluate
from oitsite.model.fieldtypes import FILE_TYPES, IMAGE_TYPES
from oitsite.model.placeholders import PLACEHOLDER_RE, is_template_only, raw_path, template_text
from oitsite.model.schema import FieldDef, walk

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 5 * 1024 * 1024
#: Pixels an attached picture may have (a small file can declare a huge picture: a
#: "decompression bomb"); 40 million is a 7,700 × 5,200 photo.
MAX_IMAGE_PIXELS = 40_000_000
#: A tag in a plain-text field, closed or not: ``<`` then a letter, ``/``, ``!`` or ``?`` (a browser
#: starts a tag there even without the closing ``>``: ``<img src=x onerror=alert(1)``). ``< 5`` is text.
_TAG_RE = re.compile(r"<[a-zA-Z/!?][^>\n]{0,60}>?")


@dataclass
class Report:
    agency: Agency | None
    catalog: Catalog | None
    findings: list[Finding] = field(default_factory=list)
    statuses: list[ItemStatus] = field(default_factory=list)

    def errors(self, allow_incomplete: bool = False) -> list[Finding]:
        """What ``oitsite check`` counts as errors (``--allow-incomplete``: not the data still missing)."""
        return [f for f in self.findings if f.severity == "error"
                and not (allow_incomplete and f.code.info.kind in ("content", "publish"))]

    def blocking(self, draft: bool = False) -> list[Finding]:
        """The errors that stop a build: never data still missing (*content*: the public build shows
        "อยู่ระหว่างจัดทำข้อมูล"), *publish* errors only for the public build."""
        return [f for f in self.findings if f.severity == "error" and f.code.info.kind != "content"
                and not (draft and f.code.info.kind == "publish")]


def check(agency_dir: Path, year: int | None = None, catalog_dirs: list[Path] | None = None) -> Report:
    """Check one agency against one year's catalog (default: the agency's current year)."""
    agency, findings = load_agency(Path(agency_dir))
    if agency is None:
        return Report(None, None, findings)
    year = year or agency.info.get("current_year") or max(agency.info.get("years") or [0]) or None
    from oitsite.model.catalog import default_year

    if year is None:
        year = default_year(catalog_dirs)
    return check_years(agency, findings, [int(year)], catalog_dirs)[int(year)]


def check_years(agency: Agency, load_findings: list[Finding], years: list[int],
                catalog_dirs: list[Path] | None = None, cache_dir: Path | None = None) -> dict[int, Report]:
    """Check a loaded agency against several years' catalogs; the file-level checks (types,
    attachments, Markdown safety, PII, the documents' text) run once and are shared by every
    year's report. ``cache_dir``: where extracted PDF text is kept (default
    :func:`oitsite.check.documents.default_cache_dir`)."""
    from oitsite.check import documents

    file_findings = list(load_findings)
    for td in agency.topics.values():
        file_findings += _check_topic(agency, td)
    file_findings += documents.read_documents(agency, cache_dir if cache_dir is not None else documents.default_cache_dir(),
                                              lambda rel: _read_attachment(agency.root, rel))
    if agency.info_source is not None:
        file_findings += _check_values(agency, agency.info_source.file, agency.info_source, _agency_fields(),
                                       agency.info_source.data, "agency")
        file_findings += _unit_findings(agency)
    file_findings += ita.findings(agency, Code.ITA_INCONSISTENT)
    file_findings += _publishable(agency)
    reports: dict[int, Report] = {}
    for year in years:
        try:
            catalog = load_catalog(int(year), catalog_dirs)
        except CatalogError as exc:
            reports[year] = Report(agency, None, list(load_findings) + exc.findings)
            continue
        reports[year] = _year_report(agency, catalog, [copy.copy(f) for f in file_findings])
    return reports


#: findings that mean a data file could not be read at all
UNREADABLE = (Code.YAML_SYNTAX, Code.FILE_ENCODING, Code.FILE_TOO_LARGE, Code.BAD_FILE)


def _year_report(agency: Agency, catalog: Catalog, findings: list[Finding]) -> Report:
    report = Report(agency, catalog, findings)
    topic_items = _topic_items(catalog)
    report.statuses = evaluate(agency, catalog)
    report.findings += _element_findings(agency, report.statuses)
    from oitsite.check.documents import year_findings

    report.findings += year_findings(agency, catalog, report.statuses)
    # Name the O-items that each file-based finding hurts.
    for f in report.findings:
        if not f.items and f.file:
            topic = Path(f.file).stem
            f.items = topic_items.get(topic, [])
    suppressed = agency.suppressed
    # A file that could not be read says so once (its syntax error names the items it hurts);
    # "missing element" for each of those items would only bury the line to fix.
    unreadable = {f.file for f in report.findings if f.code in UNREADABLE and f.file}
    report.findings = sorted(
        (f for f in report.findings if not (f.code.value in suppressed and f.severity != "error")
         and not (f.file in unreadable and f.code.info.kind == "content")),
        key=Finding.sort_key,
    )
    return report


def _unit_findings(agency: Agency) -> list[Finding]:
    """agency.yaml ``units`` name topics (stable across years); a name that is no topic is an error."""
    out = []
    for i, u in enumerate(agency.info.get("units") or []):
        topic = str(u.get("topic") or "") if isinstance(u, dict) else ""
        if topic and topic not in agency.topic_defs and agency.info_source is not None:
            near = difflib.get_close_matches(topic, list(agency.topic_defs), n=1)
            out.append(agency.info_source.finding(
                Code.UNKNOWN_TOPIC, ("units", i, "topic"),
                f"units: ไม่มีหัวข้อข้อมูล (topic) '{topic}'" + (f" หมายถึง '{near[0]}' หรือไม่" if near else ""),
                message_en=f"units: no topic '{topic}'",
                fix_th="ใช้ชื่อหัวข้อตาม oitsite topics (เช่น procurement) ไม่ใช่เลขข้อ O"))
    return out


def _publishable(agency: Agency) -> list[Finding]:
    """A public site needs the agency's real Thai name (every page and QR landing names it)."""
    src = agency.info_source
    raw = src.data if src is not None and isinstance(src.data, dict) else {}  # as written: the loader drops placeholders
    if "name_th" not in raw:
        return []  # oit.missing-field says so
    name = raw.get("name_th")
    if isinstance(name, str) and name.strip() and not PLACEHOLDER_RE.search(name):
        return []
    file = src.file if src is not None else "agency.yaml"
    line = (src.pos(("name_th",))[0] if src is not None else None) or 1
    return [Finding(Code.NOT_PUBLIC, "ยังไม่มีชื่อหน่วยงานภาษาไทย (name_th) จึงสร้างเว็บไซต์สาธารณะไม่ได้ "
                    "(ยังสร้างฉบับร่างด้วย --allow-incomplete ได้)", "name_th is missing or a placeholder: no public build",
                    file=file, line=line, path="name_th",
                    fix_th="กรอกชื่อหน่วยงาน เช่น name_th: องค์การบริหารส่วนตำบลบ้านตัวอย่าง")]


def _agency_fields() -> dict[str, FieldDef]:
    from oitsite.model.schema import agency_schema

    return agency_schema().fields


def _topic_items(catalog: Catalog) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in catalog.items:
        for ref in item.topics:
            out.setdefault(ref.topic, []).append(item.id)
    return out


def _check_topic(agency: Agency, td: TopicData) -> list[Finding]:
    out: list[Finding] = []
    tdef = agency.topic_defs[td.topic]
    if td.body is not None:
        out += check_markdown(td.body, td.body_file or "", 1)
    if td.source is None or not isinstance(td.source.data, dict):
        return out
    out += _check_values(agency, td.file, td.source, tdef.fields, td.source.data, td.topic)
    out += _duplicates(td, tdef.fields)
    return out


def _check_values(agency: Agency, file: str, src: Any, fields: dict[str, FieldDef], data: Any,
                  root: str = "") -> list[Finding]:
    out: list[Finding] = []
    for path, fd, value in walk(fields, data):
        line, col = src.pos(path)
        if path[:1] == ("documents",) and path[-1] == "file" and isinstance(value, str) and Path(value).suffix.lower() in OFFICE_TYPES:
            continue  # a Word/Excel document: oit.document-office (oitsite.check.documents) says to convert it
        if fd.ftype.is_attachment and isinstance(value, str):
            out += check_attachment(agency.root, value, fd.ftype.is_image, file, line, col, agency.checked_files)
        elif fd.ftype.prose and isinstance(value, str):
            start = src.text_line(path)
            if fd.ftype.markdown:
                out += check_markdown(value, file, start or 1)
            else:
                tag = _TAG_RE.search(value)
                if tag:
                    out.append(Finding(Code.RAW_HTML, f"ข้อความใน '{fd.title}' มีแท็ก HTML ({tag.group(0)[:40]}) ซึ่งไม่อนุญาต",
                                       "HTML tags are not allowed in text", file=file,
                                       line=(start or 1) + value.count("\n", 0, tag.start()) if "\n" in value else line,
                                       column=col, fix_th="ลบแท็ก HTML ออก เขียนเป็นข้อความธรรมดา"))
                out += _scan_pii_lines(value, file, start, line, col)
        if isinstance(value, str) and PLACEHOLDER_RE.search(value):
            out.append(Finding(Code.PLACEHOLDER, f"'{fd.title}' ยังเป็นข้อความตัวอย่าง: {PLACEHOLDER_RE.search(value).group(1)}",
                               "Placeholder not filled in", file=file, line=line, column=col,
                               path=data_path(root, path) if root else None,
                               fix_th="แทนที่ข้อความในวงเล็บ (( )) ด้วยข้อมูลจริง หรือลบบรรทัดนี้"))
        elif fd.ftype.prose and (form := template_text(value)):
            counted = "จึงไม่นับเป็นข้อมูล" if is_template_only(value) else "ส่วนนี้ไม่ใช่ข้อมูลของหน่วยงาน"
            out.append(Finding(Code.TEMPLATE_TEXT,
                               f"'{fd.title}' มีข้อความคำแนะนำของแบบฟอร์ม “{form[:80]}{'…' if len(form) > 80 else ''}” {counted}",
                               "Form instruction text left in", file=file, line=line, column=col,
                               path=data_path(root, path) if root else None,
                               fix_th="แทนที่ด้วยผลการวิเคราะห์ของหน่วยงานเอง หรือลบข้อความคำแนะนำนี้ออก"))
    return out


def _duplicates(td: TopicData, fields: dict[str, FieldDef]) -> list[Finding]:
    out: list[Finding] = []
    data = td.source.data if td.source else None
    if not isinstance(data, dict):
        return out
    for name, fd in fields.items():
        records = data.get(name)
        if not fd.is_list or not isinstance(records, list):
            continue
        key = next((k for k in ("id", "project_id") if k in fd.fields), None)
        if key is None:
            continue
        seen: dict[str, int] = {}
        for i, rec in enumerate(records):
            if not isinstance(rec, dict) or rec.get(key) in (None, ""):
                continue
            value = thai.to_arabic_digits(str(rec[key])).strip()
            if value in seen:
                line, col = td.source.pos((name, i, key))
                first, _ = td.source.pos((name, seen[value], key))
                out.append(Finding(Code.DUPLICATE_ID, f"{fd.fields[key].title} '{value}' ซ้ำกับรายการที่บรรทัด {first}",
                                   f"Duplicate {key} '{value}'", file=td.file, line=line, column=col,
                                   fix_th="ตรวจว่าบันทึกซ้ำหรือไม่ ถ้าซ้ำให้ลบรายการใดรายการหนึ่ง"))
            else:
                seen[value] = i
    return out


# ---------------------------------------------------------------------------------------------


def safe_resolve(root: Path, rel: str) -> tuple[Path | None, str | None]:
    """Resolve an attachment path inside the agency folder, or say why not (Thai)."""
    text = rel.replace("\\", "/")
    if text.startswith("/") or re.match(r"^[a-zA-Z]:", text) or "://" in text:
        return None, f"'{rel}' ต้องเป็นที่อยู่ไฟล์ภายในโฟลเดอร์หน่วยงาน เช่น files/ประกาศ.pdf (ห้ามขึ้นต้นด้วย / หรือเป็นลิงก์)"
    if any(part == ".." for part in text.split("/")):
        return None, f"'{rel}' มี ../ ซึ่งชี้ออกนอกโฟลเดอร์หน่วยงาน"
    root = root.resolve()
    target = (root / text)
    try:
        real = target.resolve(strict=False)
    except (OSError, RuntimeError):
        return None, f"'{rel}' อ่านที่อยู่ไม่ได้"
    if real != root and root not in real.parents:
        return None, f"'{rel}' เป็นลิงก์ (symlink) ที่ชี้ออกนอกโฟลเดอร์หน่วยงาน"
    return real, None


def open_verified(root: Path, real: Path, limit: int) -> bytes:
    """The bytes of ``real`` (a resolved path inside ``root``), opened one folder at a time with
    O_NOFOLLOW: a symbolic link put into any part of the path after it was resolved, a folder or a
    special file (FIFO, device), or a file grown over ``limit`` raises OSError instead of being read."""
    import os
    import stat

    parts = real.relative_to(root.resolve()).parts
    nofollow = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(root.resolve(), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for part in parts[:-1]:
            nxt = os.open(part, nofollow | getattr(os, "O_DIRECTORY", 0), dir_fd=fd)
            os.close(fd)
            fd = nxt
        nxt = os.open(parts[-1], nofollow | getattr(os, "O_NONBLOCK", 0), dir_fd=fd)
        os.close(fd)
        fd = nxt
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"{real.name} is not a regular file")
        if st.st_size > limit:
            raise OSError(f"{real.name} is over the size limit")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise OSError(f"{real.name} is over the size limit")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _read_attachment(root: Path, rel: str) -> bytes | None:
    """An attachment's bytes, resolved and opened as the checks do (None when it cannot be)."""
    real, problem = safe_resolve(root, rel)
    if problem or real is None:
        return None
    try:
        return open_verified(root, real, MAX_FILE_BYTES)
    except OSError:
        return None


def attachment_key(rel: str) -> str:
    return rel.replace("\\", "/")


def read_checked_attachment(root: Path, rel: str, sha256: str | None) -> bytes:
    """An attachment's bytes for publishing: re-resolved, re-opened without following links and
    compared with the sha256 recorded when it was checked; FindingsError (oit.file-changed) otherwise."""
    import hashlib

    from oitsite.findings import FindingsError

    def refuse(why: str) -> FindingsError:
        return FindingsError([Finding(Code.FILE_CHANGED, f"ไฟล์แนบ '{rel}' {why} จึงไม่เผยแพร่ (ไม่ได้เปลี่ยนเว็บไซต์เดิม)",
                                      f"attachment {rel} changed after it was checked", file=shown(root / rel),
                                      fix_th="อย่าแก้หรือย้ายไฟล์ระหว่างการสร้างเว็บไซต์ แล้วสั่ง oitsite build อีกครั้ง")])

    if sha256 is None:
        raise refuse("ไม่ได้ผ่านการตรวจก่อนสร้างเว็บไซต์")
    real, problem = safe_resolve(root, rel)
    if problem or real is None:
        raise refuse("ถูกเปลี่ยนเป็นลิงก์ (symlink) ที่ชี้ออกนอกโฟลเดอร์หน่วยงานหลังการตรวจ")
    limit = MAX_IMAGE_BYTES if real.suffix.lower() in IMAGE_TYPES else MAX_FILE_BYTES
    try:
        data = open_verified(root, real, limit)
    except OSError:
        raise refuse("ถูกเปลี่ยนหลังการตรวจ (กลายเป็นลิงก์ ไม่ใช่ไฟล์ธรรมดา หรือใหญ่เกินกำหนด)") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise refuse("ถูกแก้ไขหรือแทนที่หลังการตรวจ (เนื้อไฟล์ไม่ตรงกับที่ตรวจไว้)")
    return data


def check_attachment(root: Path, rel: str, image: bool, file: str, line: int | None, col: int | None,
                     hashes: dict[str, str] | None = None) -> list[Finding]:
    """Check one attachment; when it passes, record the sha256 of the very bytes checked in
    ``hashes`` (the build publishes only those bytes, see :func:`read_checked_attachment`)."""
    import hashlib

    real, problem = safe_resolve(root, rel)
    where = dict(file=file, line=line, column=col)
    if problem:
        return [Finding(Code.UNSAFE_PATH, problem, "Unsafe attachment path", fix_th="ย้ายไฟล์มาไว้ในโฟลเดอร์ files/ ของหน่วยงาน แล้วอ้างถึงเป็น files/<ชื่อไฟล์>", **where)]
    assert real is not None
    if not real.is_file():
        near = _near_names(real)
        return [Finding(Code.MISSING_FILE, f"ไม่พบไฟล์แนบ '{rel}'" + (f" (มีไฟล์ชื่อใกล้เคียง: {near})" if near else ""),
                        f"Attachment '{rel}' not found", fix_th="อัปโหลดไฟล์ไว้ในโฟลเดอร์ files/ หรือแก้ชื่อไฟล์ให้ตรง (ตัวพิมพ์เล็ก/ใหญ่ต้องตรงกัน)", **where)]
    ext = real.suffix.lower()
    allowed = IMAGE_TYPES if image else FILE_TYPES
    if ext not in allowed:
        return [Finding(Code.BAD_FILE, f"ไฟล์ '{rel}' เป็นชนิด {ext or '(ไม่มีนามสกุล)'} ซึ่งไม่อนุญาต (ใช้ได้: {', '.join(sorted(allowed))})",
                        "File type not allowed", fix_th="แปลงไฟล์เป็น PDF หรือรูปภาพ PNG/JPEG", **where)]
    size = real.stat().st_size
    limit = MAX_IMAGE_BYTES if ext in IMAGE_TYPES else MAX_FILE_BYTES
    if size > limit:
        return [Finding(Code.FILE_TOO_LARGE, f"ไฟล์ '{rel}' ขนาด {size / 1048576:.1f} MB เกินกำหนด {limit // 1048576} MB",
                        "Attachment too large", fix_th="ลดขนาดไฟล์ (บีบอัด PDF หรือย่อรูป) ก่อนอัปโหลด", **where)]
    try:
        data = open_verified(root, real, limit)
    except OSError:
        return [Finding(Code.BAD_FILE, f"ไฟล์ '{rel}' เปิดอ่านไม่ได้ (ไม่ใช่ไฟล์ธรรมดา หรือเปลี่ยนระหว่างตรวจ)",
                        "Attachment cannot be read", fix_th="อัปโหลดไฟล์จริงไว้ในโฟลเดอร์ files/", **where)]
    problem = sniff(real, data)
    if problem:
        return [Finding(Code.BAD_FILE, f"ไฟล์ '{rel}' {problem}", "Attachment is not what its name says",
                        fix_th="บันทึกไฟล์ใหม่จากโปรแกรมต้นฉบับ แล้วอัปโหลดอีกครั้ง", **where)]
    out: list[Finding] = []
    if ext == ".pdf":
        out += inspect_pdf(data, rel, where)
        if any(f.severity == "error" for f in out):
            return out
    if hashes is not None:
        hashes[attachment_key(rel)] = hashlib.sha256(data).hexdigest()
    return out


#: PDF names that make a viewer run code, start programs or carry hidden files.
_PDF_ACTIVE_KEYS = {"/JS": "JavaScript", "/JavaScript": "JavaScript", "/Launch": "คำสั่งเปิดโปรแกรม (/Launch)",
                    "/EmbeddedFiles": "ไฟล์ฝังอยู่ข้างใน (/EmbeddedFiles)", "/EmbeddedFile": "ไฟล์ฝังอยู่ข้างใน (/EmbeddedFile)",
                    "/RichMedia": "สื่อที่เล่นอัตโนมัติ (/RichMedia)", "/XFA": "แบบฟอร์ม XFA ที่มีสคริปต์ได้"}
_PDF_ACTIVE_ACTIONS = {"/JavaScript": "JavaScript", "/Launch": "คำสั่งเปิดโปรแกรม (/Launch)",
                       "/ImportData": "คำสั่งนำเข้าข้อมูล (/ImportData)", "/RichMediaExecute": "สื่อที่สั่งทำงาน"}
PDF_MAX_OBJECTS = 200_000


def pdf_active_content(reader: Any) -> list[str]:
    """What in a PDF would run or launch something (JavaScript, /OpenAction scripts, /Launch,
    embedded files), found by walking every object reachable from the trailer; Thai labels."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found: dict[str, None] = {}
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    visited = 0
    while stack and visited < PDF_MAX_OBJECTS:
        obj = stack.pop()
        visited += 1
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                obj = obj.get_object()
            except Exception:
                continue
        if isinstance(obj, DictionaryObject):
            for k in obj.keys():
                if k in _PDF_ACTIVE_KEYS:
                    found[_PDF_ACTIVE_KEYS[k]] = None
            action = obj.get("/S")
            if action in _PDF_ACTIVE_ACTIONS:
                found[_PDF_ACTIVE_ACTIONS[str(action)]] = None
            if obj.get("/Type") == "/Filespec" and "/EF" in obj:
                found["ไฟล์ฝังอยู่ข้างใน (/EmbeddedFile)"] = None
            stack.extend(v for k, v in obj.items() if k not in ("/Parent", "/P"))
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return list(found)


def inspect_pdf(data: bytes, rel: str, where: dict) -> list[Finding]:
    """Refuse active PDF content (oit.unsafe-pdf); warn on encryption (oit.pdf-encrypted)."""
    import io

    from pypdf import PdfReader

    out: list[Finding] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            opened = False
            try:
                opened = bool(reader.decrypt(""))
            except Exception:
                opened = False
            out.append(Finding(Code.PDF_ENCRYPTED, f"ไฟล์ '{rel}' เป็น PDF ที่เข้ารหัส"
                               + ("" if opened else " ต้องใช้รหัสผ่านจึงจะเปิดได้") + " ระบบตรวจและค้นหาเนื้อหาในไฟล์ไม่ได้",
                               "Encrypted PDF: cannot be checked or indexed",
                               fix_th="บันทึก PDF ใหม่โดยไม่ตั้งรหัสผ่านหรือการเข้ารหัส", **where))
            if not opened:
                return out
        active = pdf_active_content(reader)
    except Exception:  # pypdf raises many kinds for broken files
        return out + [Finding(Code.BAD_FILE, f"ไฟล์ '{rel}' เป็น PDF ที่เสียหาย เปิดอ่านไม่ได้", "Broken PDF",
                              fix_th="บันทึกไฟล์ใหม่จากโปรแกรมต้นฉบับ แล้วอัปโหลดอีกครั้ง", **where)]
    if active:
        out.append(Finding(Code.UNSAFE_PDF, f"ไฟล์ '{rel}' เป็น PDF ที่มี {', '.join(active)} ซึ่งอาจทำงานบนเครื่องของผู้ชม จึงไม่อนุญาต",
                           "PDF contains JavaScript, launch actions or embedded files", items=active,
                           fix_th="พิมพ์ (Print) เป็น PDF ใหม่ หรือบันทึกเป็น PDF/A เพื่อตัดสคริปต์และไฟล์ฝังออก", **where))
    return out


def _near_names(real: Path) -> str:
    import difflib

    if not real.parent.is_dir():
        return ""
    names = [p.name for p in real.parent.iterdir()]
    return ", ".join(difflib.get_close_matches(real.name, names, n=2, cutoff=0.6))


def sniff(path: Path, data: bytes | None = None) -> str | None:
    """None if the file (its bytes ``data`` when given) is what its extension claims, else a Thai reason."""
    import io

    ext = path.suffix.lower()
    if data is None:
        data = path.read_bytes()
    head = data[:8]
    if ext == ".pdf":
        if not head.startswith(b"%PDF-"):
            return "ไม่ใช่ไฟล์ PDF จริง (เนื้อไฟล์ไม่ขึ้นต้นด้วย %PDF)"
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                return None  # judged by inspect_pdf (a warning: cannot be checked)
            if len(reader.pages) < 1:
                return "เป็น PDF ที่ไม่มีหน้าใดเลย"
        except Exception:  # pypdf raises many kinds for broken files
            return "เป็น PDF ที่เสียหาย เปิดอ่านไม่ได้"
        return None
    if ext in IMAGE_TYPES:
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
                if width * height > MAX_IMAGE_PIXELS:  # judged from the header, before decoding
                    return (f"มีขนาด {width:,} × {height:,} จุด ใหญ่เกินกำหนด ({MAX_IMAGE_PIXELS // 1_000_000} ล้านจุด) "
                            "อาจทำให้เครื่องของผู้ชมค้าง")
                im.verify()
            with Image.open(io.BytesIO(data)) as im:
                im.load()
                fmt = (im.format or "").lower()
        except Image.DecompressionBombError:  # Pillow's own, higher limit, hit while opening
            return f"มีจำนวนจุดภาพใหญ่เกินกำหนด ({MAX_IMAGE_PIXELS // 1_000_000} ล้านจุด) อาจทำให้เครื่องของผู้ชมค้าง"
        except Exception:
            return "ไม่ใช่รูปภาพที่เปิดได้ (ไฟล์เสียหรือไม่ใช่รูปภาพ)"
        want = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp", ".gif": "gif"}[ext]
        if fmt != want:
            return f"นามสกุลเป็น {ext} แต่เนื้อไฟล์เป็น {fmt or 'ชนิดอื่น'}"
        return None
    if ext in {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".zip"}:
        if not zipfile.is_zipfile(io.BytesIO(data)):
            return f"ไม่ใช่ไฟล์ {ext} ที่ถูกต้อง"
        return None
    if ext in {".csv", ".txt"}:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return "ไม่ได้บันทึกเป็น UTF-8"
    return None


# ---------------------------------------------------------------------------------------------


def _scan_pii_lines(text: str, file: str, start: int | None, line: int | None, col: int | None) -> list[Finding]:
    """PII scan of a text value line by line when it spans lines (``start``: its first line)."""
    if "\n" not in text.strip() or start is None:
        return scan_pii(text, file, line, col)
    out: list[Finding] = []
    for n, ln in enumerate(text.split("\n")):
        out += scan_pii(ln, file, start + n, None)
    return out


def check_markdown(text: str, file: str, line: int) -> list[Finding]:
    """The Markdown safety gate (oitsite.check.markdown, shared with the build) and a PII scan.

    ``line`` is the file line of the text's first line.
    """
    return markdown_findings(text, file, line) + _scan_pii_lines(text, file, line, line, None)


def scan_pii(text: str, file: str, line: int | None, col: int | None) -> list[Finding]:
    out = []
    for m in thai.THAI_ID_RE.finditer(text):
        if thai.valid_thai_id(m.group(0)):
            out.append(Finding(Code.PII_NATIONAL_ID, f"ข้อความมีเลขประจำตัวประชาชน ({m.group(0)[:4]}…) อาจเป็นข้อมูลส่วนบุคคล",
                               "A checksum-valid national id appears in free text", file=file, line=line, column=col,
                               fix_th="ลบเลขประจำตัวออก หรือปิดบางส่วน เช่น 1-2345-xxxxx-xx-x (ตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล)"))
    for m in thai.PHONE_RE.finditer(text):
        if thai.is_mobile(m.group(0)):
            out.append(Finding(Code.PII_PHONE, f"ข้อความมีหมายเลขโทรศัพท์มือถือ ({m.group(0)}) อาจเป็นเบอร์ส่วนตัว",
                               "A mobile phone number appears in free text", file=file, line=line, column=col,
                               fix_th="ใช้หมายเลขโทรศัพท์ของหน่วยงานแทน หรือใส่ไว้ในช่องโทรศัพท์ของผู้บริหารถ้าได้รับความยินยอม"))
    return out


#: At most this many findings per element for records outside its period (the page lists them all).
MAX_RECORD_FINDINGS = 20


def _element_findings(agency: Agency, statuses: list[ItemStatus]) -> list[Finding]:
    out: list[Finding] = []
    for st in statuses:
        for es in st.elements:
            if es.met:
                continue
            if es.records:  # a period rule refused these records: one finding each, at the record's line
                out += _record_findings(agency, st, es)
                continue
            file, line, col, where = None, None, None, None
            if es.locate:
                topic, year, path = es.locate
                where = data_path(topic, path)
                td = agency.get(topic, year)
                if td is not None and td.source is not None:
                    file = td.file
                    if es.code is Code.STALE_PERIOD:
                        path = _outside_year(td, es, st.year) or path
                    line, col = td.pos(path)
                    where = data_path(topic, raw_path(path, td.moved))  # as the file numbers its records
                else:
                    rel = f"data/{year}/{topic}.yaml" if year else f"data/{topic}.yaml"
                    file = shown(agency.root / rel)
            out.append(Finding(
                es.code or Code.MISSING_ELEMENT,
                f"{st.item.id} {st.item.title}: องค์ประกอบ “{_short(es.element.text)}” — " + "; ".join(es.reasons),
                f"{st.item.id}: element {es.element.index} missing", file=file, line=line, column=col,
                items=[st.item.id], fix_th=_fix_for(es.reasons), path=where,
            ))
        out += _cutoff_findings(agency, st)
    return out


def _record_label(td: TopicData, path: tuple) -> str:
    """How an editor finds a record: its number in the list and its name or title."""
    if len(path) < 2 or not isinstance(path[1], int) or not isinstance(td.data, dict):
        return ""
    recs = td.data.get(path[0])
    rec = recs[path[1]] if isinstance(recs, list) and path[1] < len(recs) else None
    name = next((str(rec[k]) for k in ("name", "title", "subject", "topic") if isinstance(rec, dict) and rec.get(k)), "")
    return f"รายการที่ {path[1] + 1}" + (f" “{_short(name, 50)}”" if name else "")


def _record_findings(agency: Agency, st: ItemStatus, es: Any) -> list[Finding]:
    out: list[Finding] = []
    for topic, year, path, when, _rule in es.records[:MAX_RECORD_FINDINGS]:
        td = agency.get(topic, year)
        if td is None or td.source is None:
            continue
        fy = td.year or st.year
        start, end = thai.fiscal_year_range(fy)
        line, col = td.source.pos(path)
        out.append(Finding(
            Code.STALE_PERIOD,
            f"{st.item.id} {st.item.title}: องค์ประกอบ “{_short(es.element.text)}” — {_record_label(td, path)} "
            f"ลงวันที่ {thai.format_date(when)} ไม่อยู่ในปีงบประมาณ พ.ศ. {fy} "
            f"({thai.format_date(start)} – {thai.format_date(end)})",
            f"{st.item.id}: element {es.element.index}: a record dated {when.isoformat()} is outside fiscal year {fy}",
            file=td.file, line=line, column=col, items=[st.item.id], path=data_path(topic, path),
            fix_th=f"แก้วันที่ให้ถูกต้อง หรือย้ายรายการนี้ไปไว้ในไฟล์ของปีงบประมาณที่ถูกต้อง (data/{thai.fiscal_year(when)}/{topic}.yaml)",
        ))
    if len(es.records) > MAX_RECORD_FINDINGS:
        out[-1].message_th += f" (และอีก {len(es.records) - MAX_RECORD_FINDINGS} รายการ ดูที่หน้า {st.item.id})"
    return out


def _cutoff_findings(agency: Agency, st: ItemStatus) -> list[Finding]:
    """A notice for each record an item leaves out (``dates_until``): not an error, the record may
    belong in the year's data (ITA 2568 reports the whole 2567 procurement year), but this item
    does not count it and its page does not show it."""
    out: list[Finding] = []
    for slot in st.slots:
        if not slot.excluded or slot.data is None or slot.data.source is None or slot.cutoff is None:
            continue
        el = next((e for e in st.item.elements if e.index == slot.cutoff_element), None)
        rule = next((r for r in (el.rules if el else []) if r.get("rule") == "dates_until"), {})
        field_name = str(rule.get("path", "")).rsplit(".", 1)[-1]
        for name, recs in slot.excluded.items():
            for index, when in recs:
                path = (name, index, field_name) if field_name else (name, index)
                line, col = slot.data.source.pos(path)
                out.append(Finding(
                    Code.AFTER_CUTOFF,
                    f"{st.item.id} {st.item.title} ปี {st.year}: {_record_label(slot.data, path)} ลงวันที่ "
                    f"{thai.format_date(when)} หลังวันที่ {thai.format_date(slot.cutoff)} ที่เกณฑ์กำหนด "
                    f"จึงไม่นับและไม่แสดงในหน้า {st.item.id} ปี {st.year}"
                    + (f" (องค์ประกอบที่ {el.index} “{_short(el.text)}”)" if el else ""),
                    f"{st.item.id} {st.year}: record dated {when.isoformat()} after the cut-off {slot.cutoff.isoformat()} "
                    "is not counted nor shown", file=slot.data.file, line=line, column=col, items=[st.item.id],
                    path=data_path(slot.ref.topic, path),
                    fix_th="ไม่ต้องแก้ไขหากวันที่ถูกต้อง (รายการยังใช้ในข้ออื่น เช่น รายงานสรุปผลประจำปี) "
                           "หากวันที่ผิด ให้แก้วันที่ให้ถูกต้อง",
                ))
    return out


def _outside_year(td: TopicData, es: Any, year: int) -> tuple | None:
    """Path of the first date outside the fiscal year when an element fails its
    ``dates_in_fiscal_year`` rule, so that the finding names that record's line (evaluate
    judges the element as a whole; this only points at the first offending record)."""
    rule = next((r for r in es.element.rules if r.get("rule") == "dates_in_fiscal_year"), None)
    if rule is None or td.data is None:
        return None
    start, end = thai.fiscal_year_range(td.year or year)
    parts = [p.removesuffix("[]") for p in rule["path"].split(".")[1:]]

    def paths(data: Any, rest: list[str], at: tuple) -> Iterable[tuple[tuple, Any]]:
        if not rest:
            yield at, data
            return
        if isinstance(data, list):
            for i, rec in enumerate(data):
                yield from paths(rec, rest, at + (i,))
        elif isinstance(data, dict) and rest[0] in data:
            yield from paths(data[rest[0]], rest[1:], at + (rest[0],))

    for path, value in paths(td.data, parts, ()):
        if isinstance(value, dt.date) and not start <= value <= end:
            return path
    return None


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _fix_for(reasons: list[str]) -> str:
    if any("ยังไม่มีไฟล์" in r for r in reasons):
        return "สร้างไฟล์ตามชื่อที่ระบุ (ดูตัวอย่างใน agencies/demo/) หรือใช้ oitsite new เพื่อสร้างโครงไฟล์"
    if any("ณ วันที่" in r or "ปีงบประมาณ" in r or "ครอบคลุม" in r for r in reasons):
        return "ปรับข้อมูลให้อยู่ในช่วงเวลาที่เกณฑ์กำหนด แล้วตรวจอีกครั้งด้วย oitsite check"
    return "เพิ่มข้อมูลที่ขาดในไฟล์ที่ระบุ แล้วตรวจอีกครั้งด้วย oitsite check"



def unverified_notice(catalog: Catalog) -> Finding | None:
    """One notice per year when the catalog has elements no source states (``verified: false``):
    which items, and that their results may change once compared with the NACC's own text.
    ``oitsite check`` prints it; it is not part of the report's findings (the public pages and the
    build stay clean of it)."""
    unv = catalog.unverified_elements()
    if not unv:
        return None
    ids = list(dict.fromkeys(it.id for it, _ in unv))
    shown_ids = ", ".join(ids[:12]) + (" …" if len(ids) > 12 else "")
    total = catalog.verification()["elements"]
    return Finding(
        Code.UNVERIFIED_CRITERIA,
        f"เกณฑ์ ITA {catalog.year} มีองค์ประกอบที่ยังไม่ได้ตรวจสอบกับคู่มือการประเมิน {len(unv)}/{total} องค์ประกอบ "
        f"ใน {len(ids)} ข้อ ({shown_ids}) ผลตรวจของข้อเหล่านี้อาจเปลี่ยนเมื่อเทียบกับคู่มือฉบับจริง",
        f"ITA {catalog.year} has {len(unv)}/{total} unverified criteria elements in {len(ids)} items ({shown_ids}) "
        "(not checked against the NACC handbook)",
        file=shown(Path(catalog.file)) if catalog.file else None, items=ids,
        fix_th="ดูแหล่งที่มาของแต่ละองค์ประกอบด้วย oitsite catalogs หรือ docs/catalogs.md "
               "(หน่วยงานไม่ต้องแก้ไขข้อมูลเพราะหมายเหตุนี้)",
    )

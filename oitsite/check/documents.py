"""Documents as evidence, checked where the document allows (oitsite.model.documents says what
is cited; this module reads the PDFs).

* the text of every page of every document that passed the attachment checks, extracted with
  pypdf once per content (cached by sha256 in a cache folder: a rebuild does not re-extract);
* per assessment year, each evidence entry: the cited page exists (oit.document-page-missing);
  the document's date, approved date and the dates its text states ("ณ วันที่ 31 มีนาคม 2567",
  "ปีงบประมาณ พ.ศ. 2567", "1 ตุลาคม 2566 – 30 กันยายน 2567") fit the data year
  (oit.document-wrong-year); the element's key terms (PyThaiNLP tokens of the catalog's element
  text) appear on the cited pages (oit.document-terms, a warning). A page without a text layer is
  "declared by the editor" (oit.document-scan, a notice): never silently checked.
* Office files get oit.document-office (convert to PDF); a key naming no element of the
  catalog, oit.document-unknown-element.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from oitsite import thai
from oitsite.findings import Code, Finding
from oitsite.model.agency import Agency, TopicData
from oitsite.model.catalog import Catalog
from oitsite.model.documents import OFFICE_TYPES, PAGED_TYPES, Citation, documents, parse_key
from oitsite.model.evaluate import ItemStatus

#: bump when the extraction changes: older cache entries are then ignored
EXTRACT_VERSION = 1
#: a page with fewer letters than this has no usable text layer (a scan, or a stamp only)
MIN_TEXT_CHARS = 20
#: share of an element's key terms that must appear on its cited pages
TERMS_THRESHOLD = 0.5


def default_cache_dir() -> Path:
    """Where extracted text is kept between runs: ``$OITSITE_CACHE``, else the user's cache folder."""
    env = os.environ.get("OITSITE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "oitsite"


# ---------------------------------------------------------------------------------------------
# Text


def clean_text(text: str) -> str:
    """PDF text as compared: NFC, the decomposed sara am (นิคหิต + า → ำ) joined, Thai digits as
    Arabic, zero-width characters removed."""
    text = unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")
    return thai.to_arabic_digits(text.translate({0x200b: None, 0x200c: None, 0x200d: None, 0xfeff: None, 0xad: None}))


def extract_pages(data: bytes) -> list[str]:
    """One string per page (pypdf), "" where a page has no text layer."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    out = []
    for page in reader.pages:
        try:
            text = clean_text(page.extract_text() or "")
        except Exception:  # a broken content stream: no text, as a scan
            text = ""
        out.append(text if sum(ch.isalnum() for ch in text) >= MIN_TEXT_CHARS else "")
    return out


def cached_pages(read: Callable[[], bytes | None], sha256: str, cache_dir: Path | None) -> list[str] | None:
    """The pages' text of a checked attachment (its bytes from ``read``), from the cache when its
    content was seen before."""
    entry = cache_dir / "pdftext" / f"{sha256}.json" if cache_dir else None
    if entry is not None and entry.is_file():
        try:
            cached = json.loads(entry.read_text(encoding="utf-8"))
            if cached.get("v") == EXTRACT_VERSION and isinstance(cached.get("pages"), list):
                return [str(p) for p in cached["pages"]]
        except (OSError, ValueError):
            pass
    data = read()
    if data is None or hashlib.sha256(data).hexdigest() != sha256:
        return None  # unreadable, or changed since it was checked: the build refuses it (oit.file-changed)
    try:
        pages = extract_pages(data)
    except Exception:  # pypdf raises many kinds; the attachment check already judged the file
        return None
    if entry is not None:
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            tmp = entry.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"v": EXTRACT_VERSION, "pages": pages}, ensure_ascii=False), encoding="utf-8")
            tmp.replace(entry)
        except OSError:
            pass  # a read-only cache: extract again next time
    return pages


def read_documents(agency: Agency, cache_dir: Path | None, read: Callable[[str], bytes | None]) -> list[Finding]:
    """File-level: office files refused, the text of every checked PDF document on
    ``agency.document_pages`` (an image is one page without text). ``read(rel)``: the bytes of an
    attachment, opened safely (oitsite.check.validate), or None."""
    out: list[Finding] = []
    for td in agency.topics.values():
        for i, doc in enumerate(documents(td.data)):
            rel = doc.get("file")
            if not isinstance(rel, str):
                continue
            ext = Path(rel).suffix.lower()
            line, col = td.source.pos(("documents", i, "file")) if td.source else (None, None)
            if ext in OFFICE_TYPES:
                out.append(Finding(Code.DOCUMENT_OFFICE, f"เอกสาร '{rel}' เป็นไฟล์ {ext} (Word/Excel) ให้แปลงเป็น PDF ก่อน "
                                   "จึงจะนับเป็นหลักฐานได้ (ผู้ประเมินและผู้ชมต้องเปิดอ่านได้ทันทีโดยไม่ต้องมีโปรแกรม)",
                                   f"Document {rel} is an office file: convert it to PDF", file=td.file, line=line, column=col,
                                   path=f"{td.topic}.documents[{i}].file",
                                   fix_th="เปิดไฟล์ในโปรแกรมแล้วบันทึกเป็น PDF (ไฟล์ > บันทึกเป็น > PDF) หรือสแกนฉบับที่ลงนามแล้วเป็น PDF "
                                          "แล้วเปลี่ยนชื่อไฟล์ในช่อง file"))
                continue
            sha = agency.checked_files.get(rel.replace("\\", "/"))
            if sha is None or rel in agency.document_pages:
                continue
            if ext in PAGED_TYPES:
                pages = cached_pages(lambda rel=rel: read(rel), sha, cache_dir)
                if pages is not None:
                    agency.document_pages[rel] = pages
            else:
                agency.document_pages[rel] = [""]  # a picture: one page, no text layer
    return out


# ---------------------------------------------------------------------------------------------
# Dates in the text

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in (*thai.THAI_MONTHS, *thai.THAI_MONTHS_ABBR)), key=len, reverse=True))
_ERA = r"(?:พ\s*\.\s*ศ\s*\.?\s*)?"
_DATE = rf"(\d{{1,2}})\s*({_MONTH_ALT})\s*{_ERA}(\d{{4}})"
_DATE_RE = re.compile(_DATE)
_AS_OF_RE = re.compile(rf"ณ\s*วันที่\s*{_DATE}")
_RANGE_RE = re.compile(rf"{_DATE}\s*(?:[-–—]|ถึง(?:วันที่)?)\s*{_DATE}")
_FY_RE = re.compile(rf"ปีงบประมาณ\s*{_ERA}(\d{{4}})(?:\s*[-–—]\s*{_ERA}(\d{{4}}))?")


def _date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return thai.parse_date(f"{day} {month} {year}").value
    except thai.ThaiValueError:
        return None


def stated_years(text: str) -> dict[int, str]:
    """Fiscal years (พ.ศ.) a document's text states, each with the words that state it:
    "ปีงบประมาณ พ.ศ. 2567" (or a range 2566 - 2570), a fiscal-year date range, "ณ วันที่ …"."""
    text = " ".join(text.split())
    out: dict[int, str] = {}
    for m in _FY_RE.finditer(text):
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if thai.is_ce_year(lo) or not 2400 <= lo <= hi <= lo + 20:
            continue
        for y in range(lo, hi + 1):
            out.setdefault(y, m.group(0))
    for m in _RANGE_RE.finditer(text):
        end = _date(*m.group(4, 5, 6))
        if end is not None:
            out.setdefault(thai.fiscal_year(end), m.group(0))
    for m in _AS_OF_RE.finditer(text):
        d = _date(*m.group(1, 2, 3))
        if d is not None:
            out.setdefault(thai.fiscal_year(d), m.group(0))
    return out


# ---------------------------------------------------------------------------------------------
# Key terms

#: words of the criteria's phrasing that say nothing about what a page shows
GENERIC_WORDS = frozenset("""แสดง ข้อมูล อย่างน้อย ประกอบด้วย รายละเอียด เช่น หน่วยงาน ดำเนินการ การดำเนินการ เป็น ได้แก่ เกี่ยวกับ
ที่ มี และ หรือ ของ ใน ปี พ.ศ. ตาม ต่อ ให้ ได้ การ ความ ผล""".split())


@lru_cache(maxsize=2048)
def key_terms(text: str) -> tuple[str, ...]:
    """The words of an element's text a page that shows it should contain (PyThaiNLP newmm tokens,
    Thai stop words and the criteria's generic phrasing removed), in order, each once."""
    from pythainlp.corpus import thai_stopwords
    from pythainlp.tokenize import word_tokenize

    stop = thai_stopwords()
    out: list[str] = []
    for tok in word_tokenize(clean_text(text), engine="newmm", keep_whitespace=False):
        tok = tok.strip()
        if len(tok) < 2 or not re.search(r"[\u0e01-\u0e2e]", tok) or tok in stop or tok in GENERIC_WORDS or tok in out:
            continue
        out.append(tok)
    return tuple(out)


def terms_found(terms: tuple[str, ...], page_text: str) -> list[str]:
    squeezed = "".join(page_text.split())
    return [t for t in terms if t in squeezed]


# ---------------------------------------------------------------------------------------------
# Per assessment year


def _where(td: TopicData, path: tuple) -> dict[str, Any]:
    line, col = td.source.pos(path) if td.source else (None, None)
    return {"file": td.file, "line": line, "column": col}


def _pages_th(pages: tuple[int, ...] | list[int]) -> str:
    return ", ".join(map(str, pages))


def _label(st: ItemStatus, index: int) -> str:
    return f"{st.item.id} องค์ประกอบที่ {index}"


def year_findings(agency: Agency, catalog: Catalog, statuses: list[ItemStatus]) -> list[Finding]:
    """The evidence entries of one assessment year, checked against the documents' pages."""
    out: list[Finding] = []
    used: set[tuple[str, int | None, int, str]] = set()
    dated: set[tuple] = set()  # (topic, data year, document, item): its dates judged once
    shown: dict[tuple[str, int | None], list[ItemStatus]] = {}
    for st in statuses:
        for sl in st.slots:
            shown.setdefault((sl.ref.topic, sl.year), []).append(st)
        for es in st.elements:
            for c in es.documents:
                used.add((c.topic, c.data_year, c.index, c.key))
                td = agency.get(c.topic, c.data_year)
                if td is not None:
                    out += _check_citation(agency, td, st, es.element.index, es.element.text, c, dated)
    for (topic, year), sts in shown.items():
        td = agency.get(topic, year)
        if td is None:
            continue
        for i, doc in enumerate(documents(td.data)):
            for key in doc.get("evidence") or {}:
                parsed = parse_key(key)
                if (topic, year, i, key) in used or parsed is None:
                    continue
                kyear, item_id, num = parsed
                if kyear is not None and (year is not None or kyear != catalog.year):
                    continue  # another year's key (judged against that year's catalog)
                item = next((s.item for s in sts if s.item.id.upper() == item_id), None)
                if item is None and kyear is None:
                    continue  # may cite the item of another year's catalog (the same topic, renumbered)
                other = catalog.item(item_id) if item is None else None
                if item is not None:
                    why = f"ข้อ {item.id} มี {len(item.elements)} องค์ประกอบ ไม่มีองค์ประกอบที่ {num}"
                elif other is not None:
                    why = f"ข้อ {other.id} ไม่ได้แสดงข้อมูลหัวข้อนี้ ({topic}) ในเกณฑ์ปี {catalog.year}"
                else:
                    why = f"ไม่มีข้อ {item_id} ในเกณฑ์ปี {catalog.year}"
                out.append(Finding(Code.DOCUMENT_UNKNOWN_ELEMENT,
                                   f"เอกสาร '{doc.get('file')}' อ้างถึง {key} แต่{why} จึงไม่นับเป็นหลักฐาน",
                                   f"evidence key {key} names no element of the {catalog.year} catalog", items=[item_id],
                                   path=f"{topic}.documents[{i}].evidence.{key}", **_where(td, ("documents", i, "evidence", key)),
                                   fix_th="แก้เป็น <ข้อ>.<ลำดับองค์ประกอบตามหน้าเว็บของข้อนั้น> เช่น O25.1"))
    return out


def _check_citation(agency: Agency, td: TopicData, st: ItemStatus, index: int, element_text: str,
                    c: Citation, dated: set[tuple]) -> list[Finding]:
    out: list[Finding] = []
    where = _where(td, c.path)
    path = f"{c.topic}.documents[{c.index}].evidence.{c.key}"
    label = _label(st, index)
    pages = agency.document_pages.get(c.file)
    if pages is None:
        return out  # not readable: the attachment check says why
    missing = [p for p in c.pages if p > len(pages)]
    if missing:
        out.append(Finding(Code.DOCUMENT_PAGE_MISSING,
                           f"{label}: เอกสาร '{c.file}' มี {len(pages)} หน้า ไม่มีหน้า {_pages_th(missing)} ที่อ้างเป็นหลักฐาน",
                           f"{st.item.id}.{index}: {c.file} has {len(pages)} page(s), no page {_pages_th(missing)}",
                           items=[st.item.id], path=path, **where,
                           fix_th=f"แก้เลขหน้าใน evidence ให้ตรงกับหน้าใน PDF (1–{len(pages)}) หรืออัปโหลดเอกสารฉบับที่มีหน้านั้น"))
    present = [p for p in c.pages if p <= len(pages)]
    scans = [p for p in present if not pages[p - 1]]
    if scans:
        out.append(Finding(Code.DOCUMENT_SCAN,
                           f"{label}: หน้า {_pages_th(scans)} ของ '{c.file}' เป็นภาพสแกนไม่มีข้อความ ระบบตรวจเนื้อหาไม่ได้ "
                           "เว็บไซต์จะแสดงว่า “ผู้ดูแลระบุ (ยังไม่ได้ตรวจอัตโนมัติ)”",
                           f"{st.item.id}.{index}: page(s) {_pages_th(scans)} of {c.file} have no text layer",
                           items=[st.item.id], path=path, **where,
                           fix_th="ถ้ามีไฟล์ต้นฉบับ ให้บันทึกเป็น PDF จากโปรแกรม หรือสแกนแบบมีข้อความ (OCR) เพื่อให้ค้นหาและตรวจได้"))
    texts = [pages[p - 1] for p in present if pages[p - 1]]
    if c.data_year is not None:
        out += _wrong_year(td, st, label, c, pages, texts, where, path, dated)
    if texts:
        terms = key_terms(element_text)
        found = terms_found(terms, " ".join(texts))
        if terms and len(found) < math.ceil(TERMS_THRESHOLD * len(terms)):
            lost = [t for t in terms if t not in found]
            out.append(Finding(Code.DOCUMENT_TERMS,
                               f"{label}: ไม่พบคำสำคัญขององค์ประกอบ “{' '.join(element_text.split())[:60]}” ในหน้า "
                               f"{_pages_th(present)} ของ '{c.file}' (ไม่พบ: {', '.join(lost[:6])})",
                               f"{st.item.id}.{index}: key terms not found on the cited page(s) of {c.file}",
                               items=[st.item.id], path=path, **where,
                               fix_th="ตรวจว่าอ้างหน้าถูกต้อง (เลขหน้าใน PDF ไม่ใช่เลขที่พิมพ์บนหน้า) และเอกสารแสดงองค์ประกอบนี้จริง"))
    return out


def _wrong_year(td: TopicData, st: ItemStatus, label: str, c: Citation, pages: list[str], texts: list[str],
                where: dict, path: str, dated: set[tuple]) -> list[Finding]:
    fy = c.data_year
    assert fy is not None
    start, end = thai.fiscal_year_range(fy)
    out: list[Finding] = []
    fy_th = f"ปีงบประมาณ พ.ศ. {fy} ({thai.format_date(start)} – {thai.format_date(end)})"
    doc = documents(td.data)[c.index]
    once = (c.topic, c.data_year, c.index, st.item.id)
    for key, what in (("date", "ลงวันที่"), ("approved", "อนุมัติ/ลงนามเมื่อ")):
        d = doc.get(key)
        if once not in dated and isinstance(d, dt.date) and not fy - 1 <= thai.fiscal_year(d) <= fy + 1:
            out.append(Finding(Code.DOCUMENT_WRONG_YEAR,
                               f"{st.item.id}: เอกสาร '{c.file}' {what} {thai.format_date(d)} ห่างจาก{fy_th} เกินหนึ่งปี "
                               "อาจเป็นเอกสารของปีอื่น",
                               f"{st.item.id}: {c.file} {key} {d.isoformat()} is outside fiscal year {fy} ±1",
                               items=[st.item.id], path=f"{c.topic}.documents[{c.index}].{key}",
                               **_where(td, ("documents", c.index, key)),
                               fix_th=f"ใช้เอกสารของ{fy_th} หรือแก้วันที่ในช่อง {key} ให้ตรงกับเอกสาร"))
    dated.add(once)
    # what the cited pages and the first page (the title) say
    stated = stated_years(" ".join([pages[0], *texts] if pages and pages[0] else texts))
    if stated and fy not in stated:
        said = "; ".join(f"“{w}”" for w in list(dict.fromkeys(stated.values()))[:3])
        out.append(Finding(Code.DOCUMENT_WRONG_YEAR,
                           f"{label}: เอกสาร '{c.file}' หน้า {_pages_th(c.pages)} ระบุ {said} "
                           f"ไม่ใช่{fy_th} ที่ข้อนี้ต้องแสดง (เอกสารผิดปี)",
                           f"{st.item.id}: {c.file} states fiscal year(s) {sorted(stated)}, not {fy}",
                           items=[st.item.id], path=path, **where,
                           fix_th=f"อัปโหลดเอกสารของ{fy_th} แทน หรือถ้าเป็นเอกสารปีอื่นให้ย้ายไปไว้ในไฟล์ข้อมูลของปีนั้น"))
    return out

"""Title and dates of a document from its PDF bytes (pypdf; Thai) — no file I/O.

* title: the first page's "เรื่อง …" line, else the metadata title (unless it is a program's
  leftover such as "Microsoft Word - doc1.docx"), else the first page's first line that is not the
  agency's name, a page number or "คำนำ/สารบัญ";
* date: the first "ณ วันที่ <d> <เดือน> <ปี>" in the text, else the first Thai date in it (never
  the PDF's creation date: that is when the file was made or scanned, and a wrong date would fail
  the period rules); approved: a date after "อนุมัติ", "ประกาศ … ณ วันที่" or "สั่ง ณ วันที่".
Dates are read with :func:`oitsite.thai.parse_date` and written as Buddhist-Era dates.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from oitsite import thai

#: pages read for the title and dates (first pages and the last one: a ประกาศ is signed at its end)
FIRST_PAGES = 3
MAX_TITLE = 200

_MONTH_NAMES = sorted(set(thai.THAI_MONTHS) | set(thai.THAI_MONTHS_ABBR), key=len, reverse=True)
_MONTH_RX = "|".join(re.escape(m).replace(r"\.", r"\.?\s?") for m in _MONTH_NAMES)
_DATE_RE = re.compile(rf"(\d{{1,2}})\s*({_MONTH_RX})\s*(?:พ\s?\.\s?ศ\s?\.?\s*)?(\d{{4}})")
_AS_OF_RE = re.compile(r"ณ\s*วันที่\s*$")
#: words before a signed/approved date, strongest first ("อนุมัติ ณ วันที่" beats "ประกาศ ณ วันที่")
_APPROVED_RES = [re.compile(rf"(?:{w})[^\n]{{0,25}}?(?:ณ\s*)?(?:วันที่|เมื่อวันที่)?\s*$") for w in ("อนุมัติ|เห็นชอบ", "ประกาศ|สั่ง|ลงนาม")]
_JUNK_TITLE = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled|document\d*|doc\d*|scan|img|image|\s*$)|\.(?:docx?|xlsx?|pdf)$",
                         re.IGNORECASE)
_SKIP_LINE = re.compile(r"^(?:องค์การบริหารส่วนตำบล|เทศบาล|อบต\.|อบจ\.|องค์การบริหารส่วนจังหวัด|ประกาศ\s*(?:องค์การ|เทศบาล|อบต)"
                        r"|คำนำ|สารบัญ|หน้า\s*\d|-?\s*\d+\s*-?$)")


@dataclass
class PdfInfo:
    pages: int = 0
    has_text: bool = False  # False: a scan without a text layer
    title: str = ""
    title_from: str = ""  # "subject-line" | "metadata" | "first-line"
    date: dt.date | str | None = None  # Buddhist-Era (a date, or "2567-02-29" when not a Gregorian date)
    date_from: str = ""  # "as-of" | "text"
    approved: dt.date | str | None = None
    text: str = ""  # what was read (first pages and the last)


def be_value(d: dt.date) -> dt.date | str:
    """A Gregorian date as the Buddhist-Era ISO date the data files use (2566-09-15); a 29 February
    (its BE year is no Gregorian leap year) as the text ``2567-02-29``."""
    try:
        return d.replace(year=d.year + thai.BE_OFFSET)
    except ValueError:
        return f"{d.year + thai.BE_OFFSET:04d}-{d.month:02d}-{d.day:02d}"


def thai_dates(text: str) -> list[tuple[int, dt.date]]:
    """(position, Gregorian date) of every Thai written date in ``text`` (Thai digits too)."""
    s = thai.to_arabic_digits(text)
    out = []
    for m in _DATE_RE.finditer(s):
        try:
            month = re.sub(r"\s", "", m.group(2))
            parsed = thai.parse_date(f"{m.group(1)} {month} {m.group(3)}")
        except thai.ThaiValueError:
            continue
        if parsed.era == "BE" or thai.is_ce_year(parsed.value.year):
            out.append((m.start(), parsed.value))
    return out


def dates_in(text: str) -> tuple[dt.date | None, str, dt.date | None]:
    """(date, where it came from, approved date) read from a document's text."""
    s = thai.to_arabic_digits(text)
    found = thai_dates(s)
    date, how = None, ""
    approved: list[dt.date | None] = [None] * len(_APPROVED_RES)
    for pos, d in found:
        before = s[max(0, pos - 40):pos]
        for i, rx in enumerate(_APPROVED_RES):
            if approved[i] is None and rx.search(before):
                approved[i] = d
                break
        if date is None and _AS_OF_RE.search(before):
            date, how = d, "as-of"
    if date is None and found:
        date, how = found[0][1], "text"
    return date, how, next((a for a in approved if a is not None), None)


#: Thai combining marks (above/below vowels, tone marks): a PDF's text often has a space before them
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"


def clean_text(text: str) -> str:
    """Text as PDF producers garble Thai, repaired: NFC, sara am written as nikhahit + sara aa
    (ํา → ำ), spaces before combining marks, zero-width and control characters."""
    import unicodedata

    s = unicodedata.normalize("NFC", text)
    s = s.replace("\u0e4d\u0e32", "\u0e33").replace("\u0e32\u0e4d", "\u0e33")
    s = re.sub(rf"[ \u00a0]+(?=[{_MARKS}\u0e33])", "", s)
    s = re.sub(r"[\u200b-\u200d\ufeff]", "", s)
    return "".join(ch for ch in s if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def _clean_line(line: str) -> str:
    """One title line: no markup characters (a title is plain text: ``<`` would read as a tag)."""
    return re.sub(r"\s+", " ", line.replace("<", "(").replace(">", ")")).strip(" \t:-–")


def title_from_text(text: str) -> tuple[str, str]:
    lines = [_clean_line(x) for x in text.splitlines()]
    lines = [x for x in lines if x]
    for i, line in enumerate(lines[:25]):
        m = re.match(r"^เรื่อง\s*[:：]?\s*(.+)$", line)
        if m and len(m.group(1)) >= 4:
            return m.group(1)[:MAX_TITLE], "subject-line"
    for line in lines[:12]:
        if len(re.findall(r"[\u0E00-\u0E7F]", line)) >= 6 and not _SKIP_LINE.match(line):
            return line[:MAX_TITLE], "first-line"
    return "", ""


def read_pdf(data: bytes) -> PdfInfo:
    """What a PDF's first pages, last page and metadata say (never raises: a broken PDF gives an
    empty PdfInfo; the safety checks in oitsite.check.validate judge it)."""
    from pypdf import PdfReader

    info = PdfInfo()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return info
        info.pages = len(reader.pages)
        wanted = list(range(min(FIRST_PAGES, info.pages)))
        if info.pages > FIRST_PAGES:
            wanted.append(info.pages - 1)
        texts = []
        for i in wanted:
            try:
                texts.append(reader.pages[i].extract_text() or "")
            except Exception:  # a broken content stream: that page has no text for us
                texts.append("")
        meta = reader.metadata or {}
        meta_title = str(meta.get("/Title") or "").strip()
    except Exception:  # pypdf raises many kinds for broken files
        return info
    info.text = clean_text("\n".join(texts))
    texts = [clean_text(t) for t in texts]
    first = texts[0] if texts else ""
    info.has_text = len(re.findall(r"[\u0E00-\u0E7Fa-zA-Z]", info.text)) >= 20
    title, how = title_from_text(first)
    meta_title = _clean_line(clean_text(meta_title))
    if how != "subject-line" and meta_title and not _JUNK_TITLE.search(meta_title):
        title, how = meta_title[:MAX_TITLE], "metadata"
    info.title, info.title_from = title, how
    date, dhow, approved = dates_in(info.text)
    info.date = be_value(date) if date else None
    info.date_from = dhow if date else ""
    info.approved = be_value(approved) if approved else None
    return info

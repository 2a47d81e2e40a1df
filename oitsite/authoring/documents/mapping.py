"""Which ITA item a file is, from its path, a saved OIT menu page and its title — pure: no I/O.

LAOs name their OIT files in many ways: ``O1 โครงสร้าง.pdf``, ``o16_2567.pdf``, ``O๑๖ …pdf`` (Thai
digits), ``ข้อ 16 …``, ``0-16.pdf``, ``O 16.pdf``, sub-folders per item (``O16/…``,
``O16 สรุปผลจัดซื้อ/…``), the year in a folder or the name (``2567``, ``๒๕๖๗``, ``67``). When the
number is absent or contradicts the title, the title is matched against the catalog's item titles
(PyThaiNLP word tokens plus Thai character trigrams, so a poor word split still matches) and the
result is marked *guessed*.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from oitsite import thai

#: kinds of source files
PDF_EXT = {".pdf"}
IMAGE_EXT = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
OFFICE_EXT = {".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf"}
HTML_EXT = {".html", ".htm"}
#: files every office PC leaves behind: never documents
JUNK_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db"}

# O16, o16, O 16, O-16, O_16, O.16, 0-16 (zero for the letter O, only with a separator), ๐๑๖ → 016
_O_START = re.compile(r"^\s*(?:(?:OIT|oit|Oit|[oO])\s*[-_. ]?\s*|0\s*[-_. ]\s*)(\d{1,2})(?!\d)")
_O_ANY = re.compile(r"(?<![A-Za-z])(?:OIT|oit|[oO])\s?[-_.]?\s?(\d{1,2})(?![\d])")
_KHO = re.compile(r"ข้อ(?:ที่)?\s*[-_.]?\s*(\d{1,2})(?!\d)")
_YEAR4 = re.compile(r"(?<!\d)(25[5-7]\d)(?!\d)")
_YEAR2 = re.compile(r"(?:ปี|พ\.?\s?ศ\.?|ITA|ita|[-_ ])\s*([5-7]\d)(?!\d)\s*$")
_THAI = re.compile(r"[\u0E00-\u0E7F]")
_WORDISH = re.compile(r"[\u0E00-\u0E7Fa-zA-Z0-9]+")

#: words so common in OIT titles that they say nothing about which item it is
_GENERIC = {"การ", "ประจำปี", "ปี", "พ.ศ.", "พ", "ศ", "ของ", "และ", "หรือ", "ใน", "ที่", "เพื่อ", "ให้", "ข้อมูล",
            "หน่วยงาน", "งบประมาณ", "ประจำ", "pdf", "o", "ข้อ", "ฉบับ", "เรื่อง", "แก้ไข", "ล่าสุด", "ใหม่"}


#: what LAOs call an item's document in practice, by the item's first topic and its year offset
#: (topic ids are stable across assessment years, O-numbers are not): matched like the titles
ALIASES: dict[tuple[str, int], tuple[str, ...]] = {
    ("structure", 0): ("แผนผังโครงสร้างส่วนราชการ", "โครงสร้างองค์กร"),
    ("executives", 0): ("ทำเนียบผู้บริหาร",),
    ("strategic-plan", 0): ("แผนพัฒนาท้องถิ่น", "แผนพัฒนาสามปี", "แผนพัฒนาห้าปี"),
    ("annual-plan", 0): ("แผนการดำเนินงานประจำปี", "ข้อบัญญัติงบประมาณรายจ่ายประจำปี", "รายงานการใช้จ่ายงบประมาณรอบ 6 เดือน"),
    ("annual-report", -1): ("รายงานการติดตามและประเมินผลแผนพัฒนาท้องถิ่น",),
    ("work-manuals", 0): ("คู่มือการปฏิบัติงาน",),
    ("service-manuals", 0): ("คู่มือสำหรับประชาชน", "คู่มือประชาชน"),
    ("procurement-plan", 0): ("แผนการจัดซื้อจัดจ้างประจำปี", "แผนการจัดหาพัสดุ"),
    ("procurement-announcements", 0): ("ประกาศประกวดราคา", "ประกาศผู้ชนะการเสนอราคา", "ประกาศจัดซื้อจัดจ้าง e-bidding"),
    ("procurement", 0): ("สขร.1 สรุปผลการดำเนินการจัดซื้อจัดจ้างประจำเดือน",),
    ("procurement", -1): ("รายงานสรุปผลการจัดซื้อจัดจ้างประจำปี",),
    ("hr-plan", 0): ("แผนพัฒนาบุคลากร", "แผนอัตรากำลัง", "แผนการบริหารทรัพยากรบุคคล"),
    ("hr-report", -1): ("รายงานผลการพัฒนาบุคลากรประจำปี",),
    ("ethics-code", 0): ("ประมวลจริยธรรมข้าราชการ",),
    ("complaint-guideline", 0): ("คู่มือการจัดการเรื่องร้องเรียนการทุจริต",),
    ("complaint-stats", -1): ("สถิติเรื่องร้องเรียนการทุจริต",),
    ("bribery-risk", 0): ("การประเมินความเสี่ยงการทุจริตและสินบน",),
    ("anticorruption-plan", 0): ("แผนป้องกันการทุจริต",),
    ("ita-measures", 0): ("มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "การวิเคราะห์ผลการประเมิน ITA"),
}


@dataclass(frozen=True)
class ItemText:
    """One catalog item as the matcher sees it."""

    id: str
    number: int
    texts: tuple[str, ...]  # the item title, then its topics' titles
    features: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()  # (tokens, trigrams) of each text

    @classmethod
    def of(cls, item_id: str, number: int, texts: tuple[str, ...]) -> ItemText:
        return cls(item_id, number, texts, tuple((frozenset(_tokens(t)), frozenset(_trigrams(t))) for t in texts))


@dataclass
class NameInfo:
    """What a file's path says."""

    number: int | None = None  # the O-number, from the file name or the nearest folder
    number_from: str = ""  # "name" | "folder"
    year: int | None = None  # a Buddhist-Era year in the nearest folder, else in the name
    year_from: str = ""  # "folder" | "name"
    text: str = ""  # the name (and folder) without number, year and extension: what to match as a title
    title: str = ""  # the file name without the O-number, for a title


@dataclass
class Mapping:
    """Where a file goes, and why."""

    item: str | None
    how: str  # "name" | "folder" | "menu" | "title" | "contradiction" | ""
    score: float = 0.0
    guessed: bool = False
    reason_th: str = ""
    alternatives: list[tuple[str, float]] = field(default_factory=list)


def kind_of(name: str) -> str:
    """``pdf`` | ``image`` | ``office`` | ``html`` | ``junk`` | ``other`` by the file name."""
    low = name.lower()
    if low in JUNK_NAMES or low.startswith(("~$", "._")) or low.endswith((".tmp", ".lnk", ".bak")):
        return "junk"
    ext = PurePosixPath(low).suffix
    if ext in PDF_EXT:
        return "pdf"
    if ext in IMAGE_EXT:
        return "image"
    if ext in OFFICE_EXT:
        return "office"
    if ext in HTML_EXT:
        return "html"
    return "other"


def _norm(s: str) -> str:
    return thai.to_arabic_digits(unicodedata.normalize("NFC", s))


def number_in(text: str, max_number: int) -> int | None:
    """The O-number a name or link text carries (``O16``, ``o16_2567``, ``ข้อ 16``, ``0-16``), if any."""
    s = _norm(text)
    for rx in (_O_START, _KHO, _O_ANY):
        m = rx.search(s)
        if m and 1 <= int(m.group(1)) <= max_number:
            return int(m.group(1))
    return None


def numbers_in(text: str, max_number: int) -> set[int]:
    """Every O-number a text names (a menu row naming two items tells nothing about one link)."""
    s = _norm(text)
    return {int(m.group(1)) for rx in (_O_ANY, _KHO) for m in rx.finditer(s) if 1 <= int(m.group(1)) <= max_number}


def year_in(text: str) -> int | None:
    """A Buddhist-Era year in a name: ``2567``, ``๒๕๖๗``, or ``67`` after ปี/พ.ศ./a separator at the end."""
    s = _norm(text)
    m = _YEAR4.search(s)
    if m:
        return int(m.group(1))
    m = _YEAR2.search(s)
    if m:
        return 2500 + int(m.group(1))
    return None


def strip_number(text: str) -> str:
    """``O16 สรุปผลจัดซื้อ_2567`` → ``สรุปผลจัดซื้อ_2567``: the name without its O-number prefix."""
    s = _norm(text)
    s = _O_START.sub("", s, count=1)
    s = _KHO.sub("", s, count=1)
    return s.strip(" -_.")


def _title_text(stem: str) -> str:
    s = strip_number(stem)
    s = re.sub(r"[_]+", " ", s)
    return re.sub(r"\s+", " ", s).strip(" -.")


def parse_path(rel: str, max_number: int) -> NameInfo:
    """Read the O-number, year and title text of a file from its path relative to the import folder."""
    p = PurePosixPath(rel)
    info = NameInfo()
    stem = _norm(p.stem)
    n = number_in(stem, max_number)
    if n is not None:
        info.number, info.number_from = n, "name"
    folders = [_norm(x) for x in p.parts[:-1]][::-1]  # nearest first
    for f in folders:
        y = _year_folder(f)
        if y and info.year is None:
            info.year, info.year_from = y, "folder"
        if info.number is None:
            n = number_in(f, max_number)
            if n is not None:
                info.number, info.number_from = n, "folder"
    if info.year is None:
        y = year_in(stem)
        if y:
            info.year, info.year_from = y, "name"
    title = _title_text(stem)
    info.title = title if _THAI.search(title) or re.search(r"[A-Za-z]{3}", title) else ""
    words = [title] + [_title_text(f) for f in folders[:1] if info.number_from == "folder"]
    info.text = " ".join(w for w in words if w)
    return info


def _year_folder(folder: str) -> int | None:
    """A folder that names a year (``2567``, ``ITA 2567``, ``ปี 67``), not an item folder."""
    s = folder.strip()
    m = re.fullmatch(r"(?:ITA|ita|OIT|oit|ปี|ปีงบประมาณ|พ\.ศ\.)?\s*[-_ ]?\s*(25[5-7]\d|[5-7]\d)", s)
    if m:
        y = int(m.group(1))
        return y if y > 2500 else 2500 + y
    return None


# --------------------------------------------------------------------------- title similarity


def _tokens(text: str) -> set[str]:
    from pythainlp.tokenize import word_tokenize

    out = set()
    for chunk in _WORDISH.findall(_norm(text).lower()):
        if chunk.isdigit():
            continue
        for t in word_tokenize(chunk, engine="newmm", keep_whitespace=False) if _THAI.search(chunk) else [chunk]:
            if len(t) > 1 and t not in _GENERIC and not t.isdigit():
                out.add(t)
    return out


def _trigrams(text: str) -> set[str]:
    s = "".join(_WORDISH.findall(_norm(text).lower()))
    s = re.sub(r"\d+", "", s)
    return {s[i:i + 3] for i in range(max(len(s) - 2, 0))}


def _dice(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def similarity(text: str, target: str) -> float:
    """0..1: how alike a file's title text is to an item title (word tokens and character trigrams)."""
    return 0.5 * _dice(_tokens(text), _tokens(target)) + 0.5 * _dice(_trigrams(text), _trigrams(target))


def rank_items(text: str, items: list[ItemText]) -> list[tuple[str, float]]:
    """Items by how well ``text`` matches their title or one of their topics' titles, best first."""
    grams = _trigrams(text)
    if not grams:
        return []
    toks = _tokens(text)
    feats = [it.features or tuple((frozenset(_tokens(t)), frozenset(_trigrams(t))) for t in it.texts) for it in items]
    scored = [(it.id, max(0.5 * _dice(toks, a) + 0.5 * _dice(grams, b) for a, b in f)) for it, f in zip(items, feats)]
    return sorted(scored, key=lambda x: (-x[1], _num(x[0])))


def _num(item_id: str) -> int:
    m = re.search(r"\d+", item_id)
    return int(m.group()) if m else 0


#: a title match must reach this to be used at all, and beat the runner-up by the margin
MIN_SCORE = 0.30
MARGIN = 0.04
#: a number "contradicts" its title when its own item scores under LOW and another over HIGH
CONTRA_LOW, CONTRA_HIGH = 0.22, 0.45


def decide(number: int | None, number_how: str, texts: list[str], items: list[ItemText]) -> Mapping:
    """The item for a file: its number unless the title clearly says another item; else the best
    title match among ``texts`` (name, menu link text, PDF title), marked guessed."""
    by_num = {it.number: it for it in items}
    ranked: list[tuple[str, float]] = []
    for t in texts:
        if t and _THAI.search(t) or (t and re.search(r"[A-Za-z]{3}", t)):
            r = rank_items(t, items)
            if r and (not ranked or r[0][1] > ranked[0][1]):
                ranked = r
    if number is not None and number in by_num:
        own = by_num[number].id
        if ranked:
            own_score = dict(ranked).get(own, 0.0)
            best, best_score = ranked[0]
            if best != own and own_score < CONTRA_LOW and best_score >= CONTRA_HIGH and best_score - own_score >= 0.25:
                return Mapping(best, "contradiction", best_score, True,
                               f"เลขข้อ O{number} ไม่ตรงกับชื่อเรื่อง ชื่อเรื่องตรงกับ {best} มากกว่า"
                               f" (คล้ายกัน {best_score:.2f} เทียบกับ {own_score:.2f})", ranked[:3])
            return Mapping(own, number_how, own_score, False, "", ranked[:3])
        return Mapping(own, number_how, 0.0, False, "", [])
    if ranked:
        best, best_score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if best_score >= MIN_SCORE and best_score - second >= MARGIN:
            return Mapping(best, "title", best_score, True,
                           f"ไม่มีเลขข้อ จับคู่จากชื่อเรื่องกับข้อ {best} (คล้ายกัน {best_score:.2f})", ranked[:3])
        return Mapping(None, "", best_score, False,
                       "ไม่มีเลขข้อ และชื่อเรื่องไม่ตรงกับข้อใดชัดเจน"
                       + (f" (ใกล้เคียง: {', '.join(f'{i} {s:.2f}' for i, s in ranked[:2])})" if best_score > 0.15 else ""),
                       ranked[:3])
    return Mapping(None, "", 0.0, False, "ไม่มีเลขข้อและไม่มีชื่อเรื่องให้จับคู่")


# --------------------------------------------------------------------------- a saved OIT menu page


@dataclass(frozen=True)
class MenuLink:
    href: str  # as written (URL-decoded), without query or fragment
    text: str  # the link text
    context: str  # the text of the row / list item around the link


def menu_links(html: str) -> list[MenuLink]:
    """The links of an HTML page saved from an agency's OIT menu, with the text next to each."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    out = []
    for a in soup.find_all("a", href=True):
        href = unquote(urlsplit(str(a["href"]).strip()).path)
        if not href:
            continue
        text = " ".join(a.get_text(" ", strip=True).split())
        ctx = ""
        parent = a.find_parent(["li", "tr", "p", "h1", "h2", "h3", "h4", "dt", "dd", "div"])
        if parent is not None:
            ctx = " ".join(parent.get_text(" ", strip=True).split())
        out.append(MenuLink(href, text, ctx[:300]))
    return out


def link_target(href: str, page_dir: str, files: dict[str, str]) -> str | None:
    """The file (relative path in the import folder) a menu link points to: the same relative path
    from the page's folder, else the one file with that name (a link to the agency's old web site)."""
    name = PurePosixPath(href).name
    if not name:
        return None
    if not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) and not href.startswith("/"):
        parts: list[str] = []
        for part in (PurePosixPath(page_dir) / href).parts:
            if part == "..":
                if parts:
                    parts.pop()
            elif part not in (".", ""):
                parts.append(part)
        cand = "/".join(parts)
        if cand in files:
            return cand
    key = unicodedata.normalize("NFC", name).lower()
    same = [rel for rel, base in files.items() if base == key]
    return same[0] if len(same) == 1 else None


# --------------------------------------------------------------------------- names in the agency


def safe_name(item_id: str, title: str, ext: str, max_len: int = 80) -> str:
    """A file name for ``files/<year>/``: ``o16-สขร.1-ตุลาคม-2566.pdf`` — the item id, then the name's
    Thai/Latin letters, digits, dots and dashes (nothing that a URL or a shell would misread)."""
    s = unicodedata.normalize("NFC", title)
    s = re.sub(r"[^\u0E00-\u0E7Fa-zA-Z0-9.\-]+", "-", s)
    s = re.sub(r"\.{2,}", ".", re.sub(r"-{2,}", "-", s)).strip("-.")
    s = s[:max_len].rstrip("-.")
    head = item_id.lower() if item_id else "doc"
    ext = ext.lower() if re.fullmatch(r"\.[a-z0-9]{1,5}", ext.lower()) else ""
    return f"{head}-{s}{ext}" if s else f"{head}{ext}"

"""Criteria catalogs: one YAML file per assessment year (oitsite/catalogs/ita-<year>.yaml).

A catalog item names the topics it shows and the elements it requires; agencies never mention
O-numbers, so a new year's catalog (renumbered, merged items) is a data change only.
Extra catalog folders (a province's own list, a synthetic test year) are searched too:
``OITSITE_CATALOGS=dir1:dir2`` or ``catalog_dirs=[...]``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from oitsite.findings import Code, Finding
from oitsite.load.yamlsrc import load_yaml
from oitsite.model.schema import CATALOG_DIR, TopicDef, load_topics

CONFIDENCE = ("high", "medium", "low")

RULES = {"dates_in_fiscal_year", "as_of", "covers_year", "signed_by_top_executive", "min_count", "has_choices",
         "dates_until", "has_record"}


@dataclass
class TopicRef:
    topic: str
    year: int = 0  # offset from the assessment year (fiscal-year topics only)


@dataclass
class Element:
    text: str
    requires: list[list[str]] = field(default_factory=list)  # AND of ORs
    rules: list[dict] = field(default_factory=list)
    group: str = ""
    index: int = 0
    source: str = ""  # id in the catalog's `sources` (default: the item's `source.elements`)
    verified: bool | None = None  # None: as the item says (Item.verified)
    confidence: str = ""  # high / medium / low (CONFIDENCE), how sure the source makes the text
    note: str = ""  # Thai: what the source says or does not say about this element

    @property
    def anchor(self) -> str:
        return f"el-{self.index}"


@dataclass
class Item:
    id: str
    title: str
    subindicator: str
    unit: str
    period: str
    topics: list[TopicRef]
    elements: list[Element]
    notes: list[str] = field(default_factory=list)
    source_text: str = ""
    title_en: str = ""
    source: dict = field(default_factory=dict)  # {title: <source id>, elements: <source id>}
    verified: bool | None = None  # None: the catalog does not mark items one by one

    @property
    def number(self) -> int:
        return int(re.sub(r"\D", "", self.id))

    @property
    def slug(self) -> str:
        """URL slug: O16 → o16, O1 → o01 (zero-padded, stable)."""
        return f"o{self.number:02d}"


@dataclass
class Catalog:
    year: int
    title: str
    items: list[Item]
    subindicators: list[dict]
    agency_types: list[str] = field(default_factory=list)
    source: str = ""
    file: str = ""
    verified: str = ""
    complete: bool = True  # `complete: false`: the year's list is still being written
    sources: list[dict] = field(default_factory=list)

    def element_verified(self, item: Item, el: Element) -> bool:
        """An element is evidenced unless it, or its item, is marked ``verified: false``."""
        mark = el.verified if el.verified is not None else item.verified
        return mark is not False

    def verification(self) -> dict[str, int]:
        """Counts of elements: evidenced (a source states the text) vs unverified (copied or guessed)."""
        n = sum(len(it.elements) for it in self.items)
        ok = sum(self.element_verified(it, el) for it in self.items for el in it.elements)
        return {"elements": n, "evidenced": ok, "unverified": n - ok}

    def unverified_elements(self) -> list[tuple[Item, Element]]:
        return [(it, el) for it in self.items for el in it.elements if not self.element_verified(it, el)]

    def item(self, item_id: str) -> Item | None:
        wanted = item_id.upper()
        return next((i for i in self.items if i.id.upper() == wanted), None)

    def subindicator_title(self, sid: str) -> str:
        for s in self.subindicators:
            if str(s.get("id")) == str(sid):
                return s.get("title", "")
        return ""


class CatalogError(Exception):
    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.format() for f in findings))
        self.findings = findings


def catalog_dirs(extra: list[Path] | None = None) -> list[Path]:
    dirs = [CATALOG_DIR]
    env = os.environ.get("OITSITE_CATALOGS")
    if env:
        dirs += [Path(p) for p in env.split(os.pathsep) if p]
    return dirs + list(extra or [])


def available_years(extra: list[Path] | None = None) -> list[int]:
    years = set()
    for d in catalog_dirs(extra):
        for p in d.glob("ita-*.yaml"):
            m = re.fullmatch(r"ita-(\d{4})", p.stem)
            if m:
                years.add(int(m.group(1)))
    return sorted(years)


def default_year(extra: list[Path] | None = None) -> int:
    """The newest year whose catalog is complete (no ``complete: false``); the newest at all if none is."""
    years = available_years(extra)
    if not years:
        raise CatalogError([Finding(Code.UNKNOWN_YEAR, "ไม่พบไฟล์เกณฑ์ ITA (ita-<ปี>.yaml) ในโฟลเดอร์เกณฑ์",
                                    "No catalogs found", fix_th="ตรวจโฟลเดอร์ oitsite/catalogs และตัวแปร OITSITE_CATALOGS")])
    complete = [y for y in years if is_complete(y, extra)]
    return max(complete or years)


def is_complete(year: int, extra: list[Path] | None = None) -> bool:
    """False when the year's catalog says ``complete: false`` or cannot be loaded."""
    try:
        return load_catalog(year, extra).complete
    except CatalogError:
        return False


def catalog_path(year: int, extra: list[Path] | None = None) -> Path | None:
    found = None
    for d in catalog_dirs(extra):
        p = d / f"ita-{year}.yaml"
        if p.exists():
            found = p  # later folders override the bundled catalog
    return found


_CACHE: dict[tuple, Catalog] = {}


def load_catalog(year: int, extra: list[Path] | None = None, topics: dict[str, TopicDef] | None = None) -> Catalog:
    path = catalog_path(year, extra)
    if path is None:
        yrs = ", ".join(map(str, available_years(extra)))
        raise CatalogError([Finding(Code.UNKNOWN_YEAR, f"ไม่มีเกณฑ์ ITA ปี {year} (มีปี: {yrs})",
                                    f"No catalog for {year}", fix_th=f"ใช้ --year กับปีที่มี: {yrs}")])
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _CACHE:
        _CACHE[key] = parse_catalog(path, topics or load_topics())
    return _CACHE[key]


def parse_catalog(path: Path, topics: dict[str, TopicDef]) -> Catalog:
    src, findings = load_yaml(path, str(path))
    if src is None:
        raise CatalogError(findings)
    raw = src.data or {}
    problems: list[Finding] = []

    def bad(p: tuple, msg: str) -> None:
        problems.append(src.finding(Code.CATALOG_ERROR, p, msg))

    items: list[Item] = []
    seen: set[str] = set()
    sources = [s for s in raw.get("sources") or [] if isinstance(s, dict)]
    source_ids = {str(s.get("id")) for s in sources}

    def bad_source(p: tuple, sid: object) -> None:
        if sources and str(sid) not in source_ids:
            bad(p, f"แหล่งข้อมูล '{sid}' ไม่อยู่ในรายการ sources ของไฟล์นี้ (มี: {', '.join(sorted(source_ids))})")
    for n, it in enumerate(raw.get("items") or []):
        p = ("items", n)
        if not isinstance(it, dict) or "id" not in it or "title" not in it:
            bad(p, "รายการต้องมี id และ title")
            continue
        if not re.fullmatch(r"O\d{1,3}", str(it["id"])):
            bad(p + ("id",), f"id '{it['id']}' ต้องเป็นรูปแบบ O<เลข> เช่น O16")
        if it["id"] in seen:
            bad(p + ("id",), f"id '{it['id']}' ซ้ำ")
        seen.add(it["id"])
        item_source = it.get("source") or {}
        if not isinstance(item_source, dict):
            item_source = {"title": str(item_source), "elements": str(item_source)}
        for key in ("title", "elements"):
            if key in item_source:
                bad_source(p + ("source", key), item_source[key])
        refs: list[TopicRef] = []
        for k, t in enumerate(it.get("topics") or []):
            ref = TopicRef(t) if isinstance(t, str) else TopicRef(t.get("topic", ""), int(t.get("year", 0)))
            if ref.topic not in topics:
                bad(p + ("topics", k), f"ไม่มีหัวข้อ (topic) '{ref.topic}'")
            refs.append(ref)
        elements: list[Element] = []
        for k, el in enumerate(it.get("elements") or []):
            ep = p + ("elements", k)
            if not isinstance(el, dict) or not el.get("text"):
                bad(ep, "องค์ประกอบต้องมี text")
                continue
            reqs = []
            for r in el.get("requires") or []:
                alts = [a.strip() for a in str(r).split("|")]
                for a in alts:
                    msg = check_path(a, topics, {ref.topic for ref in refs})
                    if msg:
                        bad(ep + ("requires",), msg)
                reqs.append(alts)
            rules = list(el.get("rules") or [])
            for rule in rules:
                if not isinstance(rule, dict) or rule.get("rule") not in RULES:
                    bad(ep + ("rules",), f"ไม่รู้จักกฎ {rule!r} (ใช้ได้: {', '.join(sorted(RULES))})")
                    continue
                for key in ("path", "start", "end"):
                    if key in rule:
                        msg = check_path(rule[key], topics, {ref.topic for ref in refs})
                        if msg:
                            bad(ep + ("rules",), msg)
            if not reqs and not rules:
                bad(ep, "องค์ประกอบต้องมี requires หรือ rules อย่างน้อยหนึ่งอย่าง")
            if el.get("source"):
                bad_source(ep + ("source",), el["source"])
            if "verified" in el and not isinstance(el["verified"], bool):
                bad(ep + ("verified",), "verified ต้องเป็น true หรือ false")
            conf = str(el.get("confidence") or it.get("confidence") or "")
            if conf and conf not in CONFIDENCE:
                bad(ep + ("confidence",), f"confidence '{conf}' ต้องเป็นหนึ่งใน {', '.join(CONFIDENCE)}")
            elements.append(Element(str(el["text"]).strip(), reqs, rules, str(el.get("group") or ""), len(elements) + 1,
                                    str(el.get("source") or item_source.get("elements") or ""),
                                    el["verified"] if isinstance(el.get("verified"), bool) else None,
                                    conf, str(el.get("note") or "")))
        items.append(Item(
            id=str(it["id"]), title=str(it["title"]).strip(), subindicator=str(it.get("subindicator", "")),
            unit=str(it.get("unit", "")), period=str(it.get("period", "")), topics=refs, elements=elements,
            notes=[str(x) for x in it.get("notes") or []], source_text=str(it.get("source_text", "")),
            title_en=str(it.get("title_en", "")),
            source={k: str(v) for k, v in item_source.items()},
            verified=it["verified"] if isinstance(it.get("verified"), bool) else None,
        ))
    if problems:
        raise CatalogError(problems)
    year = int(raw.get("year") or re.sub(r"\D", "", path.stem))
    return Catalog(year=year, title=str(raw.get("title", f"ITA {year}")), items=items,
                   subindicators=list(raw.get("subindicators") or []), agency_types=list(raw.get("agency_types") or []),
                   source=str(raw.get("source", "")), file=str(path), verified=str(raw.get("verified", "")),
                   complete=raw.get("complete", True) is not False, sources=sources)


def check_path(path: str, topics: dict[str, TopicDef], item_topics: set[str]) -> str | None:
    """Return a Thai error message when a requires/rule path does not exist, else None."""
    if "." not in path:
        return f"path '{path}' ต้องเป็นรูปแบบ <topic>.<field>"
    topic_id, rest = path.split(".", 1)
    topic = topics.get(topic_id)
    if topic is None:
        return f"path '{path}': ไม่มีหัวข้อ '{topic_id}'"
    if topic_id not in item_topics:
        return f"path '{path}': หัวข้อ '{topic_id}' ไม่อยู่ใน topics ของรายการนี้"
    parts = [p.removesuffix("[]") for p in rest.split(".")]
    if parts == ["body"]:
        return None
    if topic.field_at(parts) is None:
        return f"path '{path}': ไม่มีช่อง '{rest}' ในหัวข้อ '{topic_id}'"
    return None

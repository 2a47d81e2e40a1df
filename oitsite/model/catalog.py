"""Criteria catalogs: one YAML file per assessment year (oitsite/catalogs/ita-<year>.yaml).

A catalog item names the topics it shows and the elements it requires; agencies never mention
O-numbers, so a new year's catalog (renumbered, merged items) is a data change only.
Extra catalog folders (a province's own list, a synthetic test year) are searched too:
``OITSITE_CATALOGS=dir1:dir2`` or ``catalog_dirs=[...]``.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from oitsite.findings import Code, Finding
from oitsite.load.yamlsrc import load_yaml
from oitsite.model.schema import CATALOG_DIR, TopicDef, load_topics

CONFIDENCE = ("high", "medium", "low")
#: agency.yaml ``type`` codes that are local administrative organisations (``agency_types: [lao]``)
LAO_TYPES = ("sao", "subdistrict_municipality", "town_municipality", "city_municipality", "pao")

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
    #: agency types the element applies to (agency.yaml ``type`` codes, or ``lao`` for every local
    #: administrative organisation); empty: every agency. A footnote such as "กรณีองค์กรปกครองส่วนท้องถิ่น …"
    agency_types: list[str] = field(default_factory=list)

    def applies_to(self, agency_type: str) -> bool:
        if not self.agency_types or not agency_type:
            return True
        return agency_type in self.agency_types or ("lao" in self.agency_types and agency_type in LAO_TYPES)

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
    overrides: list[str] = field(default_factory=list)  # override files merged into this catalog

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
    overrides = override_paths(year, extra)
    key = (str(path), path.stat().st_mtime_ns, tuple((str(o), o.stat().st_mtime_ns) for o in overrides))
    if key not in _CACHE:
        _CACHE[key] = parse_catalog(path, topics or load_topics(), overrides)
    return _CACHE[key]


def override_paths(year: int, extra: list[Path] | None = None) -> list[Path]:
    """``ita-<year>.override.yaml`` in the catalog folders (bundled, OITSITE_CATALOGS, a host's
    ``catalogs/`` next to its agencies), applied in that order over the year's catalog."""
    return [d / f"ita-{year}.override.yaml" for d in catalog_dirs(extra) if (d / f"ita-{year}.override.yaml").is_file()]


#: What an override may change on an item, and on an element (besides ``index`` / ``add``).
_ITEM_KEYS = {"id", "source", "confidence", "note", "title", "title_en", "unit", "period", "subindicator", "notes",
              "elements"}
_ELEMENT_KEYS = {"index", "add", "remove", "text", "group", "requires", "rules", "verified", "confidence", "source",
                 "note", "agency_types"}


def apply_override(raw: dict, path: Path) -> list[Finding]:
    """Merge an override file into ``raw`` (a catalog's YAML data) by item id and element index.
    Every item changed names its ``source`` (a source id of the override or the catalog) and its
    ``confidence``; an element changed is marked with them. Returns findings (file and line of the
    override) instead of merging anything when the override is wrong."""
    src, findings = load_yaml(path, str(path))
    if src is None:
        return findings
    ov = src.data or {}
    problems: list[Finding] = []

    def bad(p: tuple, msg: str) -> None:
        problems.append(src.finding(Code.CATALOG_ERROR, p, msg,
                                    fix_th="แก้ไฟล์ override ตามรูปแบบใน docs/catalogs.md (Overrides)"))

    if not isinstance(ov, dict):
        return [src.finding(Code.CATALOG_ERROR, (), "ไฟล์ override ต้องเป็น mapping ที่มี year และ items")]
    year = raw.get("year")
    if ov.get("year") is not None and str(ov.get("year")) != str(year):
        bad(("year",), f"year {ov.get('year')} ไม่ตรงกับเกณฑ์ปี {year} ที่ไฟล์นี้แก้")
    sources = [dict(x) for x in ov.get("sources") or [] if isinstance(x, dict)]
    known = {str(x.get("id")) for x in (raw.get("sources") or []) + sources if isinstance(x, dict)}
    items = {str(it.get("id")): it for it in raw.get("items") or [] if isinstance(it, dict)}
    merged = {k: dict(v) for k, v in items.items()}
    for n, change in enumerate(ov.get("items") or []):
        p = ("items", n)
        if not isinstance(change, dict) or not change.get("id"):
            bad(p, "รายการแก้ไขต้องมี id ของข้อ เช่น id: O16")
            continue
        item_id = str(change["id"])
        if item_id not in merged:
            bad(p + ("id",), f"ไม่มีข้อ {item_id} ในเกณฑ์ปี {year} (มี: {', '.join(items)})")
            continue
        for key in sorted(set(change) - _ITEM_KEYS):
            bad(p + (key,), f"แก้ '{key}' ของข้อไม่ได้ (แก้ได้: {', '.join(sorted(_ITEM_KEYS - {'id'}))})")
        sid, conf = change.get("source"), change.get("confidence")
        if not sid:
            bad(p, f"การแก้ข้อ {item_id} ต้องระบุ source (แหล่งที่มาของการแก้ไข)")
        elif str(sid) not in known:
            bad(p + ("source",), f"แหล่งข้อมูล '{sid}' ไม่อยู่ใน sources ของไฟล์ override หรือของเกณฑ์")
        if conf not in CONFIDENCE:
            bad(p + ("confidence",), f"การแก้ข้อ {item_id} ต้องระบุ confidence เป็นหนึ่งใน {', '.join(CONFIDENCE)}")
        item = merged[item_id]
        for key in ("title", "title_en", "unit", "period", "subindicator"):
            if key in change:
                item[key] = change[key]
        if "notes" in change:
            item["notes"] = list(change["notes"] or [])
        mark = f"แก้โดย {path.name}: {change.get('note') or sid}"
        els = [dict(e) for e in item.get("elements") or []]
        gone: set[int] = set()
        for k, ech in enumerate(change.get("elements") or []):
            ep = p + ("elements", k)
            if not isinstance(ech, dict):
                bad(ep, "องค์ประกอบที่แก้ต้องเป็น mapping ที่มี index หรือ add: true")
                continue
            for key in sorted(set(ech) - _ELEMENT_KEYS):
                bad(ep + (key,), f"แก้ '{key}' ขององค์ประกอบไม่ได้ (แก้ได้: {', '.join(sorted(_ELEMENT_KEYS))})")
            fields = {key: v for key, v in ech.items() if key in _ELEMENT_KEYS - {"index", "add", "remove"}}
            fields.setdefault("source", sid)
            fields.setdefault("confidence", conf)
            fields["note"] = f"{fields['note']} ({mark})" if fields.get("note") else mark
            if ech.get("add"):
                if not ech.get("text") or not (ech.get("requires") or ech.get("rules")):
                    bad(ep, "องค์ประกอบที่เพิ่มต้องมี text และ requires หรือ rules")
                    continue
                els.append(fields)
                continue
            idx = ech.get("index")
            if not isinstance(idx, int) or not 1 <= idx <= len(items[item_id].get("elements") or []):
                bad(ep + ("index",), f"index ต้องเป็นลำดับองค์ประกอบ 1–{len(items[item_id].get('elements') or [])} ของข้อ {item_id}")
                continue
            if ech.get("remove"):
                gone.add(idx - 1)
                continue
            els[idx - 1].update(fields)
        item["elements"] = [e for i, e in enumerate(els) if i not in gone]
        if "confidence" in change:
            item["confidence"] = conf
    if problems or findings:
        return findings + problems
    raw["items"] = [merged.get(str(it.get("id")), it) if isinstance(it, dict) else it for it in raw.get("items") or []]
    raw["sources"] = list(raw.get("sources") or []) + sources
    raw.setdefault("overrides", []).append(str(path))
    return []


def parse_catalog(path: Path, topics: dict[str, TopicDef], overrides: list[Path] | None = None) -> Catalog:
    src, findings = load_yaml(path, str(path))
    if src is None:
        raise CatalogError(findings)
    raw = src.data or {}
    if overrides:
        raw = copy.deepcopy(raw)
        ov_problems = [f for o in overrides for f in apply_override(raw, o)]
        if ov_problems:
            raise CatalogError(ov_problems)
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
            types = [str(t) for t in el.get("agency_types") or []]
            bad_types = [t for t in types if t not in LAO_TYPES and t != "lao"]
            if bad_types:
                bad(ep + ("agency_types",), f"agency_types {', '.join(bad_types)} ไม่รู้จัก (ใช้ได้: lao, {', '.join(LAO_TYPES)})")
            conf = str(el.get("confidence") or it.get("confidence") or "")
            if conf and conf not in CONFIDENCE:
                bad(ep + ("confidence",), f"confidence '{conf}' ต้องเป็นหนึ่งใน {', '.join(CONFIDENCE)}")
            elements.append(Element(str(el["text"]).strip(), reqs, rules, str(el.get("group") or ""), len(elements) + 1,
                                    str(el.get("source") or item_source.get("elements") or ""),
                                    el["verified"] if isinstance(el.get("verified"), bool) else None,
                                    conf, str(el.get("note") or ""), types))
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
                   complete=raw.get("complete", True) is not False, sources=sources,
                   overrides=[str(o) for o in raw.get("overrides") or []])


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

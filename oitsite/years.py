"""Assessment years side by side: which catalogs exist, the default year, and what changed.

Every year's catalog maps its O-items onto the same topics (oitsite/catalogs/topics/), so two
years are compared *by topic*: items that show the same topic data are the same subject, whatever
their number. From that follow renumbered, merged and split items, topics a year no longer asks
for, elements added or removed per topic, and changed data periods. With an agency folder the
diff also lists what that agency still has to supply under the newer year.

Commands (registered through ``oitsite.cli.PLUGINS``)::

    oitsite catalogs [--format text|json]
    oitsite diff-years 2568 2569 [--agency DIR] [--format text|json]

A catalog may say ``complete: false`` (a year whose list is still being written); the default
year (:func:`oitsite.catalog.default_year`) is the newest catalog that does not.

Archives: this module is also a small Sphinx extension (listed in conf.py). A page of year Y
(``oit/<Y>/…``) never links to a newer year in its navigation (sidebar, previous/next), so adding
year Y+1 to an agency's site leaves every ``oit/<Y>/`` page byte-identical (tests/test_years.py);
the home page, which is not an archive, links to every year and opens on the current one.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import thai
from .catalog import Catalog, CatalogError, Element, Item, TopicRef, available_years, default_year, load_catalog
from .schema import TopicDef, load_topics

# ---------------------------------------------------------------------------------------------
# Catalogs side by side


@dataclass
class CatalogInfo:
    year: int
    title: str
    file: str
    bundled: bool
    items: int
    elements: int
    complete: bool
    is_default: bool
    verified: str  # the catalog's own statement
    items_unverified: int | None  # None: the catalog does not mark items one by one
    sources: list[dict] = field(default_factory=list)


def catalog_info(year: int, extra: list[Path] | None = None, default: int | None = None) -> CatalogInfo:
    from .schema import CATALOG_DIR

    cat = load_catalog(year, extra)
    path = Path(cat.file)
    marks = [it.verified for it in cat.items]
    unverified = None if all(m is None for m in marks) else sum(m is False for m in marks)
    return CatalogInfo(
        year=cat.year, title=cat.title, file=str(path), bundled=path.parent.resolve() == CATALOG_DIR.resolve(),
        items=len(cat.items), elements=sum(len(i.elements) for i in cat.items), complete=cat.complete,
        is_default=(default if default is not None else default_year(extra)) == cat.year,
        verified=cat.verified, items_unverified=unverified, sources=list(cat.sources),
    )


# ---------------------------------------------------------------------------------------------
# Comparing two catalogs


def _norm(text: str, year: int) -> str:
    """Element/period text with the assessment year abstracted, so 2568 vs 2569 wording compares."""
    text = thai.to_arabic_digits(text).replace("ปีงบประมาณ", "ปี")  # same period, fuller wording
    text = re.sub(r"(?<!\d)(\d{4})(?!\d)", lambda m: _year_token(int(m.group(1)), year), text)
    return " ".join(text.split())


def _year_token(y: int, year: int) -> str:
    if abs(y - year) <= 2:
        off = y - year
        return "{ปี}" if off == 0 else f"{{ปี{off:+d}}}"
    return str(y)


def _ref_key(ref: TopicRef) -> tuple[str, int]:
    return (ref.topic, ref.year)


def _rules_sig(el: Element) -> tuple:
    return tuple(sorted(tuple(sorted((k, json.dumps(v, ensure_ascii=False)) for k, v in r.items())) for r in el.rules))


def _req_sig(el: Element) -> tuple:
    return tuple(sorted(tuple(sorted(alts)) for alts in el.requires))


def _element_topics(el: Element) -> set[str]:
    paths = [a for alts in el.requires for a in alts] + [
        str(r[k]) for r in el.rules for k in ("path", "start", "end") if k in r]
    return {p.split(".", 1)[0] for p in paths}


def _full_text(el: Element) -> str:
    return f"{el.group} {el.text}".strip() if el.group else el.text


def _label(el: Element) -> str:
    """What a reader needs first: the element's own text, then the lead-in it shares with its siblings."""
    return f"{el.text} — ({el.group})" if el.group else el.text


@dataclass
class ItemChange:
    kind: str  # renumbered | retitled | merged | split | regrouped | added | removed
    old: list[str]
    new: list[str]
    old_titles: list[str]
    new_titles: list[str]
    topics_added: list[str] = field(default_factory=list)  # topic refs new to this subject
    topics_removed: list[str] = field(default_factory=list)


@dataclass
class ElementChange:
    topic: str
    kind: str  # added | removed | reworded | rules
    text: str  # the newer text (removed: the older one)
    old_text: str = ""
    items: list[str] = field(default_factory=list)  # item ids (new year; removed: old year)


@dataclass
class PeriodChange:
    old_item: str
    new_item: str
    old: str
    new: str


@dataclass
class YearDiff:
    old_year: int
    new_year: int
    old_items: int
    new_items: int
    old_elements: int
    new_elements: int
    unchanged_items: int
    items: list[ItemChange]
    topics_dropped: list[str]
    topics_added: list[str]
    data_years: list[dict]  # topics whose data-year offsets changed
    elements: list[ElementChange]
    periods: list[PeriodChange]

    def as_dict(self) -> dict:
        return asdict(self)


def _ref_label(key: tuple[str, int]) -> str:
    topic, off = key
    return topic if off == 0 else f"{topic} (ปี{off:+d})"


def _components(old: Catalog, new: Catalog) -> list[tuple[list[Item], list[Item]]]:
    """Items linked when they show a common topic (same data year); connected groups."""
    nodes = [("o", it) for it in old.items] + [("n", it) for it in new.items]
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[tuple[str, int], list[int]] = {}
    for i, (_, it) in enumerate(nodes):
        for ref in it.topics:
            by_key.setdefault(_ref_key(ref), []).append(i)
    for members in by_key.values():
        for j in members[1:]:
            parent[find(j)] = find(members[0])
    groups: dict[int, tuple[list[Item], list[Item]]] = {}
    for i, (side, it) in enumerate(nodes):
        olds, news = groups.setdefault(find(i), ([], []))
        (olds if side == "o" else news).append(it)
    order = {it.id: k for k, it in enumerate(new.items)}
    return sorted(groups.values(), key=lambda g: (order.get(g[1][0].id, 999) if g[1] else 1000, g[0][0].number if g[0] else 0))


def diff_catalogs(old: Catalog, new: Catalog) -> YearDiff:
    items: list[ItemChange] = []
    periods: list[PeriodChange] = []
    unchanged = 0
    for olds, news in _components(old, new):
        okeys = {_ref_key(r) for it in olds for r in it.topics}
        nkeys = {_ref_key(r) for it in news for r in it.topics}
        change = ItemChange(
            kind="", old=[i.id for i in olds], new=[i.id for i in news],
            old_titles=[i.title for i in olds], new_titles=[i.title for i in news],
            topics_added=sorted(_ref_label(k) for k in nkeys - okeys),
            topics_removed=sorted(_ref_label(k) for k in okeys - nkeys))
        if not news:
            change.kind = "removed"
        elif not olds:
            change.kind = "added"
        elif len(olds) > 1 and len(news) == 1:
            change.kind = "merged"
        elif len(olds) == 1 and len(news) > 1:
            change.kind = "split"
        elif len(olds) > 1:
            change.kind = "regrouped"
        else:
            o, n = olds[0], news[0]
            if o.id != n.id:
                change.kind = "renumbered"
            elif _norm(o.title, old.year) != _norm(n.title, new.year):
                change.kind = "retitled"
            elif change.topics_added or change.topics_removed:
                change.kind = "topics"
            else:
                unchanged += 1
            if _norm(o.period, old.year) != _norm(n.period, new.year):
                periods.append(PeriodChange(o.id, n.id, o.period, n.period))
        if change.kind:
            items.append(change)

    old_topics = {r.topic for it in old.items for r in it.topics}
    new_topics = {r.topic for it in new.items for r in it.topics}
    data_years = []
    for topic in sorted(old_topics & new_topics):
        o = sorted({r.year for it in old.items for r in it.topics if r.topic == topic})
        n = sorted({r.year for it in new.items for r in it.topics if r.topic == topic})
        if o != n:
            data_years.append({"topic": topic, "old": o, "new": n})
    return YearDiff(
        old_year=old.year, new_year=new.year, old_items=len(old.items), new_items=len(new.items),
        old_elements=sum(len(i.elements) for i in old.items), new_elements=sum(len(i.elements) for i in new.items),
        unchanged_items=unchanged, items=items,
        topics_dropped=sorted(old_topics - new_topics), topics_added=sorted(new_topics - old_topics),
        data_years=data_years, elements=_element_changes(old, new), periods=periods)


@dataclass
class _El:
    text: str
    norm: str
    req: tuple
    rules: tuple
    items: list[str]


def _elements_by_topic(cat: Catalog) -> dict[str, list[_El]]:
    out: dict[str, dict[tuple, _El]] = {}
    for it in cat.items:
        for el in it.elements:
            full = _full_text(el)
            key = (_norm(full, cat.year), _req_sig(el), _rules_sig(el))
            for topic in _element_topics(el):
                slot = out.setdefault(topic, {})
                if key in slot:
                    slot[key].items.append(it.id)
                else:
                    slot[key] = _El(_label(el), key[0], key[1], _norm_rules(key[2], cat.year), [it.id])
    return {t: list(v.values()) for t, v in out.items()}


def _norm_rules(sig: tuple, year: int) -> tuple:
    return tuple(tuple((k, _norm(v, year)) for k, v in rule) for rule in sig)


def _element_changes(old: Catalog, new: Catalog) -> list[ElementChange]:
    olds, news = _elements_by_topic(old), _elements_by_topic(new)
    changes: list[ElementChange] = []
    for topic in sorted(set(olds) | set(news), key=lambda t: _first_item(new, old, t)):
        o = list(olds.get(topic, []))
        n = list(news.get(topic, []))
        # 1. same wording, same requirement: unchanged
        for el in list(n):
            match = next((x for x in o if (x.norm, x.req, x.rules) == (el.norm, el.req, el.rules)), None)
            if match:
                o.remove(match)
                n.remove(el)
        # 2. same requirement, new wording / same wording, new period rules
        for el in list(n):
            match = next((x for x in o if (x.req, x.rules) == (el.req, el.rules)), None)
            kind = "reworded"
            if match is None:
                match = next((x for x in o if x.norm == el.norm and x.req == el.req), None)
                kind = "rules"
            if match:
                o.remove(match)
                n.remove(el)
                changes.append(ElementChange(topic, kind, el.text, match.text, el.items))
        changes += [ElementChange(topic, "added", el.text, "", el.items) for el in n]
        changes += [ElementChange(topic, "removed", el.text, "", el.items) for el in o]
    return changes


def _first_item(new: Catalog, old: Catalog, topic: str) -> tuple[int, int]:
    for cat_rank, cat in ((0, new), (1, old)):
        for it in cat.items:
            if any(r.topic == topic for r in it.topics):
                return (cat_rank, it.number)
    return (2, 0)


# ---------------------------------------------------------------------------------------------
# What an agency still lacks under the newer year


@dataclass
class MissingFile:
    file: str
    topic: str
    title: str
    items: list[str]


@dataclass
class MissingElement:
    item: str
    item_title: str
    element: str
    reasons: list[str]
    new_in_year: bool  # the older catalog did not ask for this


@dataclass
class AgencyGaps:
    agency: str
    year: int
    items_met: int
    items_total: int
    files: list[MissingFile]
    elements: list[MissingElement]
    problems: list[str] = field(default_factory=list)  # load/catalog errors, Thai

    def as_dict(self) -> dict:
        return asdict(self)


def agency_gaps(agency_dir: Path, new: Catalog, old: Catalog | None = None,
                catalog_dirs: list[Path] | None = None) -> AgencyGaps:
    """Elements and data files the agency still lacks under ``new`` (flagging ones ``old`` did not ask)."""
    from .validate import check

    rep = check(Path(agency_dir), new.year, catalog_dirs)
    if rep.agency is None or rep.catalog is None:
        return AgencyGaps(str(agency_dir), new.year, 0, len(new.items), [], [],
                          [f.format() for f in rep.findings if f.severity == "error"])
    agency = rep.agency
    known: set[tuple] = set()
    if old is not None:
        for els in _elements_by_topic(old).values():
            known |= {(e.req, e.rules) for e in els} | {("text", e.norm) for e in els}
    files: dict[str, MissingFile] = {}
    for it in rep.catalog.items:
        for ref in it.topics:
            tdef = agency.topic_defs.get(ref.topic)
            if tdef is None:
                continue
            year = new.year + ref.year if tdef.yearly else None
            if agency.get(ref.topic, year) is None:
                rel = f"data/{year}/{ref.topic}.yaml" if year else f"data/{ref.topic}.yaml"
                files.setdefault(rel, MissingFile(rel, ref.topic, tdef.title, [])).items.append(it.id)
    missing: list[MissingElement] = []
    for st in rep.statuses:
        for es in st.elements:
            if es.met:
                continue
            el = es.element
            norm = _norm(_full_text(el), new.year)
            is_new = old is not None and (_req_sig(el), _norm_rules(_rules_sig(el), new.year)) not in known \
                and ("text", norm) not in known
            missing.append(MissingElement(st.item.id, st.item.title, _label(el), list(es.reasons), is_new))
    return AgencyGaps(agency.name, new.year, sum(s.status == "met" for s in rep.statuses), len(rep.statuses),
                      sorted(files.values(), key=lambda f: f.file), missing)


# ---------------------------------------------------------------------------------------------
# Thai report

_KIND_TH = {
    "merged": "รวมข้อ", "split": "แยกข้อ", "regrouped": "จัดกลุ่มข้อใหม่", "renumbered": "เลขข้อเปลี่ยน",
    "retitled": "ชื่อข้อเปลี่ยน", "topics": "ข้อมูลที่แสดงในข้อเปลี่ยน", "added": "ข้อใหม่", "removed": "ข้อที่ไม่มีแล้ว",
}
_EL_TH = {"added": "+ เพิ่ม", "removed": "− ไม่ต้องแสดงแล้ว", "reworded": "~ ข้อความเปลี่ยน", "rules": "~ ช่วงเวลา/เงื่อนไขเปลี่ยน"}


def _ids(year: int, ids: list[str], titles: list[str]) -> str:
    return " + ".join(f"{i} {t}" for i, t in zip(ids, titles)) if ids else "—"


def _topic_title(topics: dict[str, TopicDef], key: str) -> str:
    tid = key.split(" ", 1)[0]
    t = topics.get(tid)
    return f"{key} ({t.title})" if t else key


def _offsets(offs: list[int], year: int) -> str:
    return ", ".join(f"ปี {year + o}" for o in offs)


def format_diff(d: YearDiff, topics: dict[str, TopicDef], gaps: AgencyGaps | None = None) -> str:
    o, n = d.old_year, d.new_year
    lines = [f"เปรียบเทียบเกณฑ์ ITA {o} → {n}",
             f"จำนวนข้อ: {d.old_items} → {d.new_items} ({_delta(d.new_items - d.old_items)})",
             f"จำนวนองค์ประกอบ: {d.old_elements} → {d.new_elements} ({_delta(d.new_elements - d.old_elements)})",
             f"ข้อที่เลขข้อ ชื่อข้อ และหัวข้อข้อมูลเหมือนเดิม: {d.unchanged_items} ข้อ"]
    for kind in ("merged", "split", "regrouped", "renumbered", "retitled", "topics", "added", "removed"):
        group = [c for c in d.items if c.kind == kind]
        if not group:
            continue
        lines += ["", f"{_KIND_TH[kind]} ({len(group)})"]
        for c in group:
            if kind == "added":
                line = f"  • ปี {n} {_ids(n, c.new, c.new_titles)}"
            elif kind == "removed":
                line = f"  • ปี {o} {_ids(o, c.old, c.old_titles)}"
            else:
                line = f"  • ปี {n} {_ids(n, c.new, c.new_titles)}  ←  ปี {o} {_ids(o, c.old, c.old_titles)}"
            lines.append(line)
            if c.topics_added:
                lines.append("      ข้อมูลที่เพิ่มเข้ามา: " + ", ".join(_topic_title(topics, t) for t in c.topics_added))
            if c.topics_removed:
                lines.append("      ข้อมูลที่ไม่แสดงแล้ว: " + ", ".join(_topic_title(topics, t) for t in c.topics_removed))
    if d.topics_dropped:
        lines += ["", f"หัวข้อข้อมูลที่ปี {n} ไม่ใช้แล้ว (ข้อมูลเดิมยังอยู่ในเว็บไซต์ปี {o})"]
        lines += [f"  • {_topic_title(topics, t)}" for t in d.topics_dropped]
    if d.topics_added:
        lines += ["", f"หัวข้อข้อมูลที่ปี {n} ใช้เพิ่ม"]
        lines += [f"  • {_topic_title(topics, t)}" for t in d.topics_added]
    if d.data_years:
        lines += ["", "ปีของข้อมูลที่ใช้เปลี่ยน"]
        for dy in d.data_years:
            lines.append(f"  • {_topic_title(topics, dy['topic'])}: ปี {o} ใช้ข้อมูล{_offsets(dy['old'], o)}"
                         f" → ปี {n} ใช้ข้อมูล{_offsets(dy['new'], n)}")
    if d.periods:
        lines += ["", "ช่วงเวลาของข้อมูลที่เปลี่ยน (เทียบโดยไม่นับเลขปี)"]
        for p in d.periods:
            lines.append(f"  • {p.old_item} → {p.new_item}: “{p.old}” → “{p.new}”")
    if d.elements:
        lines += ["", "องค์ประกอบที่เปลี่ยน แยกตามหัวข้อข้อมูล"]
        for topic in dict.fromkeys(c.topic for c in d.elements):
            lines.append(f"  {_topic_title(topics, topic)}")
            for c in (x for x in d.elements if x.topic == topic):
                where = f" [{', '.join(c.items)}]" if c.items else ""
                lines.append(f"    {_EL_TH[c.kind]}: {_short(c.text)}{where}")
                if c.old_text:
                    lines.append(f"        เดิม: {_short(c.old_text)}")
    if gaps is not None:
        lines += ["", format_gaps(gaps, o)]
    return "\n".join(lines) + "\n"


def format_gaps(g: AgencyGaps, old_year: int | None = None) -> str:
    lines = [f"สิ่งที่ {g.agency} ยังต้องเตรียมสำหรับเกณฑ์ ITA {g.year}"]
    if g.problems:
        lines += ["  ตรวจข้อมูลไม่ได้:"] + [f"  {p}" for p in g.problems]
        return "\n".join(lines)
    lines.append(f"  ครบแล้ว {g.items_met}/{g.items_total} ข้อ")
    if g.files:
        lines += ["", "  ไฟล์ข้อมูลที่ยังไม่มี"]
        lines += [f"    • {f.file} — {f.title} (ใช้ในข้อ {', '.join(f.items)})" for f in g.files]
    if g.elements:
        new_mark = f"[ใหม่ในปี {g.year}] " if old_year else ""
        lines += ["", "  องค์ประกอบที่ยังขาด" + (f" (ที่ขึ้นต้นด้วย {new_mark.strip()} คือสิ่งที่เกณฑ์ปี {old_year} ไม่ได้ขอ)" if old_year else "")]
        for item in dict.fromkeys(m.item for m in g.elements):
            ms = [m for m in g.elements if m.item == item]
            lines.append(f"    {item} {ms[0].item_title}")
            for m in ms:
                lines.append(f"      • {new_mark if m.new_in_year else ''}{_short(m.element)}")
                for r in m.reasons:
                    lines.append(f"          {r}")
    else:
        lines.append("  ไม่มีองค์ประกอบที่ขาด")
    return "\n".join(lines)


def _delta(k: int) -> str:
    return "เท่าเดิม" if k == 0 else (f"เพิ่มขึ้น {k}" if k > 0 else f"ลดลง {-k}")


def _short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def format_catalogs(infos: list[CatalogInfo]) -> str:
    lines = ["เกณฑ์ ITA ที่มีในโปรแกรม"]
    for c in infos:
        flags = []
        if c.is_default:
            flags.append("ค่าเริ่มต้น")
        flags.append("ครบทุกข้อ" if c.complete else "ยังไม่ครบ (complete: false)")
        if not c.bundled:
            flags.append(f"จาก {c.file}")
        lines.append(f"  ปี {c.year}: {c.items} ข้อ {c.elements} องค์ประกอบ — {', '.join(flags)}")
        lines.append(f"      {c.title}")
        if c.items_unverified is not None:
            lines.append(f"      ข้อที่ยังไม่ได้ตรวจกับคู่มือการประเมิน: {c.items_unverified}/{c.items} ข้อ")
        if c.verified:
            lines.append(f"      การตรวจสอบ: {c.verified}")
        if c.sources:
            lines.append(f"      แหล่งข้อมูล: {len(c.sources)} แหล่ง ({', '.join(str(s.get('id', '?')) for s in c.sources)})")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# docs/catalogs.md: completeness and the source of every item, generated from the catalogs

UNVERIFIED = "ยังไม่ได้ตรวจสอบ"
_MD_HEAD = """# ITA catalogs: completeness and sources

<!-- Generated by `oitsite catalogs --format md > docs/catalogs.md` from oitsite/catalogs/ita-*.yaml;
     tests/test_years.py fails when this file is out of date. Edit the catalogs, not this file. -->

One catalog per assessment year (`oitsite/catalogs/ita-<year>.yaml`, format in
[data-model.md](data-model.md)). Each item names the source of its number and title
(`source.title`) and of its element texts (`source.elements`, overridable per element); the ids
refer to the catalog's `sources` list below. `verified: false` marks an item not yet checked
against the NACC's handbook (คู่มือการประเมิน ITA) for that year, and every note that begins
with "{unverified}" says what is guessed. No catalog here has been checked against the NACC
handbook itself: the 2567 texts come from an agency's copy of the 2567 criteria (seed 004), the
2568 and 2569 item lists from public agency websites, and their element texts mostly from 2567.

`oitsite catalogs` lists the catalogs; `oitsite diff-years <old> <new> [--agency DIR]` compares two.
The default year (`oitsite.catalog.default_year`, used when an agency names no year) is the newest
catalog without `complete: false`.
"""


def _md_cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _src_label(cat: Catalog, sid: str) -> str:
    return f"`{sid}`" if sid else "—"


def catalogs_markdown(extra: list[Path] | None = None) -> str:
    years = available_years(extra)
    default = default_year(extra)
    cats = [load_catalog(y, extra) for y in years]
    out = [_MD_HEAD.format(unverified=UNVERIFIED), "## Summary", "",
           "| year | items | elements | items marked unverified | unverified notes | complete | default |",
           "|---|---|---|---|---|---|---|"]
    for cat in cats:
        marks = [it.verified for it in cat.items]
        unv = "not marked per item" if all(m is None for m in marks) else f"{sum(m is False for m in marks)}/{len(marks)}"
        notes = sum(n.startswith(UNVERIFIED) for it in cat.items for n in it.notes)
        out.append(f"| {cat.year} | {len(cat.items)} | {sum(len(i.elements) for i in cat.items)} | {unv} | {notes} | "
                   f"{'yes' if cat.complete else 'no'} | {'yes' if cat.year == default else ''} |")
    for prev, cat in zip(cats, cats[1:]):
        if prev.year == cat.year - 1:
            d = diff_catalogs(prev, cat)
            kinds = {k: sum(c.kind == k for c in d.items) for k in _KIND_TH}
            parts = ", ".join(f"{n} {k}" for k, n in kinds.items() if n)
            out += ["", f"{prev.year} → {cat.year} (`oitsite diff-years {prev.year} {cat.year}`): {parts}; "
                        f"topics dropped: {', '.join(d.topics_dropped) or 'none'}; topics added: {', '.join(d.topics_added) or 'none'}."]
    for cat in cats:
        out += ["", f"## {cat.year}: {cat.title}", "",
                f"- File: `{Path(cat.file).name}`; {len(cat.items)} items, {sum(len(i.elements) for i in cat.items)} elements; "
                f"complete: {'yes' if cat.complete else 'no'}.",
                f"- Source: {_md_cell(cat.source) or '—'}",
                f"- Verification: {_md_cell(cat.verified) or '—'}"]
        if cat.sources:
            out += ["", "Sources:", "", "| id | what | address |", "|---|---|---|"]
            for s in cat.sources:
                url = str(s.get("url") or "")
                where = f"<{url}>" if url.startswith("http") else (f"`{url}`" if url else "not known (found in a public code index)")
                note = f" — {s['note']}" if s.get("note") else ""
                out.append(f"| `{s.get('id')}` | {_md_cell(str(s.get('title', '')) + note)} | {where} |")
        out += ["", "| item | title | topics | elements | title from | elements from | verified |", "|---|---|---|---|---|---|---|"]
        for it in cat.items:
            topics = ", ".join(r.topic if r.year == 0 else f"{r.topic} ({r.year:+d})" for r in it.topics)
            el_srcs = sorted({e.source for e in it.elements if e.source})
            if not it.source and it.source_text:
                t_src = e_src = "catalog source (`source_text` = the source's wording)"
            else:
                t_src = _src_label(cat, it.source.get("title", ""))
                e_src = ", ".join(_src_label(cat, s) for s in el_srcs) or "—"
            ver = {None: "—", True: "yes", False: "**no**"}[it.verified]
            out.append(f"| {it.id} | {_md_cell(it.title)} | {topics} | {len(it.elements)} | {t_src} | {e_src} | {ver} |")
        unv = [(it.id, n) for it in cat.items for n in it.notes if n.startswith(UNVERIFIED)]
        if unv:
            out += ["", f"Unverified parts ({len(unv)}):", ""]
            out += [f"- {iid}: {_md_cell(n.removeprefix(UNVERIFIED).lstrip(': '))}" for iid, n in unv]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Commands


def _year_arg(value: str) -> int:
    text = thai.to_arabic_digits(str(value)).strip()
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"ปีต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569 (ได้ '{value}')")
    year = int(text)
    return year + 543 if 1900 <= year <= 2200 else year


def _err(msg: str) -> int:
    print(f"oitsite: {msg}", file=sys.stderr)
    return 2


def cmd_catalogs(args: argparse.Namespace) -> int:
    try:
        default = default_year()
        infos = [catalog_info(y, default=default) for y in available_years()]
    except CatalogError as exc:
        for f in exc.findings:
            print(f.format(), file=sys.stderr)
        return 1
    if args.format == "json":
        json.dump([asdict(i) for i in infos], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "md":
        sys.stdout.write(catalogs_markdown())
    else:
        sys.stdout.write(format_catalogs(infos))
    return 0


def cmd_diff_years(args: argparse.Namespace) -> int:
    if args.old == args.new:
        return _err("ต้องระบุปีสองปีที่ต่างกัน เช่น oitsite diff-years 2568 2569")
    try:
        old, new = load_catalog(args.old), load_catalog(args.new)
    except CatalogError as exc:
        for f in exc.findings:
            print(f.format(), file=sys.stderr)
        return 2
    d = diff_catalogs(old, new)
    gaps = None
    if args.agency:
        if not Path(args.agency, "agency.yaml").is_file():
            return _err(f"ไม่พบ {Path(args.agency, 'agency.yaml')} — ระบุโฟลเดอร์ของหน่วยงาน เช่น agencies/demo")
        gaps = agency_gaps(Path(args.agency), new, old)
    if args.format == "json":
        out: dict[str, Any] = d.as_dict()
        if gaps is not None:
            out["agency"] = gaps.as_dict()
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_diff(d, load_topics(), gaps))
    return 1 if gaps is not None and gaps.problems else 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("catalogs", help="รายการเกณฑ์ ITA ทุกปีที่มี: จำนวนข้อ ความครบถ้วน และการตรวจสอบ")
    c.add_argument("--format", choices=["text", "json", "md"], default="text",
                   help="md: เอกสาร docs/catalogs.md (ความครบถ้วนและแหล่งที่มาของทุกข้อ)")
    c.set_defaults(func=cmd_catalogs)

    d = sub.add_parser("diff-years", help="เปรียบเทียบเกณฑ์ ITA สองปี (และสิ่งที่หน่วยงานยังต้องเตรียม)")
    d.add_argument("old", type=_year_arg, metavar="ปีเดิม", help="ปีการประเมินเดิม เช่น 2568")
    d.add_argument("new", type=_year_arg, metavar="ปีใหม่", help="ปีการประเมินใหม่ เช่น 2569")
    d.add_argument("--agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน: แสดงสิ่งที่ยังต้องเตรียมตามเกณฑ์ปีใหม่")
    d.add_argument("--format", choices=["text", "json"], default="text")
    d.set_defaults(func=cmd_diff_years)


# ---------------------------------------------------------------------------------------------
# Archives: a year's pages do not change when a newer year is published

_YEAR_PAGE = re.compile(r"^oit/(\d{4})/")


def _page_year(docname: str) -> int | None:
    m = _YEAR_PAGE.match(docname)
    return int(m.group(1)) if m else None


def _newer_target(pagename: str, href: str, year: int) -> bool:
    """True when ``href`` (relative to ``pagename``) points into ``oit/<Z>/`` with Z newer than ``year``."""
    import posixpath

    if not href or "://" in href or href.startswith(("#", "mailto:")):
        return False
    target = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), href.split("#", 1)[0]))
    other = _page_year(target)
    return other is not None and other > year


def archive_page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """On ``oit/<Y>/`` pages, drop navigation links to newer years.

    Sidebar entries of newer years go; a previous/next link into a newer year (the first page of
    year Y follows the last page of year Y+1, newest first) points to the home page instead, as
    it did before year Y+1 existed.
    """
    year = _page_year(pagename)
    if year is None:
        return
    root = app.config.root_doc
    for key in ("prev", "next"):
        link = context.get(key)
        if isinstance(link, dict) and _newer_target(pagename, str(link.get("link") or ""), year):
            context[key] = {"link": app.builder.get_relative_uri(pagename, root),
                            "title": app.builder.render_partial(app.env.titles[root])["title"]}
    rellinks = context.get("rellinks")
    if rellinks:
        home = app.builder.render_partial(app.env.titles[root])["title"]
        context["rellinks"] = [(root, home, *rest) if (_page_year(doc) or 0) > year else (doc, title, *rest)
                               for doc, title, *rest in rellinks]
    original = context.get("generate_toctree_html")
    if original is None or getattr(original, "_oitsite_archive", False):
        return

    def generate_toctree_html(*args: Any, **kwargs: Any) -> Any:
        import copy

        soup = original(*args, **kwargs)
        if isinstance(soup, str):
            from bs4 import BeautifulSoup

            soup = BeautifulSoup(soup, "html.parser")
        else:
            soup = copy.copy(soup)
        for li in soup.select("li.toctree-l1"):
            a = li.find("a")
            if a is not None and _newer_target(pagename, str(a.get("href") or ""), year):
                after = li.next_sibling
                li.decompose()
                if isinstance(after, str) and not after.strip():  # the newline that followed it
                    after.extract()
        return soup

    generate_toctree_html._oitsite_archive = True  # type: ignore[attr-defined]
    context["generate_toctree_html"] = generate_toctree_html


def setup(app: Any) -> dict:
    # after pydata-sphinx-theme adds generate_toctree_html (priority 500)
    app.connect("html-page-context", archive_page_context, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

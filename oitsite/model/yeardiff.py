"""Assessment years side by side: which catalogs exist, the default year, and what changed.

Every year's catalog maps its O-items onto the same topics (oitsite/catalogs/topics/), so two
years are compared *by topic*: items that show the same topic data are the same subject, whatever
their number. From that follow renumbered, merged and split items, topics a year no longer asks
for, elements added or removed per topic, and changed data periods. With an agency folder the
diff also lists what that agency still has to supply under the newer year.

The commands are ``oitsite catalogs`` and ``oitsite diff-years`` (oitsite/cli/years.py); the agency's
gaps under a new year are computed by :mod:`oitsite.check.gaps`, the Thai text by
:mod:`oitsite.publish.catalogdoc`, the archive rule by :mod:`oitsite.site.archive`.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from oitsite import thai
from oitsite.model.catalog import Catalog, Element, Item, TopicRef, default_year, load_catalog

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
    evidenced: int = 0  # elements a source states (Catalog.verification)
    unverified: int = 0  # elements copied from another year or guessed (`verified: false`)


def catalog_info(year: int, extra: list[Path] | None = None, default: int | None = None) -> CatalogInfo:
    from oitsite.model.schema import CATALOG_DIR

    cat = load_catalog(year, extra)
    path = Path(cat.file)
    marks = [it.verified for it in cat.items]
    unverified = None if all(m is None for m in marks) else sum(m is False for m in marks)
    return CatalogInfo(
        year=cat.year, title=cat.title, file=str(path), bundled=path.parent.resolve() == CATALOG_DIR.resolve(),
        items=len(cat.items), elements=sum(len(i.elements) for i in cat.items), complete=cat.complete,
        is_default=(default if default is not None else default_year(extra)) == cat.year,
        verified=cat.verified, items_unverified=unverified, sources=list(cat.sources),
        evidenced=cat.verification()["evidenced"], unverified=cat.verification()["unverified"],
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










# ---------------------------------------------------------------------------------------------
# Thai report



















# ---------------------------------------------------------------------------------------------
# docs/catalogs.md: completeness and the source of every item, generated from the catalogs









# ---------------------------------------------------------------------------------------------
# Commands












# ---------------------------------------------------------------------------------------------
# Archives: a year's pages do not change when a newer year is published










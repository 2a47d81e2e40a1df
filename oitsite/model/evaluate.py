"""Stage 3: catalog × agency → the status of every item and element (met / missing).

The element box on each page, the OIT index, the manifest and ``oitsite check`` all read the
result of :func:`evaluate`, so they can never disagree.

Data-period rules are named in the catalog (``rules: [{rule: as_of, …}]``) and implemented
here once, as small functions in ``RULES``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from oitsite import thai
from oitsite.findings import Code
from oitsite.model.agency import Agency, TopicData
from oitsite.model.catalog import Catalog, Element, Item, TopicRef
from oitsite.model.documents import Citation, citations, pages_exist
from oitsite.model.placeholders import is_placeholder


@dataclass
class ElementStatus:
    element: Element
    met: bool
    reasons: list[str] = field(default_factory=list)  # Thai, why it is missing
    code: Code | None = None
    anchor: str = ""  # id of the page section where the element's data is shown
    locate: tuple[str, int | None, tuple] | None = None  # (topic, year, path) for file:line
    #: records a period rule refuses, one finding each: (topic, year, path of the date, date, rule)
    records: list[tuple[str, int | None, tuple, dt.date, str]] = field(default_factory=list)
    #: what meets it: "data" (the topic data), "document" (a cited document page), "" (missing)
    evidence: str = ""
    #: the document pages that cite this element (also when the data meets it): those that exist
    #: first; a cited page the document lacks stays listed for oitsite.check.documents to report
    documents: list[Citation] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "met" if self.met else "missing"


@dataclass
class TopicSlot:
    ref: TopicRef
    year: int | None  # fiscal year of the data on this page (None: standing topic)
    data: TopicData | None
    #: records this item does not count (``dates_until``: signed after the cut-off), by list field:
    #: {"records": [(index, date), ...]}; the page leaves them out, check names each one
    excluded: dict[str, list[tuple[int, dt.date]]] = field(default_factory=dict)
    cutoff: dt.date | None = None
    cutoff_element: int = 0  # the element whose rule sets the cut-off

    def counted(self, field_name: str, records: list) -> list:
        """``records`` without the ones this item does not count."""
        gone = {i for i, _ in self.excluded.get(field_name, [])}
        return [r for i, r in enumerate(records) if i not in gone]


@dataclass
class ItemStatus:
    item: Item
    year: int
    slots: list[TopicSlot]
    elements: list[ElementStatus]  # the elements that apply to this agency's type
    unit: str = ""  # responsible unit: the agency's (agency.yaml units, by topic) or the catalog's

    @property
    def status(self) -> str:
        met = sum(e.met for e in self.elements)
        if met == len(self.elements):
            return "met"
        return "partial" if met else "missing"

    @property
    def met_count(self) -> int:
        return sum(e.met for e in self.elements)

    @property
    def last_updated(self) -> dt.date | None:
        times = [s.data.mtime for s in self.slots if s.data and s.data.mtime]
        if not times:
            return None
        return dt.datetime.fromtimestamp(max(times), dt.timezone.utc).date()


class _Ctx:
    def __init__(self, agency: Agency, item: Item, year: int, slots: list[TopicSlot]):
        self.agency, self.item, self.year = agency, item, year
        self.slots = {s.ref.topic: s for s in slots}

    def data(self, topic: str) -> dict | None:
        slot = self.slots.get(topic)
        if slot is None or slot.data is None or slot.data.data is None:
            return None
        out = dict(slot.data.data)
        for name in slot.excluded:
            if isinstance(out.get(name), list):
                out[name] = slot.counted(name, out[name])
        if slot.data.body:
            out["body"] = slot.data.body
        return out

    def original_path(self, topic: str, path: tuple) -> tuple:
        """A path into :meth:`data` (records left out) as a path into the file's own data."""
        slot = self.slots.get(topic)
        if not slot or not slot.excluded or len(path) < 2 or path[0] not in slot.excluded or not isinstance(path[1], int):
            return path
        gone = {i for i, _ in slot.excluded[path[0]]}
        kept = [i for i in range(path[1] + len(gone) + 1) if i not in gone]
        return (path[0], kept[path[1]]) + tuple(path[2:])

    def data_year(self, topic: str) -> int:
        slot = self.slots.get(topic)
        return slot.year if slot and slot.year else self.year

    def values(self, path: str) -> list[Any]:
        topic, rest = path.split(".", 1)
        return _values(self.data(topic), [p.removesuffix("[]") for p in rest.split(".")])


def _empty(v: Any) -> bool:
    if isinstance(v, str):
        return not v.strip() or is_placeholder(v)
    return v is None or v == [] or v == {}


def _values(data: Any, parts: list[str]) -> list[Any]:
    values = [data]
    for part in parts:
        nxt: list[Any] = []
        for v in values:
            for rec in (v if isinstance(v, list) else [v]):
                if isinstance(rec, dict) and not _empty(rec.get(part)):
                    nxt.append(rec[part])
        values = nxt
    return values


def present(data: Any, parts: list[str]) -> bool:
    """True when the path is filled: lists non-empty and, below a list, every record filled."""
    if not parts:
        return not _empty(data)
    if not isinstance(data, dict):
        return False
    head, rest = parts[0].removesuffix("[]"), parts[1:]
    value = data.get(head)
    if _empty(value):
        return False
    if isinstance(value, list):
        return all(present(rec, rest) for rec in value) if rest else True
    return present(value, rest) if rest else True


def gap_path(data: Any, parts: list[str]) -> tuple:
    """Path of the first place where ``parts`` is not filled (e.g. ('members', 3) for the
    fourth executive without a photo), for the finding's line number."""
    path: tuple = ()
    for i, part in enumerate(parts):
        if not isinstance(data, dict) or _empty(data.get(part)):
            return path + (part,) if isinstance(data, dict) and part in data else path
        data = data[part]
        path += (part,)
        if isinstance(data, list) and i + 1 < len(parts):
            for n, rec in enumerate(data):
                if not present(rec, parts[i + 1:]):
                    return path + (n,) + gap_path(rec, parts[i + 1:])
            return path
    return path


# ---------------------------------------------------------------------------------------------
# Rules: each returns a list of Thai problems (empty = passes)


def _fy_label(fy: int) -> str:
    start, end = thai.fiscal_year_range(fy)
    return f"ปีงบประมาณ พ.ศ. {fy} ({thai.format_date(start)} – {thai.format_date(end)})"


def dated_records(data: Any, path: str) -> list[tuple[tuple, dt.date]]:
    """(path, date) of every date at ``path`` (``topic.list[].field``), the path as the file's
    data is indexed (``('records', 3, 'contract_date')``)."""
    parts = [x.removesuffix("[]") for x in path.split(".")[1:]]
    out: list[tuple[tuple, dt.date]] = []

    def walk(value: Any, rest: list[str], at: tuple) -> None:
        if not rest:
            if isinstance(value, dt.date):
                out.append((at, value))
            return
        if isinstance(value, list):
            for i, rec in enumerate(value):
                walk(rec, rest, at + (i,))
        elif isinstance(value, dict) and rest[0] in value:
            walk(value[rest[0]], rest[1:], at + (rest[0],))

    walk(data, parts, ())
    return out


def rule_dates_in_fiscal_year(ctx: _Ctx, p: dict) -> list[str]:
    topic = p["path"].split(".")[0]
    fy = ctx.data_year(topic)
    start, end = thai.fiscal_year_range(fy)
    dates = [d for d in ctx.values(p["path"]) if isinstance(d, dt.date)]
    if not dates:
        if p.get("if_any"):  # e.g. no complaint at all: nothing dated, nothing outside the year
            return []
        return [f"ยังไม่มีวันที่ของข้อมูลใน{_fy_label(fy)}"]
    outside = [d for d in dates if not start <= d <= end]
    if outside:
        shown = ", ".join(thai.format_date(d) for d in outside[:3])
        return [f"มีข้อมูล {len(outside)} รายการที่ไม่อยู่ใน{_fy_label(fy)} เช่น {shown}"]
    return []


def rule_as_of(ctx: _Ctx, p: dict) -> list[str]:
    topic = p["path"].split(".")[0]
    fy = ctx.data_year(topic)
    month, day = (int(x) for x in str(p.get("month_day", "03-31")).split("-"))
    start, end = thai.fiscal_year_range(fy)
    want = dt.date(start.year if month >= 10 else end.year, month, day)
    got = [d for d in ctx.values(p["path"]) if isinstance(d, dt.date)]
    if not got:
        return [f"ต้องระบุว่าเป็นข้อมูล ณ วันที่ {thai.format_date(want)}"]
    if got[0] != want:
        return [f"ข้อมูลเป็น ณ วันที่ {thai.format_date(got[0])} แต่เกณฑ์กำหนด ณ วันที่ {thai.format_date(want)}"]
    return []


def _cutoff(ctx: _Ctx, p: dict) -> dt.date:
    """The date ``month_day`` (MM-DD) inside the fiscal year of the rule's topic data."""
    topic = p["path"].split(".")[0]
    fy = ctx.data_year(topic)
    month, day = (int(x) for x in str(p.get("month_day", "03-31")).split("-"))
    start, end = thai.fiscal_year_range(fy)
    return dt.date(start.year if month >= 10 else end.year, month, day)


def rule_dates_until(ctx: _Ctx, p: dict) -> list[str]:
    """Every date at ``path`` is on or before ``month_day`` of the data's fiscal year (O16 2567:
    contracts signed by 31 March 2567; a contract signed later is not part of the progress)."""
    last = _cutoff(ctx, p)
    dates = [d for d in ctx.values(p["path"]) if isinstance(d, dt.date)]
    late = sorted(d for d in dates if d > last)
    if late:
        shown = ", ".join(thai.format_date(d) for d in late[:3])
        return [f"มี {len(late)} รายการลงวันที่หลัง {thai.format_date(last)} ซึ่งเกณฑ์ไม่นับ "
                f"(ข้อมูลต้องเป็นรายการ ณ วันที่ {thai.format_date(last)}) เช่น {shown}"]
    return []


def rule_has_record(ctx: _Ctx, p: dict) -> list[str]:
    """At least one record has a true/filled value at ``path`` (e.g. a deputy executive:
    ``executives.members[].deputy``); ``label`` names what is missing, in Thai."""
    if any(v is True or (v not in (False, None) and not _empty(v)) for v in ctx.values(p["path"])):
        return []
    return [f"ยังไม่มี{p.get('label') or ' ' + p['path']}"]


def rule_covers_year(ctx: _Ctx, p: dict) -> list[str]:
    starts, ends = ctx.values(p["start"]), ctx.values(p["end"])
    if not starts or not ends:
        return ["ต้องระบุปีเริ่มต้นและปีสิ้นสุดของแผน"]
    s, e = int(starts[0]), int(ends[0])
    if not s <= ctx.year <= e:
        return [f"แผนครอบคลุมปี พ.ศ. {s}–{e} ไม่ครอบคลุมปี พ.ศ. {ctx.year} ตามเกณฑ์"]
    return []


def _norm_name(s: str) -> str:
    s = str(s)
    for prefix in ("นาย", "นางสาว", "นาง", "ว่าที่ร้อยตรี", "ว่าที่ ร.ต.", "ดร."):
        s = s.replace(prefix, "")
    return "".join(s.split())


def rule_signed_by_top_executive(ctx: _Ctx, p: dict) -> list[str]:
    names = ctx.values(p["path"])
    top = ctx.agency.top_executive()
    if not names:
        return ["ต้องระบุชื่อผู้ลงนาม"]
    if top is None:
        return ["ยังไม่ได้ระบุผู้บริหารสูงสุด (top: true) ในข้อมูลผู้บริหาร จึงตรวจผู้ลงนามไม่ได้"]
    if _norm_name(names[0]) != _norm_name(top.get("name", "")):
        return [f"ผู้ลงนาม '{names[0]}' ไม่ใช่ผู้บริหารสูงสุดที่ดำรงตำแหน่ง ({top.get('name')})"]
    return []


def rule_min_count(ctx: _Ctx, p: dict) -> list[str]:
    topic, rest = p["path"].split(".", 1)
    data = ctx.data(topic) or {}
    head = rest.split(".")[0].removesuffix("[]")
    n = len(data.get(head) or [])
    if n < int(p["n"]):
        return [f"ต้องมีอย่างน้อย {p['n']} รายการ (มี {n} รายการ)"]
    return []


def rule_has_choices(ctx: _Ctx, p: dict) -> list[str]:
    have = set(map(str, ctx.values(p["path"])))
    missing = [v for v in p.get("values", []) if v not in have]
    if missing:
        topic, rest = p["path"].split(".", 1)
        fd = ctx.agency.topic_defs[topic].field_at([x.removesuffix("[]") for x in rest.split(".")])
        labels = [fd.options.get(v, v) if fd else v for v in missing]
        return ["ยังขาด: " + ", ".join(labels)]
    return []


RULES: dict[str, Callable[[_Ctx, dict], list[str]]] = {
    "dates_in_fiscal_year": rule_dates_in_fiscal_year,
    "as_of": rule_as_of,
    "covers_year": rule_covers_year,
    "signed_by_top_executive": rule_signed_by_top_executive,
    "min_count": rule_min_count,
    "has_choices": rule_has_choices,
    "dates_until": rule_dates_until,
    "has_record": rule_has_record,
}

_RULE_CODES = {"signed_by_top_executive": Code.WRONG_SIGNER}


def _anchor(path: str) -> str:
    topic, rest = path.split(".", 1)
    head = rest.split(".")[0].removesuffix("[]")
    return topic if head == "body" else f"{topic}-{head}"


def evaluate_item(agency: Agency, item: Item, year: int) -> ItemStatus:
    slots = []
    for ref in item.topics:
        tdef = agency.topic_defs.get(ref.topic)
        data_year = (year + ref.year) if tdef and tdef.yearly else None
        slots.append(TopicSlot(ref, data_year, agency.get(ref.topic, data_year)))
    ctx = _Ctx(agency, item, year, slots)
    _apply_cutoffs(ctx, item)
    statuses = []
    for el in item.elements:
        if not el.applies_to(agency.type):
            continue
        reasons: list[str] = []
        code: Code | None = None
        first_missing: str | None = None
        records: list[tuple[str, int | None, tuple, dt.date, str]] = []
        for alts in el.requires:
            if not any(ctx.data(a.split(".", 1)[0]) is not None and present(ctx.data(a.split(".", 1)[0]), a.split(".", 1)[1].split("."))
                       for a in alts):
                first_missing = first_missing or alts[0]
                reason = _missing_text(agency, ctx, alts)
                if reason not in reasons:
                    reasons.append(reason)
                code = code or Code.MISSING_ELEMENT
        for rule in el.rules:
            if reasons:
                break
            problems = RULES[rule["rule"]](ctx, rule)
            if problems:
                reasons += problems
                code = code or _RULE_CODES.get(rule["rule"], Code.STALE_PERIOD)
                first_missing = first_missing or rule.get("path") or rule.get("start")
                if rule["rule"] == "dates_in_fiscal_year":
                    records += _outside_records(ctx, rule)
        anchor_path = (el.requires[0][0] if el.requires else None) or next(
            (r.get("path") or r.get("start") for r in el.rules if r.get("path") or r.get("start")), None)
        where = first_missing or anchor_path
        locate = None
        if where:
            topic, rest = where.split(".", 1)
            parts = [p.removesuffix("[]") for p in rest.split(".")]
            locate = (topic, ctx.data_year(topic) if agency.topic_defs[topic].yearly else None,
                      ctx.original_path(topic, gap_path(ctx.data(topic), parts)) if first_missing else tuple(parts))
        cited = [c for sl in slots if sl.data is not None and sl.data.data is not None
                 for c in citations(sl.ref.topic, sl.year, sl.data.data, item.id, el.index, year)]
        # a page the document does not have shows nothing (oit.document-page-missing): never counted
        counted = [c for c in cited if pages_exist(agency.document_pages, c)]
        evidence = "data" if not reasons else ("document" if counted else "")
        if evidence == "document":  # met by the document page the editor cites (checked by oitsite.check.documents)
            reasons, code = [], None
        statuses.append(ElementStatus(el, not reasons, reasons, code, _anchor(anchor_path) if anchor_path else "", locate,
                                      records, evidence, counted + [c for c in cited if c not in counted]))
    return ItemStatus(item, year, slots, statuses, agency.unit_for([r.topic for r in item.topics], item.unit))


def _apply_cutoffs(ctx: _Ctx, item: Item) -> None:
    """``dates_until`` on a list of records: the ones dated after the cut-off are not this item's
    (O16 2567: contracts signed after 31 March 2567) — left out of its data, listed on the slot."""
    for el in item.elements:
        for rule in el.rules:
            if rule.get("rule") != "dates_until" or "[]" not in rule.get("path", ""):
                continue
            topic = rule["path"].split(".")[0]
            slot = ctx.slots.get(topic)
            if slot is None or slot.data is None or not isinstance(slot.data.data, dict):
                continue
            last = _cutoff(ctx, rule)
            late = [(path, d) for path, d in dated_records(slot.data.data, rule["path"]) if d > last]
            head = rule["path"].split(".")[1].removesuffix("[]")
            slot.excluded[head] = sorted({(path[1], d) for path, d in late if len(path) > 1 and isinstance(path[1], int)})
            slot.cutoff, slot.cutoff_element = last, el.index


def _outside_records(ctx: _Ctx, rule: dict) -> list[tuple[str, int | None, tuple, dt.date, str]]:
    """The records whose date at the rule's path is outside the data's fiscal year."""
    topic = rule["path"].split(".")[0]
    fy = ctx.data_year(topic)
    start, end = thai.fiscal_year_range(fy)
    slot = ctx.slots.get(topic)
    if slot is None or slot.data is None:
        return []
    gone = {(name, i) for name, recs in slot.excluded.items() for i, _ in recs}
    year = slot.year
    return [(topic, year, path, d, "dates_in_fiscal_year") for path, d in dated_records(slot.data.data, rule["path"])
            if not start <= d <= end and not (len(path) > 1 and (path[0], path[1]) in gone)]


def _missing_text(agency: Agency, ctx: _Ctx, alts: list[str]) -> str:
    labels = []
    for a in alts:
        topic, rest = a.split(".", 1)
        tdef = agency.topic_defs[topic]
        parts = [p.removesuffix("[]") for p in rest.split(".")]
        if parts == ["body"]:
            labels.append(f"ข้อความอธิบาย ({topic}.md)")
            continue
        titles, fields = [], tdef.fields
        for part in parts:
            fd = fields.get(part)
            if fd is None:
                break
            titles.append(fd.title)
            fields = fd.fields
        labels.append(" › ".join(titles))
    topic = alts[0].split(".", 1)[0]
    tdef = agency.topic_defs[topic]
    year = ctx.data_year(topic) if tdef.yearly else None
    file = f"data/{year}/{topic}.yaml" if year else f"data/{topic}.yaml"
    if ctx.data(topic) is None:
        if agency.get(topic, year) is not None:
            return f"ไฟล์ {file} มีข้อผิดพลาด ต้องแก้ข้อผิดพลาดในไฟล์ก่อนจึงจะนับว่ามีข้อมูล"
        return f"ยังไม่มีไฟล์ {file} ({tdef.title}{f' ปีงบประมาณ {year}' if year else ''})"
    return f"ยังไม่มี '{' หรือ '.join(labels)}' ใน {file} (ทุกรายการต้องมีข้อมูลนี้)"


def evaluate(agency: Agency, catalog: Catalog) -> list[ItemStatus]:
    return [evaluate_item(agency, item, catalog.year) for item in catalog.items]

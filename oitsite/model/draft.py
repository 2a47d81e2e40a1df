"""A new year's catalog drafted from the text of a criteria document (``oitsite catalog draft``).

Input: the text of an NACC criteria document as agencies copy it — numbered items (``O1 …``,
``ข้อ 1 …`` or a table row ``๐๑<TAB>title<TAB>elements<TAB>unit``), sub-indicator headings
(``ตัวชี้วัดย่อยที่ 9.1 …``), bullets (``-``, ``○``, ``๐``), "อย่างน้อยประกอบด้วย (๑) … (๒) …" lists,
data periods ("ข้อมูล ณ วันที่ …", "ปี พ.ศ. …") and footnotes (``* กรณี …``), Thai or Arabic digits.

Output: a :class:`Draft` — items, titles, sub-indicators, every element split out (the lead-in
sentence as ``group``, each numbered sub-item as one element), period rules recognised, topics
matched to the base year's items by title similarity (PyThaiNLP word tokens), ``requires`` and
``rules`` copied from the base element when the element's text matches it; everything
``verified: false`` with a confidence — and the list of what needs a person (:class:`Need`).
:func:`draft_catalog` gives the draft as a :class:`~oitsite.model.catalog.Catalog` (for the
year diff), :func:`draft_yaml` as the text of ``ita-<year>.yaml``. Pure: text in, values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from oitsite import thai
from oitsite.model.catalog import Catalog, Element, Item, TopicRef

# ---------------------------------------------------------------------------------------------
# Reading the text

#: An element starts with one of these verbs (after a bullet); a hyphen before anything else is
#: text ("ชื่อ - นามสกุล", "ถาม - ตอบ").
_LEAD_VERBS = "แสดง|เป็น|มี|สามารถ|ต้อง|ระบุ|ในการ"
_BULLET_RE = re.compile(rf"(?:^|(?<=\s))(?:[○●•◦▪]|๐(?=\s)|-(?=\s*(?:{_LEAD_VERBS})))\s*")
_TAG_RE = re.compile(r"<[^>]{0,300}>")
_FOOTNOTE_RE = re.compile(r"(?:^|(?<=\s))\*+\s*(?=[\u0E00-\u0E7F])")
_NUMBERED_RE = re.compile(r"\((\d{1,2})\)\s*")
_SUBIND_RE = re.compile(r"ตัวชี้วัดย่อยที่\s*(\d{1,2}\.\d)\s*(.*)")
_ITEM_CELL_RE = re.compile(r"^(?:[Oo]\s*|0(?=\d)|ข้อ(?:ที่)?\s*)(\d{1,2})$")
_ITEM_LINE_RE = re.compile(r"^\s*(?:[Oo]\s*|ข้อ(?:ที่)?\s*)(\d{1,2})[\s.:)]+(\S.*)$")
_YEAR_RE = re.compile(r"(?:พ\.ศ\.|ปีงบประมาณ|ปี)\s*(25\d\d)")
_MONTHS = {m: i + 1 for i, m in enumerate(thai.THAI_MONTHS)}
_AS_OF_RE = re.compile(rf"ณ\s*วันที่\s*(\d{{1,2}})\s*({'|'.join(_MONTHS)})\s*(25\d\d)?")
#: A closing sentence on the data period, split off the last numbered sub-item (or a bullet) into
#: its own element: "… (12) วันสิ้นสุดสัญญา เป็นข้อมูลการจัดซื้อจัดจ้างฯ ในปี พ.ศ. 2567".
_PERIOD_TAIL_RE = re.compile(r"\s*(เป็น(?:ข้อมูล|รายงานผล|การดำเนินการ|แผน|การประกาศ)\S*.*(?:ปี|พ\.ศ\.).*)$")
_BULLET_TAIL_RE = re.compile(r"\s+(เป็นการดำเนินการ.*(?:ปี|พ\.ศ\.).*)$")
_ACCESS_RE = re.compile(r"(?<=\S)\s*(สามารถเข้าถึงหรือเชื่อมโยง.*)$")


def _clean(text: str) -> str:
    return " ".join(text.split())


@dataclass
class RawItem:
    number: int
    title: str
    body: str  # the elements' text, bullets and all (Thai digits kept: ``๐`` may be a bullet)
    unit: str = ""
    subindicator: str = ""
    line: int = 0
    table: bool = False  # a table row holds the whole item; the lines after it are not its text


@dataclass
class RawDoc:
    year: int | None
    title: str
    subindicators: list[dict]
    items: list[RawItem]


def _join_bold(text: str) -> str:
    """``**ตัวชี้วัดย่อยที่ 9.2 การ\\nบริหารงาน**`` (a heading wrapped by the PDF) → one line."""
    return re.sub(r"(?m)^\*\*([^*]+?)\*\*[ \t]*$", lambda m: m.group(1).replace("\n", ""), text)


def read_document(text: str) -> RawDoc:
    """Items, sub-indicators and the assessment year found in the document's text."""
    text = _join_bold(text.replace("\r\n", "\n").replace("\r", "\n"))
    year = None
    m = re.search(r"(?:ประจำปีงบประมาณ|ปีงบประมาณ)\s*(?:พ\.ศ\.)?\s*([๐-๙\d]{4})", text)
    if m:
        year = int(thai.to_arabic_digits(m.group(1)))
    title = ""
    subs: list[dict] = []
    items: list[RawItem] = []
    current_sub = ""
    cur: RawItem | None = None
    for n, line in enumerate(text.split("\n"), start=1):
        plain = _clean(_TAG_RE.sub(" ", line))
        if not title and plain:
            title = plain
        sm = _SUBIND_RE.match(thai.to_arabic_digits(plain))
        if sm:
            current_sub = sm.group(1)
            if not any(s["id"] == current_sub for s in subs):
                subs.append({"id": current_sub, "title": _clean(sm.group(2))})
            cur = None
            continue
        cells = line.split("\t")
        first = thai.to_arabic_digits(_clean(_TAG_RE.sub(" ", cells[0])))
        cm = _ITEM_CELL_RE.match(first) if len(cells) >= 3 else None
        if cm:
            unit = _clean(_TAG_RE.sub(" ", cells[3])) if len(cells) >= 5 else ""
            cur = RawItem(int(cm.group(1)), cells[1], cells[2], unit, current_sub, n, table=True)
            items.append(cur)
            continue
        lm = _ITEM_LINE_RE.match(thai.to_arabic_digits(plain)) if "\t" not in line else None
        if lm:
            cur = RawItem(int(lm.group(1)), lm.group(2), "", "", current_sub, n)
            items.append(cur)
            continue
        if cur is not None and not cur.table and "\t" not in line and plain:
            if re.match(r"^(?:ผู้รับผิดชอบ|หน่วยงานที่รับผิดชอบ)\s*[:：]", plain):
                cur.unit = _clean(plain.split(":", 1)[-1])
            else:
                cur.body += "\n" + line
    return RawDoc(year, title, subs, items)


@dataclass
class RawElement:
    text: str
    group: str = ""


def _strip_marks(text: str) -> str:
    """Element text as the catalog keeps it: Arabic digits, no footnote asterisks, one space."""
    text = re.sub(r"(?<=\S)\*+", "", text)
    return _clean(thai.to_arabic_digits(text)).strip(" -")


def split_elements(body: str) -> tuple[list[RawElement], list[str]]:
    """Elements (a numbered list under its lead-in → one element per sub-item) and footnotes."""
    text = _TAG_RE.sub("\n", body)
    notes: list[str] = []
    bullets: list[str] = []
    for chunk in _BULLET_RE.split(text):
        parts = _FOOTNOTE_RE.split(chunk)
        if _clean(parts[0]):
            bullets.append(parts[0])
        notes += [_strip_marks(p) for p in parts[1:] if _clean(p)]
    out: list[RawElement] = []
    for b in bullets:
        b = thai.to_arabic_digits(b)
        pieces = _NUMBERED_RE.split(b)
        if len(pieces) >= 5:  # lead-in, (1), text, (2), text, …
            group = _strip_marks(pieces[0])
            subs = [pieces[i + 1] for i in range(1, len(pieces) - 1, 2)]
            tail = ""
            m = _PERIOD_TAIL_RE.search(subs[-1])
            if m and m.start() > 0:
                tail, subs[-1] = m.group(1), subs[-1][: m.start()]
            out += [RawElement(_strip_marks(s), group) for s in subs if _strip_marks(s)]
            if tail:
                out.append(RawElement(_strip_marks(tail)))
            continue
        t = _strip_marks(b)
        m = _ACCESS_RE.search(t)
        tails = []
        if m and m.start() > 0:
            t, tails = t[: m.start()].strip(), [m.group(1)]
        m = _BULLET_TAIL_RE.search(t)
        if m:
            t, tails = t[: m.start()].strip(), [m.group(1)] + tails
        out += [RawElement(x) for x in [t] + tails if x]
    return out, notes


# ---------------------------------------------------------------------------------------------
# Matching with the base year


#: Words that say nothing about a subject ("โครงสร้างและอำนาจหน้าที่" = โครงสร้าง + อำนาจหน้าที่).
_STOP = frozenset({"และ", "หรือ", "ของ", "ที่", "ใน", "ๆ", "ฯ", "พ.ศ.", "ปี", "ประจำปี"})


def _tokenizer():
    from pythainlp.tokenize import word_tokenize

    def tokens(text: str) -> frozenset[str]:
        text = re.sub(r"\d{4}", " ", thai.to_arabic_digits(text))
        return frozenset(t.strip().lower() for t in word_tokenize(text, engine="newmm", keep_whitespace=False)
                         if t.strip() and t.strip() not in _STOP and not re.fullmatch(r"[\W\d_]+", t.strip()))
    return tokens


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _cover(part: frozenset[str], whole: frozenset[str]) -> float:
    """Share of ``part``'s tokens found in ``whole`` (a merged item's title holds its parts)."""
    return len(part & whole) / len(part) if part else 0.0


def norm_text(text: str) -> str:
    """Element text for comparing drafts with catalogs: Arabic digits, no asterisks, no whitespace."""
    return re.sub(r"\s+", "", thai.to_arabic_digits(text).replace("*", ""))


def rel_norm(text: str, year: int) -> str:
    """:func:`norm_text` with years written relative to the assessment year (``{ปี}``, ``{ปี-1}``),
    so that 2567's "ในปี พ.ศ. 2567" and 2570's "ในปี พ.ศ. 2570" are the same requirement."""
    def rel(m: re.Match) -> str:
        off = int(m.group(0)) - year
        return m.group(0) if abs(off) > 3 else "{ปี}" if off == 0 else f"{{ปี{off:+d}}}"
    return re.sub(r"(?<!\d)25\d\d(?!\d)", rel, norm_text(text))


def full_text(group: str, text: str) -> str:
    return f"{group} {text}".strip() if group else text


@dataclass
class DraftElement:
    text: str
    group: str = ""
    requires: list[str] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)
    confidence: str = "low"
    note: str = ""
    base: str = ""  # "O16#3": the base element the requirement was copied from


@dataclass
class DraftItem:
    id: str
    title: str
    subindicator: str
    unit: str
    topics: list[TopicRef]
    elements: list[DraftElement]
    notes: list[str]
    source_text: str
    base: list[str] = field(default_factory=list)  # base item ids matched by title
    confidence: str = "low"
    period: str = ""
    line: int = 0
    placeholder_topics: bool = False  # no base item matched: topics only keep the file loadable


@dataclass
class Need:
    """What a person must decide before the draft becomes a catalog (Thai)."""

    kind: str  # new-topic | unmatched-element | ambiguous-period | no-elements | no-unit
    item: str
    text_th: str
    element: int | None = None


@dataclass
class Draft:
    year: int
    base_year: int
    source: str
    title: str
    subindicators: list[dict]
    items: list[DraftItem]
    needs: list[Need]

    def counts(self) -> dict[str, int]:
        els = [e for it in self.items for e in it.elements]
        return {"items": len(self.items), "elements": len(els),
                **{c: sum(e.confidence == c for e in els) for c in ("high", "medium", "low")}}


#: Title similarity (Dice over PyThaiNLP tokens) from which a base item is the same subject; a
#: base title covered this much by a longer new title is merged into it.
TITLE_MATCH = 0.6
TITLE_COVER = 0.99
#: Element similarity from which the base element's requirement is copied (confidence medium);
#: an exact match (same text, whitespace aside) is confidence high.
ELEMENT_MATCH = 0.7
#: Elements that read like a base item's (mean best Dice) count for the item match, a little
#: less than a title would (0.75 mean similarity = TITLE_MATCH).
ELEMENTS_WEIGHT = 0.8


def _years_in(text: str) -> list[int]:
    return [int(y) for y in _YEAR_RE.findall(thai.to_arabic_digits(text))]


def _period_kinds(text: str, year: int) -> tuple[set[str], list[int]]:
    """Which period rules the text implies, and years that fit no rule (ambiguous)."""
    t = thai.to_arabic_digits(text)
    kinds: set[str] = set()
    odd: list[int] = []
    if _AS_OF_RE.search(t):
        kinds.add("as_of")
        if "ลงนามในสัญญา" in t:
            kinds.add("dates_until")
    if "ครอบคลุม" in t and _years_in(t):
        kinds.add("covers_year")
    for y in _years_in(t):
        if y in (year, year - 1):
            if "covers_year" not in kinds:
                kinds.add("dates_in_fiscal_year")
        elif y not in (2560, 2561, 2562, 2558) and abs(y - year) <= 3:  # laws' years (พ.ร.บ. … พ.ศ. 2560) are not periods
            odd.append(y)
    return kinds, odd


def _rule_kinds(rules: list[dict]) -> set[str]:
    return {str(r.get("rule")) for r in rules}


_PERIOD_RULES = {"as_of", "dates_until", "covers_year", "dates_in_fiscal_year"}


def build_draft(text: str, base: Catalog, *, year: int | None = None, source: str = "draft") -> Draft:
    """The draft of year ``year`` (default: the year the document states) against ``base``."""
    doc = read_document(text)
    year = year or doc.year or base.year + 1
    tokens = _tokenizer()
    base_title_tok = {it.id: tokens(it.title) for it in base.items}
    base_el_tok = {(it.id, el.index): tokens(full_text(el.group, el.text)) for it in base.items for el in it.elements}
    needs: list[Need] = []
    items: list[DraftItem] = []
    seen: set[str] = set()
    for raw in doc.items:
        item_id = f"O{raw.number}"
        if item_id in seen:
            continue
        seen.add(item_id)
        title = _strip_marks(_TAG_RE.sub(" ", raw.title))
        raw_els, notes = split_elements(raw.body)
        title_tok = tokens(title)
        el_toks = [tokens(full_text(r.group, r.text)) for r in raw_els]

        def item_score(bi: Item, title_tok: frozenset[str] = title_tok, el_toks: list = el_toks) -> float:
            """Same subject: similar titles, or this title inside the base's (a split item), or
            elements that read like the base item's."""
            t = base_title_tok[bi.id]
            score = _dice(title_tok, t)
            if title_tok and _cover(title_tok, t) >= TITLE_COVER:
                score = max(score, TITLE_MATCH)
            if el_toks and bi.elements:
                sims = [max(_dice(et, base_el_tok[(bi.id, el.index)]) for el in bi.elements) for et in el_toks]
                score = max(score, sum(sims) / len(sims) * ELEMENTS_WEIGHT)
            return score

        scores = sorted(((item_score(bi), bi.id) for bi in base.items), reverse=True)
        matched = [iid for sc, iid in scores if sc >= TITLE_MATCH][:1]
        merged = [iid for iid, t in base_title_tok.items()
                  if iid not in matched and _cover(t, title_tok) >= TITLE_COVER and len(title_tok) > len(t)]
        if merged:
            matched += merged
        base_items = [base.item(i) for i in matched if base.item(i)]
        # elements: the best base element among the matched items (or, failing that, any item)
        els: list[DraftElement] = []
        used: set[tuple[str, int]] = set()
        item_kinds: set[str] = set()
        for k, rel in enumerate(raw_els, start=1):
            ft = full_text(rel.group, rel.text)
            ft_tok, ft_norm = tokens(ft), rel_norm(ft, year)
            cands = [(it, el) for it in base_items for el in it.elements]
            best, best_s = None, 0.0
            for it, el in cands:
                if (it.id, el.index) in used:
                    continue
                if rel_norm(full_text(el.group, el.text), base.year) == ft_norm:
                    s = 2.0
                else:
                    s = _dice(ft_tok, base_el_tok[(it.id, el.index)])
                if s > best_s:
                    best, best_s = (it, el), s
            de = DraftElement(rel.text, rel.group)
            # a lead-in's period is read once, with its first sub-item
            own = rel.text if rel.group and rel.group == (raw_els[k - 2].group if k > 1 else None) else ft
            kinds, odd = _period_kinds(own, year)
            item_kinds |= kinds
            if best and best_s >= ELEMENT_MATCH:
                it, el = best
                used.add((it.id, el.index))
                de.requires = ["|".join(alts) for alts in el.requires]
                de.rules = [dict(r) for r in el.rules]
                de.base = f"{it.id}#{el.index}"
                de.confidence = "high" if best_s >= 2.0 else "medium"
                if de.confidence == "medium":
                    de.note = f"ข้อความใกล้เคียงองค์ประกอบที่ {el.index} ของ {it.id} ปี {base.year} (คัดลอก requires/rules มา ต้องตรวจทาน)"
            else:
                topic = (base_items[0].topics[0].topic if base_items and base_items[0].topics else "")
                de.requires = [f"{topic}.body"] if topic else []
                de.note = "ไม่พบองค์ประกอบที่ตรงกันในเกณฑ์ปีฐาน ต้องกำหนด requires/rules เอง"
                needs.append(Need("unmatched-element", item_id, f"{item_id} องค์ประกอบที่ {k} “{_short(ft)}”: "
                                  f"ไม่ตรงกับองค์ประกอบใดของปี {base.year} — ต้องกำหนดข้อมูลที่ใช้ตรวจ (requires) เอง", k))
            if odd:
                needs.append(Need("ambiguous-period", item_id, f"{item_id} องค์ประกอบที่ {k}: ระบุปี พ.ศ. "
                                  f"{', '.join(map(str, sorted(set(odd))))} ซึ่งไม่ใช่ปีประเมิน {year} หรือปีก่อนหน้า "
                                  "— ตรวจกับเอกสารต้นฉบับว่าพิมพ์ผิดหรือไม่", k))
            els.append(de)
        have = {str(r.get("rule")) for e in els for r in e.rules}
        if "as_of" in item_kinds:  # "ข้อมูล ณ วันที่": a date on the data (as_of) or a cut-off (dates_until)
            item_kinds.discard("dates_in_fiscal_year")
        if "dates_until" in have:
            item_kinds.discard("as_of")
        missing = sorted((item_kinds & _PERIOD_RULES) - have)
        if missing and els:
            needs.append(Need("ambiguous-period", item_id, f"{item_id}: ข้อความกำหนดช่วงเวลาของข้อมูล ({', '.join(missing)}) "
                              f"แต่ไม่มีองค์ประกอบใดที่มีกฎนี้{' (ไม่พบข้อเดิมที่ตรงกัน)' if not base_items else ''} "
                              "— ต้องกำหนด rules ให้องค์ประกอบที่ระบุช่วงเวลา"))
        # topics: the matched base items' topics; the data year from the text
        topics: list[TopicRef] = []
        for bi in base_items:
            for ref in bi.topics:
                if all(r.topic != ref.topic for r in topics):
                    topics.append(TopicRef(ref.topic, ref.year))
        all_text = thai.to_arabic_digits(title + " " + " ".join(full_text(e.group, e.text) for e in els))
        yrs = set(_years_in(all_text))
        if topics and yrs:
            offset = -1 if (year - 1) in yrs and year not in yrs else 0 if year in yrs and (year - 1) not in yrs else None
            if offset is not None and len(topics) == 1 and topics[0].year != offset:
                needs.append(Need("ambiguous-period", item_id, f"{item_id}: ข้อความระบุข้อมูลปี {year + offset} "
                                  f"แต่ปี {base.year} ข้อ {', '.join(matched)} ใช้ข้อมูลปี{'ก่อนหน้า' if topics[0].year else 'เดียวกับปีประเมิน'} "
                                  "— ตรวจปีของข้อมูล (topics: year)"))
                topics[0] = TopicRef(topics[0].topic, offset)
        placeholder = False
        if not base_items:
            near = base.item(scores[0][1]) if scores else None
            hint = ""
            if near and near.topics:  # keeps the draft loadable; the year diff shows the item as added
                topics, placeholder = [TopicRef(near.topics[0].topic, 0)], True
                hint = f" (ร่างนี้ใส่หัวข้อ {near.topics[0].topic} ของ {near.id} ไว้ชั่วคราวเพื่อให้ไฟล์โหลดได้)"
                for e in els:
                    if not e.requires and not e.rules:
                        e.requires = [f"{near.topics[0].topic}.body"]
            needs.append(Need("new-topic", item_id, f"{item_id} “{title}”: ไม่ตรงกับข้อใดของปี {base.year} — "
                              f"ข้อใหม่ ต้องสร้างหัวข้อ (topic) ใหม่หรือเลือกหัวข้อที่มีอยู่{hint}"))
        if not els:
            needs.append(Need("no-elements", item_id, f"{item_id} “{title}”: ไม่พบองค์ประกอบในข้อความ"))
        if not (raw.unit or base_items):
            needs.append(Need("no-unit", item_id, f"{item_id} “{title}”: ไม่ทราบหน่วยงานที่รับผิดชอบ — "
                              "กำหนด unit ในร่าง หรือให้แต่ละหน่วยงานกำหนดใน agency.yaml (units)"))
        conf = "low" if not base_items else ("high" if all(e.confidence == "high" for e in els) and els else "medium")
        unit = raw.unit or (base_items[0].unit if base_items else "")
        period = (_shift_years(base_items[0].period, base.year, year) if len(base_items) == 1 and conf == "high"
                  else _period_text(els, year))
        items.append(DraftItem(item_id, title, raw.subindicator or (base_items[0].subindicator if base_items else ""),
                               unit, topics, els, notes, _clean(_TAG_RE.sub(" ", raw.body)), matched, conf, period, raw.line,
                               placeholder))
    title = f"เกณฑ์การประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year} (OIT) — ร่างจากเอกสาร"
    subs = doc.subindicators or [dict(s) for s in base.subindicators]
    base_subs = {str(s.get("id")): s for s in base.subindicators}
    for s in subs:
        if s["id"] in base_subs and "indicator" in base_subs[s["id"]]:
            s["indicator"] = base_subs[s["id"]]["indicator"]
    return Draft(year, base.year, source, title, subs, items, needs)


def _shift_years(text: str, old: int, new: int) -> str:
    """A base item's period text moved to the new year: 2567's "ปี พ.ศ. 2566" is 2570's "ปี พ.ศ. 2569"."""
    return re.sub(r"(?<!\d)25\d\d(?!\d)", lambda m: str(int(m.group(0)) + new - old)
                  if abs(int(m.group(0)) - old) <= 3 else m.group(0), text)


def _period_text(els: list[DraftElement], year: int) -> str:
    for e in els:
        t = full_text(e.group, e.text)
        if _AS_OF_RE.search(t) or _years_in(t):
            return t if len(t) <= 120 else t[:119] + "…"
    return "ข้อมูลปัจจุบัน"


def _short(text: str, n: int = 60) -> str:
    text = _clean(text)
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Output


def draft_catalog(d: Draft) -> Catalog:
    """The draft as a Catalog (every element ``verified: false``), for the year diff."""
    items = []
    for it in d.items:
        els = [Element(e.text, [r.split("|") for r in e.requires], list(e.rules), e.group, k, "draft", False,
                       e.confidence, e.note) for k, e in enumerate(it.elements, start=1)]
        topics = [] if it.placeholder_topics else list(it.topics)
        items.append(Item(it.id, it.title, it.subindicator, it.unit, it.period, topics, els, list(it.notes),
                          it.source_text, source={"title": "draft", "elements": "draft"}, verified=False))
    return Catalog(d.year, d.title, items, d.subindicators, source=d.source, verified="ร่างจากเอกสาร ยังไม่ได้ตรวจสอบ",
                   complete=False, sources=[{"id": "draft", "title": d.source}])


def draft_yaml(d: Draft, agency_types: list[str] | None = None) -> str:
    """``ita-<year>.yaml`` text: loadable by parse_catalog, every element unverified."""
    head = (f"# ร่างเกณฑ์ ITA {d.year} จากเอกสาร {d.source} (oitsite catalog draft, ปีฐาน {d.base_year}).\n"
            "# ทุกข้อและทุกองค์ประกอบยังไม่ได้ตรวจสอบ (verified: false): ตรวจกับเอกสารต้นฉบับ แก้ requires/rules\n"
            "# ขององค์ประกอบที่ confidence: low แล้วจึงเปลี่ยนเป็น verified: true ทีละองค์ประกอบ\n")
    items = []
    for it in d.items:
        row: dict = {"id": it.id, "title": it.title, "subindicator": it.subindicator, "unit": it.unit,
                     "source": {"title": "draft", "elements": "draft"}, "verified": False, "confidence": it.confidence,
                     "topics": [r.topic if not r.year else {"topic": r.topic, "year": r.year} for r in it.topics],
                     "period": it.period, "elements": []}
        for e in it.elements:
            el: dict = {}
            if e.group:
                el["group"] = e.group
            el["text"] = e.text
            if e.requires:
                el["requires"] = list(e.requires)
            if e.rules:
                el["rules"] = [dict(r) for r in e.rules]
            el.update({"verified": False, "confidence": e.confidence})
            if e.note:
                el["note"] = e.note
            row["elements"].append(el)
        if it.notes:
            row["notes"] = list(it.notes)
        row["source_text"] = it.source_text
        items.append(row)
    data = {"year": d.year, "title": d.title, "agency_types": list(agency_types or []), "complete": False,
            "source": d.source, "verified": "ร่างจากเอกสาร ยังไม่ได้ตรวจสอบ (oitsite catalog draft)",
            "sources": [{"id": "draft", "title": f"เอกสารเกณฑ์ที่ใช้ร่าง: {d.source}", "url": d.source}],
            "subindicators": d.subindicators, "items": items}
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100000)


def compare_elements(d: Draft, cat: Catalog, *, years: bool = False, sources: set[str] | None = None,
                     collapse_only: bool = False) -> dict:
    """How far the draft reproduces ``cat``: items and titles by id; each catalog element found
    among the draft item's elements (text and lead-in; whitespace and footnote asterisks aside).
    ``years``: 4-digit years abstracted (a year the catalog corrected is compared as text, the
    correction itself is named in the draft's needs); ``sources``: only the catalog's elements
    whose source is one of these and not marked ``verified: false`` (what the document can hold);
    ``collapse_only``: whitespace runs made one space instead of removed (stricter)."""

    def key(group: str, text: str) -> str:
        t = full_text(group, text)
        if collapse_only:
            t = _clean(thai.to_arabic_digits(t).replace("*", ""))
        else:
            t = norm_text(t)
        return re.sub(r"25\d\d", "{ปี}", t) if years else t

    total = exact = 0
    misses: list[str] = []
    for it in cat.items:
        di = next((x for x in d.items if x.id == it.id), None)
        got = {key(e.group, e.text) for e in di.elements} if di else set()
        for el in it.elements:
            if sources is not None and (el.source not in sources or not cat.element_verified(it, el)):
                continue
            total += 1
            if key(el.group, el.text) in got:
                exact += 1
            else:
                misses.append(f"{it.id}#{el.index}")
    titles = sum(1 for it in cat.items for x in d.items if x.id == it.id and norm_text(x.title) == norm_text(it.title))
    return {"items": len(cat.items), "items_drafted": sum(1 for it in cat.items if any(x.id == it.id for x in d.items)),
            "titles_exact": titles, "elements": total, "elements_exact": exact,
            "share": exact / total if total else 0.0, "misses": misses}

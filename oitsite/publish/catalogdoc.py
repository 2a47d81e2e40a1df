"""Catalogs and year diffs as Thai text for editors and as docs/catalogs.md."""

from __future__ import annotations

from pathlib import Path

from oitsite.check.gaps import AgencyGaps
from oitsite.model.catalog import Catalog, available_years, default_year, load_catalog
from oitsite.model.draft import Draft
from oitsite.model.schema import TopicDef
from oitsite.model.yeardiff import CatalogInfo, YearDiff, diff_catalogs
from oitsite.publish.summary import md_cell

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
        lines.append(f"      องค์ประกอบที่มีแหล่งยืนยัน {c.evidenced} / ยังไม่ได้ตรวจสอบ (ยกมาจากปีอื่นหรือคาดไว้) {c.unverified}")
        if c.items_unverified is not None:
            lines.append(f"      ข้อที่ยังไม่ได้ตรวจกับคู่มือการประเมิน: {c.items_unverified}/{c.items} ข้อ")
        if c.verified:
            lines.append(f"      การตรวจสอบ: {c.verified}")
        if c.sources:
            lines.append(f"      แหล่งข้อมูล: {len(c.sources)} แหล่ง ({', '.join(str(s.get('id', '?')) for s in c.sources)})")
    return "\n".join(lines) + "\n"


UNVERIFIED = "ยังไม่ได้ตรวจสอบ"


_MD_HEAD = """# ITA catalogs: completeness and sources

<!-- Generated by `oitsite catalogs --format md > docs/catalogs.md` from oitsite/catalogs/ita-*.yaml;
     tests/model/test_years.py fails when this file is out of date. Edit the catalogs, not this file. -->

One catalog per assessment year (`oitsite/catalogs/ita-<year>.yaml`, format in
[data-model.md](data-model.md)). Each item names the source of its number and title
(`source.title`) and of its element texts (`source.elements`, overridable per element); the ids
refer to the catalog's `sources` list below. `verified: false` marks an item not yet checked
against the NACC's handbook (คู่มือการประเมิน ITA) for that year, and every note that begins
with "{unverified}" says what is guessed. No catalog here has been checked against the NACC
handbook itself: the 2567 texts come from an agency's copy of the 2567 criteria (seed 004), the
2568 and 2569 item lists from public agency websites, and their element texts mostly from 2567.

`oitsite catalogs` lists the catalogs; `oitsite diff-years <old> <new> [--agency DIR]` compares two.
The default year (`oitsite.model.catalog.default_year`, used when an agency names no year) is the newest
catalog without `complete: false`. `oitsite check` prints one notice per year with unverified
elements (`oit.unverified-criteria`); each year's `manifest.json` carries `catalog.version`
(sha256 of the catalog and its overrides), `catalog.verification` (elements evidenced /
unverified) and `catalog.overrides`.

### A new year: `oitsite catalog draft FILE [--year Y] [--base-year B] [--out ita-Y.yaml]`

From the text of the NACC's criteria document (PDF with a text layer, or text as agencies copy it:
`O1 …`, `ข้อ 1 …` or table rows `๐๑<TAB>title<TAB>elements<TAB>unit`, Thai or Arabic digits), the
command writes a draft `ita-<year>.yaml` that loads as a catalog: items, titles, sub-indicators
(`ตัวชี้วัดย่อยที่ 9.1 …`), one element per bullet (`-`, `○`, `๐`) and per numbered sub-item of
"อย่างน้อยประกอบด้วย (๑) … (๒) …" (the lead-in becomes `group`), footnotes (`* กรณี …`) as notes, and the
closing period sentence ("เป็นข้อมูล … ในปี พ.ศ. …") as its own element. Each item is matched to the
base year (default: the newest catalog up to the drafted year) by PyThaiNLP word tokens of its
title and elements (a title holding two base titles is a merge); an element whose text matches a
base element copies its `requires` and `rules` (`confidence: high` when the text is the same, years
aside; `medium` when similar); everything is `verified: false` with `source: draft` naming the
document. The Thai report lists what needs a person — new items (topics to choose or create),
unmatched elements (`requires` to write), periods the text states but no rule checks, years that are
neither the assessment year nor the one before, items without a unit — and then the year diff
against the base (as `oitsite diff-years`). On seed 004's 2567 table it gives back the 2567 catalog's
35 items and 146 of the 149 elements that catalog takes from seed 004 (years aside; the three others
are typo fixes in the catalog), and names every year the catalog corrected (tests/model/test_draft.py).

### Period rules on records

`dates_in_fiscal_year` reports every record outside the data's fiscal year (`oit.stale-period` at the
record's date line, naming the item and element). `dates_until` on a list (O16 2567: contracts signed
by 31 March 2567) leaves the later records out of that item: not counted for its elements, not shown
on its page or in its downloads (a note says how many), and each is an `oit.after-cutoff` notice —
the same file may rightly hold them (ITA 2568's annual report of 2567 shows them all).

### What varies by agency and host

- **Responsible unit**: `units:` in agency.yaml, a list of `{{topic, unit}}` — by topic, not by O-number,
  because topics keep their id when a year renumbers or merges items (procurement is O16/O17 in 2567 and
  O12/O13 in 2568; one line covers both). Shown on item pages and in the manifest; an unknown topic is
  `oit.unknown-topic` at its line. Items whose topics the agency does not name keep the catalog's unit.
- **Agency-type footnotes**: an element with `agency_types: [lao]` (every local administrative
  organisation) or agency.yaml `type` codes (`sao`, `subdistrict_municipality`, `town_municipality`,
  `city_municipality`, `pao`) is asked only of those agencies.
- **Overrides**: a host corrects a catalog without a release with `ita-<year>.override.yaml` in a
  catalog folder (`OITSITE_CATALOGS`, or `catalogs/` next to its agency folders, e.g.
  `agencies/catalogs/`). Items are matched by `id`, elements by `index` (`add: true` appends,
  `remove: true` drops); every changed item names a `source` (listed in the override's own `sources`
  or the catalog's) and a `confidence`, which changed elements inherit; a wrong override is refused
  with `oit.catalog-error` at its file and line.

```yaml
year: 2569
sources:
  - {{id: nacc-letter-2569, title: หนังสือสำนักงาน ป.ป.ช. ที่ …, url: https://…}}
items:
  - id: O11
    source: nacc-letter-2569
    confidence: high
    elements:
      - {{index: 2, text: …, verified: true}}
      - {{add: true, text: …, requires: ["procurement.records[].project_id"]}}
```
"""


def _src_label(cat: Catalog, sid: str) -> str:
    return f"`{sid}`" if sid else "—"


def catalogs_markdown(extra: list[Path] | None = None) -> str:
    years = available_years(extra)
    default = default_year(extra)
    cats = [load_catalog(y, extra) for y in years]
    out = [_MD_HEAD.format(unverified=UNVERIFIED), "## Summary", "",
           "| year | items | elements | elements evidenced | elements unverified | items marked unverified | unverified notes | complete | default |",
           "|---|---|---|---|---|---|---|---|---|"]
    for cat in cats:
        marks = [it.verified for it in cat.items]
        unv = "not marked per item" if all(m is None for m in marks) else f"{sum(m is False for m in marks)}/{len(marks)}"
        notes = sum(n.startswith(UNVERIFIED) for it in cat.items for n in it.notes)
        ver = cat.verification()
        out.append(f"| {cat.year} | {len(cat.items)} | {ver['elements']} | {ver['evidenced']} | {ver['unverified']} | {unv} | {notes} | "
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
                f"- Source: {md_cell(cat.source) or '—'}",
                f"- Verification: {md_cell(cat.verified) or '—'}"]
        if cat.sources:
            out += ["", "Sources:", "", "| id | what | address |", "|---|---|---|"]
            for s in cat.sources:
                url = str(s.get("url") or "")
                where = f"<{url}>" if url.startswith("http") else (f"`{url}`" if url else "not known (found in a public code index)")
                note = f" — {s['note']}" if s.get("note") else ""
                out.append(f"| `{s.get('id')}` | {md_cell(str(s.get('title', '')) + note)} | {where} |")
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
            out.append(f"| {it.id} | {md_cell(it.title)} | {topics} | {len(it.elements)} | {t_src} | {e_src} | {ver} |")
        unv = [(it.id, n) for it in cat.items for n in it.notes if n.startswith(UNVERIFIED)]
        if unv:
            out += ["", f"Unverified parts ({len(unv)}):", ""]
            out += [f"- {iid}: {md_cell(n.removeprefix(UNVERIFIED).lstrip(': '))}" for iid, n in unv]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# oitsite catalog draft: what a person must decide, then the year diff against the base catalog

_NEED_TH = {
    "new-topic": "ข้อใหม่ที่ไม่ตรงกับข้อใดของปีฐาน (ต้องกำหนดหัวข้อข้อมูล)",
    "unmatched-element": "องค์ประกอบที่ไม่ตรงกับองค์ประกอบเดิม (ต้องกำหนด requires)",
    "ambiguous-period": "ช่วงเวลาของข้อมูลที่ต้องตรวจ",
    "no-elements": "ข้อที่ไม่พบองค์ประกอบ",
    "no-unit": "ข้อที่ไม่ทราบหน่วยงานที่รับผิดชอบ",
}


def format_draft_report(d: Draft, diff: YearDiff, topics: dict[str, TopicDef], out: str = "") -> str:
    c = d.counts()
    lines = [f"ร่างเกณฑ์ ITA {d.year} จาก {d.source} (เทียบกับเกณฑ์ปี {d.base_year})"]
    if out:
        lines.append(f"เขียนไฟล์ {out}")
    lines.append(f"จำนวนข้อ {c['items']} ข้อ องค์ประกอบ {c['elements']} องค์ประกอบ: ตรงกับปีฐาน {c['high']} "
                 f"ใกล้เคียง {c['medium']} ไม่ตรง {c['low']} (ทุกองค์ประกอบ verified: false จนกว่าจะตรวจกับเอกสาร)")
    if d.needs:
        lines += ["", f"สิ่งที่ต้องให้คนตรวจก่อนใช้ ({len(d.needs)} รายการ)"]
        for kind, label in _NEED_TH.items():
            group = [n for n in d.needs if n.kind == kind]
            if group:
                lines.append(f"  {label}: {len(group)}")
                lines += [f"    • {n.text_th}" for n in group]
    else:
        lines += ["", "ไม่มีรายการที่ต้องให้คนตัดสินใจ (ยังต้องตรวจข้อความกับเอกสารต้นฉบับ)"]
    lines += ["", format_diff(diff, topics).rstrip("\n")]
    return "\n".join(lines) + "\n"

"""Renderers for the ITA topics: ``ita-results``, ``ita-measures`` (O34), ``ita-progress`` (O35).

The tables the seed documents show, generated from data: results with grade and part scores,
the ten indicators ranked and classified (rule and bands: catalogs/ita-scoring.yaml), SVG
charts (always next to the table that holds the same numbers), the analysis by issue with
question scores linked to their item pages, the measures table, limitations, suggestions, the
progress report with status badges, and a signature block styled for printing
(source/_static/oitsite-print.css).

Section ids follow ``<topic>-<field>`` so the element box can link to them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping

from docutils import nodes

from oitsite.model import ita
from oitsite.publish import charts

if TYPE_CHECKING:  # the contract is docs/renderers.md; only the type is needed here
    from oitsite.site.render import RenderCtx

Row = list[Any]


# ---------------------------------------------------------------------------------------------
# small node helpers


def _heading(text: str, level: int = 3, ids: Iterable[str] = ()) -> nodes.rubric:
    """A real heading (Sphinx renders a rubric with heading-level as <hN>) inside a topic section."""
    node = nodes.rubric(text=text)
    node["heading-level"] = level
    node["ids"] += list(ids)
    return node


def _box(*children: nodes.Node, ids: Iterable[str] = (), classes: Iterable[str] = ()) -> nodes.container:
    box = nodes.container()
    box["ids"] += list(ids)
    box["classes"] += ["oit-ita", *classes]
    box.extend(children)
    return box


def _para(text: str, classes: Iterable[str] = ()) -> nodes.paragraph:
    p = nodes.paragraph(text=text)
    p["classes"] += list(classes)
    return p


def _as_node(cell: Any) -> nodes.Node:
    return cell if isinstance(cell, nodes.Node) else nodes.Text(str(cell))


def _badge(label: str, kind: str) -> nodes.inline:
    return nodes.inline("", label, classes=["oit-badge", f"oit-badge-{kind}"])


def _md(ctx: RenderCtx, text: Any) -> list[nodes.Node] | str:
    return ctx.markdown(str(text)) if text not in (None, "") else ""


def _num(ctx: RenderCtx, x: float | None) -> str:
    return ctx.fmt_num(x, 2) if x is not None else ""


def _y(ctx: RenderCtx, year: int | None) -> str:
    return ctx.digits(str(year)) if year is not None else ""


def _digits_mode(ctx: RenderCtx) -> str:
    return "thai" if getattr(ctx.agency, "digits", "arabic") == "thai" else "arabic"


def _drop_empty_columns(headers: list[str], rows: list[Row], keep: set[int]) -> tuple[list[str], list[Row]]:
    cols = [c for c in range(len(headers)) if c in keep or any(r[c] not in (None, "", []) for r in rows)]
    return [headers[c] for c in cols], [[r[c] for c in cols] for r in rows]


def derived(data: Mapping[str, Any] | None) -> bool:
    """False when the data is a published document's transcription (``derived: false``): its
    page then shows only the figures the document prints — no computed level, part score,
    average, grouping or scale (seed 003 prints none of them)."""
    return (data or {}).get("derived") is not False


def _figure(ctx: RenderCtx, name: str, svg: str, *, label: str, alt: str, caption: str) -> nodes.Node:
    from oitsite.site.nodes import tag

    url = ctx.asset(name, svg.encode("utf-8"), label=label)
    fig = tag("figure", ctx.image(url, alt), classes=("oit-chart",))
    fig += tag("figcaption", nodes.Text(caption))
    return fig


# ---------------------------------------------------------------------------------------------
# links from question ids (o16) to item pages


def _item_url(ctx: RenderCtx, item_id: str, year: int | None, title_hint: str = "") -> str | None:
    """URL of item ``item_id`` of assessment ``year`` (question ids belong to that year's criteria).

    Items are renumbered between years, so another year's item is linked only when the site
    publishes that year, or — failing that — to the item of this year whose title is the
    question's (``title_hint``): the page where that data is published now.
    """
    if year is None or year == ctx.year:
        return ctx.item_url(item_id)
    try:  # the year-aware form, if RenderCtx offers it
        return ctx.item_url(item_id, year=year)  # type: ignore[call-arg]
    except TypeError:
        pass
    site = getattr(ctx, "site", None)
    report = getattr(site, "reports", {}).get(year) if site is not None else None
    if report is not None and getattr(report, "catalog", None) is not None:
        from oitsite.publish.manifest import item_docname

        item = report.catalog.item(item_id)
        return ctx.rel(item_docname(year, item) + ".html") if item is not None else None
    here = ita.item_by_title(ctx.catalog.items, title_hint)
    return ctx.item_url(here.id) if here is not None else None


def _qid_cell(ctx: RenderCtx, q: ita.QuestionView, year: int | None) -> Any:
    if q.item_id:
        url = _item_url(ctx, q.item_id, year, q.text)
        if url:
            return ctx.link(url, q.id)
    return q.id


# ---------------------------------------------------------------------------------------------
# ita-results


def _scale_text(ctx: RenderCtx, rules: ita.YearRules) -> str:
    parts, upper = [], 100.0
    for band in rules.bands:
        rng = f"{ctx.fmt_num(band.min, 2)}–{ctx.fmt_num(upper, 2)}"
        if band.parts_min is not None:
            rng += f" และทุกแบบวัดตั้งแต่ {ctx.fmt_num(band.parts_min, 2)}"
        parts.append(f"{band.grade} {rng}")
        if band.parts_min is None:
            upper = band.min - 0.01
    return " · ".join(parts)


def _rule_text(ctx: RenderCtx, scoring: ita.Scoring) -> str:
    rules = sorted(scoring.classification, key=lambda r: r.min)
    out = []
    for i, r in enumerate(rules):
        nxt = rules[i + 1].min if i + 1 < len(rules) else None
        if nxt is None:
            out.append(f"{ctx.fmt_num(r.min, 0)} คะแนน = {r.label}")
        elif r.min == 0:
            out.append(f"น้อยกว่า {ctx.fmt_num(nxt, 0)} = {r.label}")
        else:
            out.append(f"{ctx.fmt_num(r.min, 0)}–{ctx.fmt_num(nxt - 0.01, 2)} = {r.label}")
    return "เกณฑ์การจัดกลุ่ม: " + "; ".join(out)


def results_summary(ctx: RenderCtx, data: Mapping[str, Any], year: int | None, topic_id: str = "ita-results",
                    scoring: ita.Scoring | None = None) -> nodes.Node:
    """Total, grade, part scores, rank and the year's grade bands, as a facts table."""
    scoring = scoring or ita.load_scoring()
    rules = scoring.for_year(year) if derived(data) else None
    rows: list[Row] = []
    ids: list[str | None] = []

    def add(field: str | None, label: str, value: Any) -> None:
        rows.append([label, value])
        ids.append(f"{topic_id}-{field}" if field else None)

    if data.get("total") is not None:
        add("total", "คะแนนรวม", f"{_num(ctx, data['total'])} คะแนน")
    computed = ita.results_grade(data, year, scoring) if derived(data) else None
    level = data.get("level")
    if level or computed:
        text = level or computed
        if computed and not level:
            text = f"{computed} (ตามเกณฑ์ปี {_y(ctx, year)})"
        elif computed and level.strip() != computed:
            text = f"{level} (ตามเกณฑ์ปี {_y(ctx, year)} คะแนนนี้อยู่ในระดับ {computed})"
        add("level", "ระดับผลการประเมิน", text)
    parts = ita.computed_parts(data.get("indicators") or [], rules) if rules else {}
    for part in ita.PARTS:
        if part == "eit" and data.get("eit") is None and (data.get("eit_part1") is not None or data.get("eit_part2") is not None):
            for k, n in (("eit_part1", "1"), ("eit_part2", "2")):
                if data.get(k) is not None:
                    add(k, f"EIT ส่วนที่ {n} — การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก", f"{_num(ctx, data[k])} คะแนน")
            continue
        if data.get(part) is not None:
            add(part, ita.PART_TITLES[part], f"{_num(ctx, data[part])} คะแนน")
        elif part in parts:
            add(part, ita.PART_TITLES[part], f"{_num(ctx, parts[part])} คะแนน (เฉลี่ยจากคะแนนรายตัวชี้วัด)")
    if data.get("rank") is not None:
        group = f" ของหน่วยงานประเภท{data['rank_group']}" if data.get("rank_group") else ""
        add("rank", "ลำดับที่", f"{ctx.fmt_num(data['rank'], 0)}{group}")
    if rules:
        add(None, f"เกณฑ์ระดับผลการประเมินปี {_y(ctx, year)}", _scale_text(ctx, rules))
    caption = f"ผลการประเมิน ITA ปีงบประมาณ พ.ศ. {_y(ctx, year)}" if year else "ผลการประเมิน ITA"
    return ctx.table(["รายการ", "ผล"], rows, ids=ids, caption=caption, classes=("oit-facts", "oit-ita-summary"))


def _indicators_block(ctx: RenderCtx, data: Mapping[str, Any], year: int | None, topic_id: str,
                      scoring: ita.Scoring) -> list[nodes.Node]:
    ranked = ita.rank_indicators(data.get("indicators") or [], year, scoring)
    if not ranked:
        return []
    if not derived(data):  # as printed, in the document's order: nothing ranked or computed from them
        order = {ind.get("no"): i for i, ind in enumerate(data.get("indicators") or [])}
        rows = [[f"ตัวชี้วัดที่ {ctx.digits(str(r.no))} {r.name}" if r.no is not None else r.name,
                 r.part.upper() if r.part else "", _num(ctx, r.score)] for r in sorted(ranked, key=lambda r: order.get(r.no, 0))]
        headers, rows = _drop_empty_columns(["ตัวชี้วัด", "แบบวัด", "คะแนน"], rows, keep={0, 2})
        return [_heading("คะแนนรายตัวชี้วัด", ids=[f"{topic_id}-indicators"]),
                ctx.table(headers, rows, caption=f"คะแนนรายตัวชี้วัด ปี {_y(ctx, year)}",
                          numeric={len(headers) - 1}, classes=("oit-ita-indicators",))]
    label = lambda r: f"ตัวชี้วัดที่ {ctx.digits(str(r.no))} {r.name}" if r.no is not None else r.name  # noqa: E731
    rows = [[ctx.digits(str(r.rank)), label(r), r.part.upper() if r.part else "", _num(ctx, r.score),
             _badge(r.rule.label, r.rule.id)] for r in ranked]
    headers = ["อันดับ", "ตัวชี้วัด", "แบบวัด", "คะแนน", "ผลการจัดกลุ่ม (มาตรการปีถัดไป)"]
    headers, rows = _drop_empty_columns(headers, rows, keep={0, 1, 3, 4})
    out: list[nodes.Node] = [_heading("คะแนนรายตัวชี้วัด", ids=[f"{topic_id}-indicators"])]
    out.append(ctx.table(headers, rows, caption=f"คะแนนรายตัวชี้วัด ปี {_y(ctx, year)} เรียงจากมากไปน้อย",
                         numeric={headers.index("คะแนน")}, classes=("oit-ita-indicators",)))
    top, low = ranked[0], ranked[-1]
    out.append(_para(f"คะแนนสูงสุด {_num(ctx, top.score)} คะแนน ({top.name}) · "
                     f"คะแนนต่ำสุด {_num(ctx, low.score)} คะแนน ({low.name})", classes=("oit-ita-minmax",)))
    out.append(_para(_rule_text(ctx, scoring), classes=("oit-ita-rule",)))
    bars = [charts.Bar(label(r), r.score, r.rule.id) for r in ranked]
    thresholds = [charts.Threshold(r.min, ctx.fmt_num(r.min, 0)) for r in scoring.classification if r.min > 0]
    legend = [charts.LegendEntry(r.id, r.label) for r in scoring.classification]
    title = f"คะแนนรายตัวชี้วัด ITA ปี {_y(ctx, year)} — {ctx.agency.info.get('name_th', '')}".rstrip(" —")
    desc = "แผนภูมิแท่งแนวนอน เรียงจากมากไปน้อย: " + "; ".join(
        f"{label(r)} {_num(ctx, r.score)} คะแนน ({r.rule.label})" for r in ranked)
    svg = charts.bar_chart(bars, title=title, desc=desc, thresholds=thresholds, legend=legend,
                           digits=_digits_mode(ctx), id_prefix=f"{topic_id}-indicators")
    out.append(_figure(ctx, f"ita-{year}-indicators.svg", svg, label=f"แผนภูมิคะแนนรายตัวชี้วัด ITA ปี {year} (SVG)",
                       alt=title + " (ตัวเลขเดียวกับตารางด้านบน)",
                       caption=f"แผนภูมิ: {title} เส้นประคือเกณฑ์ " + ", ".join(t.label for t in thresholds) + " คะแนน"))
    return out


def _history_block(ctx: RenderCtx, year: int | None, topic_id: str, scoring: ita.Scoring) -> list[nodes.Node]:
    if year is None:
        return []
    points = ita.history(lambda t, y: ctx.topic(t, y), year, scoring=scoring)
    if len(points) < 2:
        return []
    rows, prev = [], None
    for p in points:
        change = ""
        if prev is not None:
            d = p.total - prev.total
            change = ("+" if d > 0 else "−" if d < 0 else "±") + ctx.fmt_num(abs(d), 2)
        rows.append([_y(ctx, p.year), _num(ctx, p.total), p.level or "", change])
        prev = p
    first, last = points[0].year, points[-1].year
    out: list[nodes.Node] = [_heading(f"ผลคะแนนย้อนหลัง ปี {_y(ctx, first)}–{_y(ctx, last)}", ids=[f"{topic_id}-history"])]
    out.append(ctx.table(["ปีงบประมาณ", "คะแนนรวม", "ระดับ", "เปลี่ยนแปลงจากปีก่อน"], rows,
                         caption="คะแนนรวม ITA รายปี", numeric={1, 3}, classes=("oit-ita-history",)))
    title = f"คะแนนรวม ITA ปี {_y(ctx, first)}–{_y(ctx, last)} — {ctx.agency.info.get('name_th', '')}".rstrip(" —")
    desc = "แผนภูมิแท่งคะแนนรวมรายปี: " + "; ".join(f"ปี {_y(ctx, p.year)} {_num(ctx, p.total)} คะแนน" for p in points)
    thresholds = [charts.Threshold(r.min, ctx.fmt_num(r.min, 0)) for r in scoring.classification if 0 < r.min < 100]
    svg = charts.history_chart([(_y(ctx, p.year), p.total) for p in points], title=title, desc=desc,
                               thresholds=thresholds, digits=_digits_mode(ctx), id_prefix=f"{topic_id}-history")
    out.append(_figure(ctx, f"ita-{year}-history.svg", svg, label=f"แผนภูมิคะแนน ITA ย้อนหลังถึงปี {year} (SVG)",
                       alt=title + " (ตัวเลขเดียวกับตารางด้านบน)", caption=f"แผนภูมิ: {title}"))
    return out


def _questions_block(ctx: RenderCtx, data: Mapping[str, Any], year: int | None, topic_id: str,
                     scoring: ita.Scoring) -> list[nodes.Node]:
    from oitsite.site.nodes import tag

    questions = data.get("questions") or []
    if not questions:
        return []
    out: list[nodes.Node] = [_heading("คะแนนรายข้อคำถาม", ids=[f"{topic_id}-questions"])]
    details = tag("details", tag("summary", nodes.Text(f"แสดงคะแนนทุกข้อคำถาม ({ctx.digits(str(len(questions)))} ข้อ)")),
                  classes=("oit-ita-questions-all",))
    groups: dict[str | None, list[Row]] = {}
    for q in questions:
        qid = ita.normalize_qid(q.get("id")) or str(q.get("id") or "")
        view = ita.QuestionView(qid, q.get("text") or "", q.get("score"), ita.question_part(qid),
                                ita.item_of_question(qid))
        score = q.get("score")
        rule = ita.classify(score, scoring) if score is not None and derived(data) else None
        groups.setdefault(view.part, []).append(
            [_qid_cell(ctx, view, year), view.text, _num(ctx, score)] + ([_badge(rule.label, rule.id) if rule else ""]
                                                                         if derived(data) else []))
    for part in (*ita.PARTS, None):
        if part in groups:
            caption = ita.PART_TITLES[part] if part else "ข้ออื่น ๆ"
            headers = ["ข้อ", "ข้อคำถาม", "คะแนน"] + (["ผลการจัดกลุ่ม"] if derived(data) else [])
            details += ctx.table(headers, groups[part], caption=caption,
                                 numeric={2}, classes=("oit-ita-questions",))
    out.append(details)
    return out


def render_results(ctx: RenderCtx, topic_id: str, data: dict) -> list[nodes.Node]:
    scoring = ita.load_scoring()
    year = ctx.data_year
    out: list[nodes.Node] = [results_summary(ctx, data, year, topic_id, scoring)]
    out += _indicators_block(ctx, data, year, topic_id, scoring)
    out += _history_block(ctx, year, topic_id, scoring)
    out += _questions_block(ctx, data, year, topic_id, scoring)
    # a table the agency printed in its progress memo belongs to that memo (O35), not here
    if data.get("breakdown") and not _is_memo(ctx.topic("ita-progress", year) if year is not None else None):
        out += _breakdown(ctx, data, topic_id)
    if data.get("file"):
        out += ctx.generic(topic_id, {"file": data["file"]})
    return out


def _breakdown(ctx: RenderCtx, data: Mapping[str, Any], topic_id: str) -> list[nodes.Node]:
    rows = [[ctx.digits(str(b.get("no", ""))), b.get("name", ""), _num(ctx, b.get("score"))] for b in data["breakdown"]]
    return [_heading("คะแนนรายละเอียดตามที่หน่วยงานรายงาน", ids=[f"{topic_id}-breakdown"]),
            ctx.table(["ลำดับ", "รายการ", "คะแนน"], rows, numeric={2})]


def _is_memo(data: Mapping[str, Any] | None) -> bool:
    return bool(data) and any(data.get(k) for k in ("office", "subject", "addressee", "memo_body"))  # type: ignore[union-attr]


#: the score lines of a progress memo (seed 004), in the memo's order and wording
_MEMO_SCORES = (("iit", "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)"),
                ("eit", "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)"),
                ("eit_part1", "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT ส่วนที่ 1)"),
                ("eit_part2", "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT ส่วนที่ 2)"),
                ("oit", "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"))


def _memo_scores(ctx: RenderCtx, results: Mapping[str, Any] | None) -> list[nodes.Node]:
    """The scores a memo reports (the same year's ita-results): its score lines and its table."""
    if not results:
        return []
    out: list[nodes.Node] = [_para(f"{label} คะแนนรวม {_num(ctx, results[k])} คะแนน", classes=("oit-memo-score",))
                             for k, label in _MEMO_SCORES if results.get(k) is not None]
    if results.get("breakdown"):
        out += _breakdown(ctx, results, "ita-progress-memo")
    return out


# ---------------------------------------------------------------------------------------------
# ita-measures (O34)


_ISSUE_FIELDS = (("findings", "ผลการวิเคราะห์"), ("deficiency", "ข้อบกพร่อง/ข้อปรับปรุง"), ("development", "การพัฒนา"),
                 ("maintenance", "การรักษาระดับ"))
_MEASURE_HEADERS = ["ประเด็น/ตัวชี้วัด", "ข้อบกพร่อง/ข้อค้นพบ", "มาตรการ", "ขั้นตอนหรือวิธีปฏิบัติ", "ผู้รับผิดชอบ",
                    "ระยะเวลา", "แนวทางการกำกับติดตาม", "ผลการดำเนินการ", "ข้อเสนอแนะ"]
#: Columns the O34 criteria name: always shown, even when empty.
_MEASURE_REQUIRED = {2, 3, 4, 5, 6}


def _part_analysis(ctx: RenderCtx, data: Mapping[str, Any], results: Mapping[str, Any] | None,
                   rules: ita.YearRules | None, topic_id: str) -> list[nodes.Node]:
    records = data.get("part_analysis") or []
    if not records:
        return []
    eff = (ita.effective_parts(results, rules) if derived(data) and derived(results)
           else {p: results.get(p) for p in ita.PARTS}) if results else {}
    rows = [[ita.PART_TITLES.get(r.get("part"), r.get("part") or ""), _num(ctx, eff.get(r.get("part"))),
             r.get("level") or "", r.get("trend") or "", _md(ctx, r.get("analysis"))] for r in records]
    headers, rows = _drop_empty_columns(["แบบวัด", "คะแนน", "ระดับ", "เทียบกับปีก่อน", "ผลการวิเคราะห์"], rows, keep={0, 4})
    return [_heading("การวิเคราะห์ตามแบบวัด", ids=[f"{topic_id}-part_analysis"]), ctx.table(headers, rows)]


def _issue_block(ctx: RenderCtx, issue: ita.IssueView, results_year: int | None, topic_id: str,
                 scoring: ita.Scoring, computed: bool = True) -> nodes.Node:
    no = issue.no
    head = f"ประเด็นที่ {ctx.digits(str(no))} {issue.title}" if no is not None else issue.title
    box = _box(_heading(head, level=4), ids=[f"{topic_id}-issue-{no}"] if no is not None else [],
               classes=["oit-ita-issue"])
    if issue.questions:
        # three columns (ข้อ | ข้อคำถาม and its finding | คะแนน and its group): readable on a phone
        rows = []
        for q in issue.questions:
            rule = ita.classify(q.score, scoring) if q.score is not None and computed else None
            qid: list[nodes.Node] = [nodes.paragraph("", "", _as_node(_qid_cell(ctx, q, results_year)))]
            if q.part:
                qid.append(_para(q.part.upper(), classes=("oit-ita-part",)))
            what: list[nodes.Node] = [_para(q.text)] if q.text else []
            if q.finding:
                finding = nodes.container(classes=["oit-ita-finding"])
                finding += _para("ข้อค้นพบ", classes=("oit-ita-finding-label",))
                finding.extend(ctx.markdown(str(q.finding)))
                what.append(finding)
            score: list[nodes.Node] = []
            if q.score is not None:
                score.append(_para(_num(ctx, q.score), classes=("oit-ita-score",)))
            if rule is not None:
                score.append(nodes.paragraph("", "", _badge(rule.label, rule.id)))
            rows.append([qid, what or "", score or ""])
        box += ctx.table(["ข้อ", "ข้อคำถามและข้อค้นพบ", "คะแนน"], rows,
                         caption=f"ข้อคำถามที่เกี่ยวข้อง (ผลการประเมินปี {_y(ctx, results_year)})",
                         numeric={2}, classes=("oit-ita-issue-questions",))
        if computed:
            box += _issue_summary(ctx, issue, scoring)
    analysis = [(label, issue.record.get(key)) for key, label in _ISSUE_FIELDS if issue.record.get(key)]
    if analysis:
        dl = nodes.definition_list(classes=["oit-ita-analysis"])
        for label, text in analysis:
            item = nodes.definition_list_item()
            item += nodes.term(text=label)
            definition = nodes.definition()
            definition.extend(ctx.markdown(str(text)))
            item += definition
            dl += item
        box += dl
    return box


def _issue_summary(ctx: RenderCtx, issue: ita.IssueView, scoring: ita.Scoring) -> nodes.paragraph:
    """'ข้อคำถาม 7 ข้อ คะแนนเฉลี่ย 64.37 — แก้ไขโดยเร่งด่วน 3 ข้อ · …' computed with the catalog's rule."""
    scored = [q for q in issue.questions if q.score is not None]
    p = nodes.paragraph(classes=["oit-ita-issue-summary"])
    if not scored:
        p += nodes.Text(f"ข้อคำถาม {ctx.digits(str(len(issue.questions)))} ข้อ (ไม่มีคะแนนในข้อมูล)")
        return p
    avg = sum(q.score for q in scored) / len(scored)  # type: ignore[misc]
    p += nodes.Text(f"ข้อคำถามที่มีคะแนน {ctx.digits(str(len(scored)))} ข้อ คะแนนเฉลี่ย {_num(ctx, avg)} คะแนน — ")
    counts = {r.id: 0 for r in scoring.classification}
    for q in scored:
        counts[ita.classify(q.score, scoring).id] += 1  # type: ignore[arg-type]
    for k, rule in enumerate(sorted(scoring.classification, key=lambda r: r.min)):
        if k:
            p += nodes.Text(" · ")
        p += _badge(rule.label, rule.id)
        p += nodes.Text(f" {ctx.digits(str(counts[rule.id]))} ข้อ")
    return p


def _measure_rows(ctx: RenderCtx, data: Mapping[str, Any], results: Mapping[str, Any] | None,
                  results_year: int | None, rules: ita.YearRules | None) -> list[Row]:
    rows: list[Row] = []
    for issue in data.get("issues") or []:  # measures written on the issue itself
        if not any(issue.get(k) for k in ("method", "steps", "responsible", "period", "monitoring")):
            continue
        where = f"ประเด็นที่ {ctx.digits(str(issue.get('no')))}" if issue.get("no") is not None else issue.get("title", "")
        rows.append([where, "", _md(ctx, issue.get("method")), _md(ctx, issue.get("steps")), issue.get("responsible") or "",
                     issue.get("period") or "", _md(ctx, issue.get("monitoring")), "", ""])
    indicator_scores = {i.get("no"): i.get("score") for i in (results or {}).get("indicators") or []}
    texts = ita.question_texts(results)
    for m in data.get("measures") or []:
        where: list[nodes.Node] = []
        if m.get("issue") is not None:
            where.append(_para(f"ประเด็นที่ {ctx.digits(str(m['issue']))}"))
        if m.get("indicator") is not None:
            no = m["indicator"]
            known = rules.indicator(no) if rules else None
            score = indicator_scores.get(no)
            text = f"ตัวชี้วัดที่ {ctx.digits(str(no))}" + (f" {known.name}" if known else "")
            where.append(_para(text + (f" ({_num(ctx, score)} คะแนน)" if score is not None else "")))
        qids = ita.parse_qids(m.get("questions"))
        if qids:
            p = nodes.paragraph(text="ข้อ ")
            for k, qid in enumerate(qids):
                if k:
                    p += nodes.Text(", ")
                view = ita.QuestionView(qid, texts.get(qid, ""), None, ita.question_part(qid), ita.item_of_question(qid))
                cell = _qid_cell(ctx, view, results_year)
                p += cell if isinstance(cell, nodes.Node) else nodes.Text(cell)
            where.append(p)
        elif m.get("questions"):
            where.append(_para(f"ข้อ {m['questions']}"))
        rows.append([where or "", _md(ctx, m.get("finding")), _md(ctx, m.get("title")), _md(ctx, m.get("steps")),
                     m.get("responsible") or "", m.get("period") or "", _md(ctx, m.get("monitoring")),
                     _md(ctx, m.get("result")), _md(ctx, m.get("suggestion"))])
    return rows


def render_measures(ctx: RenderCtx, topic_id: str, data: dict) -> list[nodes.Node]:
    scoring = ita.load_scoring()
    fy = ctx.data_year
    results_year = fy - 1 if fy is not None else None
    rules = scoring.for_year(results_year)
    results = ctx.topic("ita-results", results_year) if results_year is not None else None
    out: list[nodes.Node] = []
    if data.get("summary"):
        out.append(_box(_heading("สรุปผลการวิเคราะห์"), *ctx.markdown(str(data["summary"])), ids=[f"{topic_id}-summary"]))
    out += _part_analysis(ctx, data, results, rules, topic_id)
    issues = ita.issues_with_scores(data, results, results_year, scoring)
    if issues:
        box = _box(_heading(f"การวิเคราะห์ผลการประเมินรายประเด็น (ผล ITA ปี {_y(ctx, results_year)})"),
                   ids=[f"{topic_id}-issues"])
        for issue in issues:
            box += _issue_block(ctx, issue, results_year, topic_id, scoring, derived(data))
        out.append(box)
    rows = _measure_rows(ctx, data, results, results_year, rules)
    if rows:
        headers, rows = _drop_empty_columns(_MEASURE_HEADERS, rows, keep=_MEASURE_REQUIRED)
        caption = f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ พ.ศ. {_y(ctx, fy)}" if fy else None
        out.append(_box(_heading("มาตรการและการนำผลการวิเคราะห์ไปสู่การปฏิบัติ"),
                        ctx.table(headers, rows, caption=caption, classes=("oit-ita-measures",)),
                        ids=[f"{topic_id}-measures"]))
    if data.get("limitations"):
        rows = [[r.get("area") or "", _md(ctx, r.get("detail"))] for r in data["limitations"]]
        out.append(_box(_heading("ข้อจำกัดของหน่วยงาน"), ctx.table(["ด้าน", "รายละเอียด"], rows),
                        ids=[f"{topic_id}-limitations"]))
    if data.get("suggestions"):
        out.append(_box(_heading("ข้อเสนอแนะ"), *ctx.markdown(str(data["suggestions"])), ids=[f"{topic_id}-suggestions"]))
    sig = signature_block(ctx, data, topic_id)
    if sig is not None:
        out.append(sig)
    return out


# ---------------------------------------------------------------------------------------------
# ita-progress (O35)


def _status_cell(status: str | None) -> nodes.inline:
    if status in ita.STATUS_LABELS:
        return _badge(ita.STATUS_LABELS[status], status)
    return _badge("ไม่ระบุสถานะ", "unknown")


def _status_summary(ctx: RenderCtx, records: list[Mapping[str, Any]]) -> nodes.paragraph:
    counts = ita.status_counts(records)
    p = nodes.paragraph(classes=["oit-status-summary"])
    p += nodes.Text(f"ทั้งหมด {ctx.digits(str(len(records)))} รายการ: ")
    first = True
    for key in ("done", "in_progress", "not_started", "unknown"):
        if key == "unknown" and not counts[key]:
            continue
        if not first:
            p += nodes.Text(" · ")
        first = False
        p += _status_cell(key if key != "unknown" else None)
        p += nodes.Text(f" {ctx.digits(str(counts[key]))}")
    return p


def _cards(ctx: RenderCtx, records: list[Mapping[str, Any]], *, id_prefix: str, title: Any,
           fields: list[tuple[str, str]]) -> list[nodes.Node]:
    """One block per record: heading with status badge, then its long texts as a two-column table
    (readable on a phone, unlike a table with eight columns of paragraphs)."""
    out: list[nodes.Node] = []
    for i, rec in enumerate(records, 1):
        head = _heading(title(i, rec), level=4)
        head += nodes.Text(" ")
        head += _status_cell(rec.get("status"))
        rows = [[label, _md(ctx, rec.get(key))] for key, label in fields if rec.get(key)]
        card = _box(head, ids=[f"{id_prefix}-{i}"], classes=["oit-ita-card"])
        if rows:
            card += ctx.table(["รายการ", "รายละเอียด"], rows, classes=("oit-facts",))
        out.append(card)
    return out


def render_progress(ctx: RenderCtx, topic_id: str, data: dict) -> list[nodes.Node]:
    scoring = ita.load_scoring()
    fy = ctx.data_year
    out: list[nodes.Node] = []
    results = ctx.topic("ita-results", fy) if fy is not None else None
    if results and results.get("total") is not None:
        level = results.get("level") or (ita.results_grade(results, fy, scoring) if derived(results) else None)
        out.append(_para(f"ผลการประเมิน ITA ปีงบประมาณ พ.ศ. {_y(ctx, fy)}: {_num(ctx, results['total'])} คะแนน"
                         + (f" ระดับ {level}" if level else ""), classes=("oit-ita-result-line",)))
    if data.get("summary"):
        out.append(_box(*ctx.markdown(str(data["summary"])), ids=[f"{topic_id}-summary"]))

    measures = data.get("measures") or []
    if measures:
        rows = [[ctx.link(f"#{topic_id}-measure-{i}", ctx.digits(str(i))), m.get("title") or "",
                 m.get("responsible") or "", m.get("period") or "", _status_cell(m.get("status"))]
                for i, m in enumerate(measures, 1)]
        box = _box(_heading("ผลการดำเนินการตามมาตรการ"), _status_summary(ctx, measures),
                   ctx.table(["ลำดับ", "มาตรการ/กิจกรรม", "ผู้รับผิดชอบ", "ระยะเวลา", "สถานะ"], rows,
                             caption=f"ผลการดำเนินการรายมาตรการ ปีงบประมาณ พ.ศ. {_y(ctx, fy)}",
                             classes=("oit-ita-progress",)),
                   ids=[f"{topic_id}-measures"])
        box.extend(_cards(ctx, measures, id_prefix=f"{topic_id}-measure",
                          title=lambda i, m: f"มาตรการที่ {ctx.digits(str(i))} {m.get('title') or ''}".strip(),
                          fields=[("method", "วิธีดำเนินการ"), ("summary", "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม"),
                                  ("outcome", "ผลลัพธ์หรือความสำเร็จในการดำเนินการ")]))
        out.append(box)

    indicators = data.get("indicators") or []
    if indicators:
        name = lambda r: (f"ตัวชี้วัดที่ {ctx.digits(str(r.get('no')))} {r.get('name') or ''}".strip()  # noqa: E731
                          if r.get("no") is not None else r.get("name") or "")
        rows = [[ctx.link(f"#{topic_id}-indicator-{i}", name(r)), r.get("responsible") or "", r.get("period") or "",
                 _status_cell(r.get("status"))] for i, r in enumerate(indicators, 1)]
        box = _box(_heading("ความก้าวหน้ารายตัวชี้วัด"), _status_summary(ctx, indicators),
                   ctx.table(["ตัวชี้วัด", "ผู้รับผิดชอบ", "ระยะเวลา", "สถานะ"], rows, classes=("oit-ita-progress",)),
                   ids=[f"{topic_id}-indicators"])
        box.extend(_cards(ctx, indicators, id_prefix=f"{topic_id}-indicator", title=lambda i, r: name(r),
                          fields=[("approach", "แนวทางในการยกระดับการประเมิน"),
                                  ("progress", "ความก้าวหน้าผลการดำเนินการ")]))
        out.append(box)

    items = data.get("items") or []
    if items:
        from oitsite.site.nodes import tag

        box = _box(_heading("ความก้าวหน้ารายข้อ"), _status_summary(ctx, items), ids=[f"{topic_id}-items"])
        groups: dict[str, list[Mapping[str, Any]]] = {}
        for it in items:
            groups.setdefault(it.get("subindicator") or "", []).append(it)
        for sub, members in groups.items():
            if sub:
                box += _heading(f"ตัวชี้วัดย่อยที่ {ctx.digits(sub)}", level=4)
            rows = []
            for it in members:
                raw = str(it.get("id") or "")
                item_id = ita.item_of_question(raw)  # 'O1', 'o1', '๐๑' → 'O1'
                url = _item_url(ctx, item_id, fy, it.get("title") or "") if item_id else None
                shown = ctx.digits(item_id or raw)
                what: list[nodes.Node] = [_para(it.get("title") or "")]
                if it.get("elements"):
                    what.append(tag("details", tag("summary", nodes.Text("องค์ประกอบด้านข้อมูล")),
                                    *ctx.markdown(str(it["elements"])), classes=("oit-ita-elements",)))
                rows.append([ctx.link(url, shown) if url else shown, what, it.get("responsible") or "",
                             _status_cell(it.get("status")), _md(ctx, it.get("progress"))])
            headers = ["ข้อ", "ข้อมูล", "ผู้รับผิดชอบ", "สถานะ", "ความก้าวหน้าผลการดำเนินการ"]
            headers, rows = _drop_empty_columns(headers, rows, keep={0, 1, 3})
            box += ctx.table(headers, rows, classes=("oit-ita-progress",))
        out.append(box)
    sig = signature_block(ctx, data, topic_id, _memo_scores(ctx, results) if _is_memo(data) else ())
    if sig is not None:
        out.append(sig)
    return out


# ---------------------------------------------------------------------------------------------
# signatures


def signature_block(ctx: RenderCtx, data: Mapping[str, Any], topic_id: str,
                    body: Iterable[nodes.Node] = ()) -> nodes.Node | None:
    """ลงชื่อ … (ชื่อ) ตำแหน่ง … per signatory, like the memo in seed 004; styled for print."""
    people = data.get("signatories") or []
    if not people:
        return None
    body = list(body)
    memo = any(data.get(k) for k in ("office", "subject", "addressee", "memo_body"))
    box = _box(_heading("บันทึกข้อความ" if memo else "ผู้ลงนาม"), ids=[f"{topic_id}-signatories"],
               classes=["oit-signatures", *(["oit-memo"] if memo else [])])
    if data.get("office"):
        box += _para(f"ส่วนราชการ {data['office']}", classes=("oit-doc-meta",))
    meta = []
    if data.get("document_no"):
        meta.append(f"ที่ {ctx.digits(str(data['document_no']))}")
    if data.get("report_date"):
        meta.append(f"วันที่ {ctx.fmt_date(data['report_date'])}")
    if meta:
        box += _para("  ".join(meta), classes=("oit-doc-meta",))
    for key, label in (("subject", "เรื่อง"), ("addressee", "เรียน")):
        if data.get(key):
            box += _para(f"{label} {data[key]}", classes=("oit-doc-meta",))
    text = str(data.get("memo_body") or "")
    cut = text.rfind("\nจึงเรียน")  # what the memo reports goes before its closing line, as printed
    head, tail = (text[:cut], text[cut:]) if body and cut > 0 else (text, "")
    if head:
        box += _box(*ctx.markdown(head), classes=["oit-memo-body"], ids=[f"{topic_id}-memo_body"])
    box.extend(body)
    if tail.strip():
        box += _box(*ctx.markdown(tail.strip()), classes=["oit-memo-body"])
    grid = _box(classes=["oit-signature-grid"])
    for person in people:
        card = _box(classes=["oit-signature"])
        role = person.get("role") or ""
        if role:
            card += _para(role, classes=("oit-signature-role",))
        if person.get("comment"):
            card += _box(*ctx.markdown(str(person["comment"])), classes=["oit-signature-comment"])
        elif role.startswith("ความเห็น"):
            for _ in range(2):  # room for a handwritten comment (dotted lines in print)
                card += _para("\u00a0", classes=("oit-signature-comment-lines", "oit-print-only"))
        card += _para("ลงชื่อ " + "." * 40, classes=("oit-signature-line",))
        if person.get("name"):
            card += _para(f"({person['name']})", classes=("oit-signature-name",))
        if person.get("position"):
            card += _para(f"ตำแหน่ง {person['position']}", classes=("oit-signature-position",))
        grid += card
    box += grid
    return box


RENDERERS = {
    "ita-results": render_results,
    "ita-measures": render_measures,
    "ita-progress": render_progress,
}

"""ITA results logic: grades, indicator classification and ranking, history, consistency.

Pure functions over plain dicts (validated topic data of ``ita-results``, ``ita-measures`` and
``ita-progress``) and the rules in ``catalogs/ita-scoring.yaml``. No Sphinx, no I/O besides
reading that catalog.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from statistics import mean
from typing import Any, Callable, Iterable, Mapping, Sequence

import yaml

SCORING_PATH = Path(__file__).resolve().parent.parent / "catalogs" / "ita-scoring.yaml"

PARTS = ("iit", "eit", "oit")
PART_TITLES = {
    "iit": "IIT การรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
    "eit": "EIT การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
    "oit": "OIT การเปิดเผยข้อมูลสาธารณะ",
}
STATUS_LABELS = {"not_started": "ยังไม่ได้ดำเนินการ", "in_progress": "อยู่ระหว่างดำเนินการ", "done": "แล้วเสร็จ"}
#: Published scores have two decimals; comparisons of recomputed figures allow this much.
TOLERANCE = 0.02

TopicGetter = Callable[[str, int], "Mapping[str, Any] | None"]


# ---------------------------------------------------------------------------------------------
# The scoring catalog


@dataclass(frozen=True)
class Band:
    grade: str
    min: float
    parts_min: float | None = None


@dataclass(frozen=True)
class Rule:
    """A classification rule: scores reaching ``min`` get ``label`` (first match wins)."""

    id: str
    label: str
    min: float


@dataclass(frozen=True)
class IndicatorDef:
    no: int
    name: str
    part: str


@dataclass(frozen=True)
class IssueDef:
    no: int
    title: str
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearRules:
    year: int
    scale: str
    scale_title: str
    bands: tuple[Band, ...]
    weights: Mapping[str, float]
    indicators: tuple[IndicatorDef, ...]
    issues: tuple[IssueDef, ...] = ()
    indicator_questions: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    verified: Mapping[str, str] = field(default_factory=dict)

    def indicator(self, no: int | None) -> IndicatorDef | None:
        return next((i for i in self.indicators if i.no == no), None)

    def issue(self, no: int | None) -> IssueDef | None:
        return next((i for i in self.issues if i.no == no), None)

    def issue_of_question(self, qid: str) -> int | None:
        return next((i.no for i in self.issues if qid in i.questions), None)


@dataclass(frozen=True)
class Scoring:
    classification: tuple[Rule, ...]
    years: Mapping[int, YearRules]

    def for_year(self, year: int | None) -> YearRules | None:
        return self.years.get(year) if year is not None else None


class ScoringError(Exception):
    """catalogs/ita-scoring.yaml is broken: a developer error."""


@lru_cache(maxsize=None)
def load_scoring(path: Path = SCORING_PATH) -> Scoring:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    _check_keys(raw, path)
    rules = tuple(Rule(r["id"], r["label"], float(r["min"])) for r in raw["classification"]["rules"])
    if not rules or rules[-1].min != 0:
        raise ScoringError(f"{path}: the last classification rule must have min: 0")
    scales = {
        name: (s.get("title", name), tuple(Band(b["grade"], float(b["min"]), _opt_float(b.get("parts_min")))
                                            for b in s["bands"]))
        for name, s in raw["scales"].items()
    }
    frameworks = raw["frameworks"]
    issue_sets = {
        name: tuple(IssueDef(int(i["no"]), i["title"], tuple(i.get("questions") or ())) for i in items)
        for name, items in (raw.get("issue_sets") or {}).items()
    }
    years: dict[int, YearRules] = {}
    for year, y in raw["years"].items():
        if y["scale"] not in scales or y["framework"] not in frameworks:
            raise ScoringError(f"{path}: year {year} names an unknown scale or framework")
        if y.get("issues") and y["issues"] not in issue_sets:
            raise ScoringError(f"{path}: year {year} names an unknown issue set {y['issues']!r}")
        fw = frameworks[y["framework"]]
        indicators = tuple(IndicatorDef(int(i["no"]), i["name"], i["part"]) for i in fw["indicators"])
        if any(i.part not in PARTS for i in indicators):
            raise ScoringError(f"{path}: framework {y['framework']} has an indicator outside {PARTS}")
        title, bands = scales[y["scale"]]
        years[int(year)] = YearRules(
            year=int(year), scale=y["scale"], scale_title=title, bands=bands,
            weights={k: float(v) for k, v in fw["weights"].items()}, indicators=indicators,
            issues=issue_sets.get(y.get("issues") or "", ()),
            indicator_questions={int(k): tuple(v) for k, v in (y.get("indicator_questions") or {}).items()},
            verified=dict(y.get("verified") or {}),
        )
    return Scoring(rules, years)


def _check_keys(node: Any, path: Path) -> None:
    """YAML 1.1 reads an unquoted key `no:` as False: insist on 'no':."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(k, bool):
                raise ScoringError(f"{path}: key {k!r} — write 'no': (quoted); YAML reads no/yes as booleans")
            _check_keys(v, path)
    elif isinstance(node, list):
        for v in node:
            _check_keys(v, path)


def _opt_float(v: Any) -> float | None:
    return None if v is None else float(v)


# ---------------------------------------------------------------------------------------------
# Grades and classification


def _r2(x: float) -> float:
    return round(float(x) + 0.0, 2)


def part_values(results: Mapping[str, Any]) -> dict[str, list[float]]:
    """The part scores of a results record: {'iit': [..], 'eit': [eit, part1, part2...], 'oit': [..]}.

    EIT may be given as one score, as its two parts (ITA 2567 reports EIT ส่วนที่ 1 and 2), or both.
    """
    out: dict[str, list[float]] = {}
    for part in PARTS:
        keys = [part] + ([f"{part}_part1", f"{part}_part2"] if part == "eit" else [])
        values = [float(results[k]) for k in keys if results.get(k) is not None]
        if values:
            out[part] = values
    return out


def grade(score: float | None, year: int | None, parts: Mapping[str, Sequence[float]] | None = None,
          scoring: Scoring | None = None) -> str | None:
    """The grade of a total score under that assessment year's scale.

    ``parts`` maps iit/eit/oit to their scores (see :func:`part_values`); bands that also require
    every part to reach a minimum (the pass scale from 2567) need them. Returns None when the
    year has no rules, the score is missing, or a part-dependent band cannot be decided.
    """
    rules = (scoring or load_scoring()).for_year(year)
    if rules is None or score is None:
        return None
    s = _r2(score)
    for band in rules.bands:
        if s < band.min:
            continue
        if band.parts_min is None:
            return band.grade
        if parts is None or any(not parts.get(p) for p in PARTS):
            return None  # the total qualifies; whether the parts do is unknown
        if all(_r2(v) >= band.parts_min for p in PARTS for v in parts[p]):
            return band.grade
    return None


def results_grade(results: Mapping[str, Any], year: int | None, scoring: Scoring | None = None) -> str | None:
    return grade(results.get("total"), year, part_values(results), scoring)


def classify(score: float, scoring: Scoring | None = None) -> Rule:
    """Seed 001's rule: < 85 แก้ไขโดยเร่งด่วน, 85–99.99 พัฒนาให้ดีขึ้น, 100 รักษาระดับ (from the catalog)."""
    s = _r2(score)
    for rule in (scoring or load_scoring()).classification:
        if s >= rule.min:
            return rule
    return (scoring or load_scoring()).classification[-1]


@dataclass(frozen=True)
class RankedIndicator:
    rank: int
    no: int | None
    name: str
    score: float
    part: str | None
    rule: Rule


def rank_indicators(indicators: Iterable[Mapping[str, Any]], year: int | None = None,
                    scoring: Scoring | None = None) -> list[RankedIndicator]:
    """Indicators with a score, highest first; equal scores keep indicator order (as seed 001 ranks).

    A missing name is taken from the year's framework.
    """
    scoring = scoring or load_scoring()
    rules = scoring.for_year(year)
    scored = [i for i in indicators if i.get("score") is not None]
    big = 10**6
    scored.sort(key=lambda i: (-_r2(i["score"]), i.get("no") if i.get("no") is not None else big))
    out = []
    for rank, ind in enumerate(scored, start=1):
        no = ind.get("no")
        known = rules.indicator(no) if rules else None
        out.append(RankedIndicator(
            rank=rank, no=no, name=ind.get("name") or (known.name if known else ""),
            score=float(ind["score"]), part=known.part if known else None,
            rule=classify(ind["score"], scoring),
        ))
    return out


def computed_parts(indicators: Iterable[Mapping[str, Any]], rules: YearRules) -> dict[str, float]:
    """Part score = mean of its indicators, for parts whose indicators all have a score."""
    by_no = {i.get("no"): i.get("score") for i in indicators}
    out = {}
    for part in PARTS:
        nos = [d.no for d in rules.indicators if d.part == part]
        scores = [by_no.get(n) for n in nos]
        if nos and all(s is not None for s in scores):
            out[part] = mean(float(s) for s in scores)  # type: ignore[arg-type]
    return out


def computed_total(parts: Mapping[str, float], rules: YearRules) -> float | None:
    if any(p not in parts for p in rules.weights):
        return None
    return sum(parts[p] * w for p, w in rules.weights.items())


def effective_parts(results: Mapping[str, Any], rules: YearRules | None) -> dict[str, float]:
    """One score per part: stated (EIT parts averaged when only they are given), else computed."""
    out = {p: mean(v) if p == "eit" and results.get("eit") is None else v[0]
           for p, v in part_values(results).items()}
    if rules:
        for p, v in computed_parts(results.get("indicators") or [], rules).items():
            out.setdefault(p, v)
    return out


# ---------------------------------------------------------------------------------------------
# Question ids

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_QID_RE = re.compile(r"^([ieo])(\d{1,2})$")


def normalize_qid(raw: Any) -> str | None:
    """'O๑๖' → 'o16', 'ข้อ e3' → 'e3', '๐33' (Thai zero typed for o) → 'o33'; None if not an id."""
    if raw is None:
        return None
    s = re.sub(r"\s+", "", str(raw)).removeprefix("ข้อ")
    if s.startswith("๐") and len(s) > 1:
        s = "o" + s[1:]
    s = s.translate(_THAI_DIGITS).lower()
    m = _QID_RE.match(s)
    return f"{m.group(1)}{int(m.group(2))}" if m else None


def question_part(qid: str) -> str | None:
    return {"i": "iit", "e": "eit", "o": "oit"}.get(qid[:1]) if qid else None


def item_of_question(qid: str | None) -> str | None:
    """'o16' → 'O16' (the OIT item the question scores); None for i/e questions."""
    q = normalize_qid(qid)
    return f"O{q[1:]}" if q and q.startswith("o") else None


def question_scores(results: Mapping[str, Any] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for q in (results or {}).get("questions") or []:
        qid = normalize_qid(q.get("id"))
        if qid and q.get("score") is not None:
            out.setdefault(qid, float(q["score"]))
    return out


def question_texts(results: Mapping[str, Any] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for q in (results or {}).get("questions") or []:
        qid = normalize_qid(q.get("id"))
        if qid and q.get("text"):
            out.setdefault(qid, q["text"])
    return out


def parse_qids(text: str | None) -> list[str]:
    """'e2, E๓ และ o15' → ['e2', 'e3', 'o15'] (unrecognised words are dropped)."""
    if not text:
        return []
    out = []
    for token in re.split(r"[,\s/;]+|และ", str(text)):
        q = normalize_qid(token)
        if q and q not in out:
            out.append(q)
    return out


def _title_key(s: str) -> str:
    return re.sub(r"[\s*]+|พ\.ศ\.|\d{4}|[๐-๙]{4}", "", s or "")


def same_title(a: str | None, b: str | None, ratio: float = 0.85) -> bool:
    """Item/question titles as printed by different years and agencies ('ข้อมูลผู้บริหาร*', 'Q&A')."""
    if not a or not b:
        return False
    ka, kb = _title_key(a), _title_key(b)
    return bool(ka and kb) and (ka == kb or difflib.SequenceMatcher(None, ka, kb).ratio() >= ratio)


def item_by_title(items: Iterable[Any], title: str | None) -> Any | None:
    """The catalog item whose title is (nearly) ``title``; the closest one when several are."""
    if not title:
        return None
    best, best_ratio = None, 0.0
    for it in items:
        if same_title(it.title, title):
            r = difflib.SequenceMatcher(None, _title_key(it.title), _title_key(title)).ratio()
            if r > best_ratio:
                best, best_ratio = it, r
    return best


def _catalog(year: int) -> Any | None:
    from oitsite.model.catalog import CatalogError, load_catalog  # the catalog module imports codes, not us

    try:
        return load_catalog(year)
    except CatalogError:
        return None


def previous_question(item_id: str, year: int, results: Mapping[str, Any] | None = None) -> str | None:
    """The question id (``o16``) that scored item ``item_id`` of assessment ``year`` in the ITA of ``year - 1``.

    Items are renumbered between years (O34 of 2567 is O27 of 2568), so the same number is not
    the same item. With both years' catalogs, the item of ``year - 1`` with the same topics
    (or, failing that, the same title) is the one; without a catalog for ``year - 1``, the
    question in ``results`` whose text is the item's title. None when it cannot be told.
    """
    current = _catalog(year)
    item = current.item(item_id) if current is not None else None
    if item is None:
        return None
    previous = _catalog(year - 1)
    if previous is not None:
        topics = {r.topic for r in item.topics}
        same = [i for i in previous.items if {r.topic for r in i.topics} == topics]
        match = (same[0] if len(same) == 1 else item_by_title(same, item.title)) if same else None
        match = match or item_by_title(previous.items, item.title)
        if match is None:
            return None
        # items merged or split between years: the previous item scores only its closest successor
        siblings = [i for i in current.items if {r.topic for r in i.topics} == {r.topic for r in match.topics}]
        if len(siblings) > 1:
            ratio = lambda i: difflib.SequenceMatcher(None, _title_key(i.title), _title_key(match.title)).ratio()  # noqa: E731
            if max(siblings, key=ratio) is not item:
                return None
        return f"o{match.number}"
    texts = question_texts(results)
    own = f"o{item.number}"
    if same_title(texts.get(own), item.title):
        return own
    for qid, text in texts.items():
        if qid.startswith("o") and same_title(text, item.title):
            return qid
    return None


def last_year_score(agency_topic_getter: TopicGetter, item_id: str, year: int,
                    *, previous_item_id: str | None = None) -> float | None:
    """The score item ``item_id`` of assessment ``year`` got in the ITA results of fiscal year ``year - 1``.

    ``agency_topic_getter(topic_id, fiscal_year)`` returns validated topic data or None (the
    signature of ``RenderCtx.topic``). Items are renumbered between assessment years: the
    question is found by :func:`previous_question`, or given as ``previous_item_id``.
    """
    results = agency_topic_getter("ita-results", year - 1)
    if not results:
        return None
    if previous_item_id:
        m = re.fullmatch(r"[Oo](\d{1,2})", previous_item_id.strip())
        qid = f"o{int(m.group(1))}" if m else None
    else:
        qid = previous_question(item_id, year, results)
    return question_scores(results).get(qid) if qid else None


# ---------------------------------------------------------------------------------------------
# History across years


@dataclass(frozen=True)
class HistoryPoint:
    year: int
    total: float
    level: str | None
    source: str  # "data" (an ita-results file) or "history" (a row of another year's history list)


def history(get_topic: TopicGetter, until_year: int, span: int = 10,
            scoring: Scoring | None = None) -> list[HistoryPoint]:
    """Total scores of fiscal years ``until_year - span + 1 … until_year``, oldest first.

    A year's own ita-results file wins over a ``history`` row in another year's file.
    """
    points: dict[int, HistoryPoint] = {}
    rows: dict[int, HistoryPoint] = {}
    for y in range(until_year - span + 1, until_year + 1):
        data = get_topic("ita-results", y)
        if not data:
            continue
        if data.get("total") is not None:
            level = data.get("level") or results_grade(data, y, scoring)
            points[y] = HistoryPoint(y, float(data["total"]), level, "data")
        for row in data.get("history") or []:
            ry = row.get("year")
            if ry is None or row.get("total") is None or not until_year - span < ry <= until_year:
                continue
            level = row.get("level") or grade(row["total"], ry, None, scoring)
            rows.setdefault(ry, HistoryPoint(ry, float(row["total"]), level, "history"))
    for y, p in rows.items():
        points.setdefault(y, p)
    return [points[y] for y in sorted(points)]


# ---------------------------------------------------------------------------------------------
# The analysis by issue


@dataclass(frozen=True)
class QuestionView:
    id: str  # normalised when recognisable, else as written
    text: str
    score: float | None
    part: str | None
    item_id: str | None
    finding: str = ""


@dataclass(frozen=True)
class IssueView:
    no: int | None
    title: str
    questions: tuple[QuestionView, ...]
    record: Mapping[str, Any]


def issues_with_scores(measures: Mapping[str, Any], results: Mapping[str, Any] | None,
                       results_year: int | None, scoring: Scoring | None = None) -> list[IssueView]:
    """The issues of an ita-measures record, each question completed from last year's results.

    An issue that lists no questions gets those the year's issue set maps to it (with the scores
    of ``results``); a question without a score or text takes them from ``results``.
    """
    rules = (scoring or load_scoring()).for_year(results_year)
    scores, texts = question_scores(results), question_texts(results)
    out = []
    for issue in measures.get("issues") or []:
        known = rules.issue(issue.get("no")) if rules else None
        listed = issue.get("questions") or [{"id": q} for q in (known.questions if known else ())
                                             if q in scores]
        views = []
        for q in listed:
            qid = normalize_qid(q.get("id")) or str(q.get("id") or "")
            score = q.get("score")
            views.append(QuestionView(
                id=qid, text=q.get("text") or texts.get(qid, ""),
                score=float(score) if score is not None else scores.get(qid),
                part=question_part(qid) if normalize_qid(qid) else None,
                item_id=item_of_question(qid), finding=q.get("finding") or "",
            ))
        title = issue.get("title") or (known.title if known else "")
        out.append(IssueView(issue.get("no"), title, tuple(views), issue))
    return out


def status_counts(records: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """{'done': n, 'in_progress': n, 'not_started': n, 'unknown': n} (every key present)."""
    counts = {k: 0 for k in (*STATUS_LABELS, "unknown")}
    for r in records:
        counts[r.get("status") if r.get("status") in STATUS_LABELS else "unknown"] += 1
    return counts


#: A ticked / an empty box as reports print them: Unicode marks, or the HTML a PDF-to-text
#: conversion leaves (``<input checked="" type="checkbox"/> ดำเนินการ``).
_TICKED = r"(?:[☑☒✅✓✔■▣]|<input\b[^>]*\bchecked\b[^>]*>)"
_BOX = r"(?:[☐□▢]|<input\b(?![^>]*\bchecked\b)[^>]*>)"
_MARK_RE = re.compile(rf"({_TICKED}|{_BOX})\s*([^☑☒✅✓✔■▣☐□▢<\-–(\n]*)")
#: status words, most specific first: "ยังไม่ได้ดำเนินการ" and "อยู่ระหว่างดำเนินการ" contain "ดำเนินการ"
_STATUS_WORDS = (
    ("not_started", ("ยังไม่ได้ดำเนินการ", "ยังไม่ดำเนินการ", "ไม่ได้ดำเนินการ")),
    ("in_progress", ("อยู่ระหว่างดำเนินการ", "ระหว่างดำเนินการ", "กำลังดำเนินการ", "อยู่ระหว่าง")),
    ("done", ("ดำเนินการแล้วเสร็จ", "ดำเนินการแล้ว", "แล้วเสร็จ", "เสร็จสิ้น", "ดำเนินการเรียบร้อย")),
)


def _status_word(text: str) -> str | None:
    text = " ".join(text.split())
    for key, words in _STATUS_WORDS:
        if any(w in text for w in words):
            return key
    # the two-box form "☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ": a bare "ดำเนินการ" ticked is "done"
    return "done" if text.startswith("ดำเนินการ") else None


def status_from_report(text: str) -> str | None:
    """The status a printed report states (a ``status`` key of STATUS_LABELS), or None.

    Reads ticked boxes first (☑/☐ or HTML checkboxes: the ticked label counts, the empty ones do
    not), else status words ("ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ได้ดำเนินการ"…).
    In the two-box form of the progress reports (seed 004: "☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ")
    a ticked "ดำเนินการ" means done, never "in progress"."""
    marks = _MARK_RE.findall(text)
    if marks:
        ticked = [label for mark, label in marks if re.fullmatch(_TICKED, mark)]
        found = {_status_word(label) for label in ticked} - {None}
        return found.pop() if len(found) == 1 else None
    return _status_word(text)


# ---------------------------------------------------------------------------------------------
# Consistency checks (for oitsite.check.validate). Seeds contradict themselves; data stays faithful
# and these say where.


@dataclass(frozen=True)
class Inconsistency:
    """One finding. Suggested code: ``oit.ita-inconsistent`` (warning, content)."""

    path: tuple  # within the topic's data, e.g. ('indicators', 3, 'score')
    message_th: str
    message_en: str
    fix_th: str = ""


def _similar(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\s+|ของทาง|ของ|ระบบ|ปัญหา", "", s)  # noqa: E731 - wording varies by year
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio() >= 0.8


def _n(x: float) -> str:
    return f"{x:.2f}"


def check_results(results: Mapping[str, Any], year: int, scoring: Scoring | None = None) -> list[Inconsistency]:
    """Contradictions inside one year's ita-results data."""
    scoring = scoring or load_scoring()
    rules = scoring.for_year(year)
    out: list[Inconsistency] = []
    for key in ("total", *PARTS, "eit_part1", "eit_part2"):
        v = results.get(key)
        if v is not None and not 0 <= v <= 100:
            out.append(Inconsistency((key,), f"คะแนน {_n(v)} อยู่นอกช่วง 0–100", f"score {v} outside 0–100",
                                     "ตรวจสอบคะแนนกับประกาศผลจากระบบ ITAS"))
    indicators = results.get("indicators") or []
    seen: set[int] = set()
    for i, ind in enumerate(indicators):
        no, score = ind.get("no"), ind.get("score")
        if score is not None and not 0 <= score <= 100:
            out.append(Inconsistency(("indicators", i, "score"), f"คะแนนตัวชี้วัด {_n(score)} อยู่นอกช่วง 0–100",
                                     f"indicator score {score} outside 0–100"))
        if no is None:
            continue
        if no in seen:
            out.append(Inconsistency(("indicators", i, "no"), f"ตัวชี้วัดที่ {no} ซ้ำกัน",
                                     f"indicator {no} appears twice", "แต่ละตัวชี้วัดใส่ได้ครั้งเดียว"))
        seen.add(no)
        known = rules.indicator(no) if rules else None
        if rules and known is None:
            out.append(Inconsistency(("indicators", i, "no"), f"ปี {year} ไม่มีตัวชี้วัดที่ {no}",
                                     f"no indicator {no} in {year}",
                                     f"ตัวชี้วัดปี {year}: " + ", ".join(str(d.no) for d in rules.indicators)))
        elif known and ind.get("name") and not _similar(ind["name"], known.name):
            out.append(Inconsistency(
                ("indicators", i, "name"),
                f"ตัวชี้วัดที่ {no} ชื่อ '{ind['name']}' ไม่ตรงกับเกณฑ์ปี {year} ('{known.name}')",
                f"indicator {no} is named {ind['name']!r}; the {year} framework says {known.name!r}",
                "ตรวจสอบว่าใส่เลขตัวชี้วัดถูกต้อง (ไม่ใช่ลำดับที่ในตารางเรียงคะแนน)"))
    qseen: set[str] = set()
    for i, q in enumerate(results.get("questions") or []):
        qid = normalize_qid(q.get("id"))
        if qid is None:
            out.append(Inconsistency(("questions", i, "id"), f"'{q.get('id')}' ไม่ใช่รหัสข้อคำถาม",
                                     f"{q.get('id')!r} is not a question id", "ใช้รูปแบบ i1, e3, o16"))
        elif qid in qseen:
            out.append(Inconsistency(("questions", i, "id"), f"ข้อ {qid} ซ้ำกัน", f"question {qid} twice"))
        if qid:
            qseen.add(qid)
    if rules is None:
        return out
    parts = computed_parts(indicators, rules)
    for p, v in parts.items():
        stated = results.get(p)
        if stated is not None and abs(stated - v) > TOLERANCE:
            out.append(Inconsistency(
                (p,), f"คะแนน {p.upper()} {_n(stated)} ไม่ตรงกับค่าเฉลี่ยของตัวชี้วัด ({_n(v)})",
                f"{p.upper()} {stated} differs from the mean of its indicators ({v:.2f})"))
    eff = effective_parts(results, rules)
    total, expected = results.get("total"), computed_total(eff, rules)
    if total is not None and expected is not None and abs(total - expected) > TOLERANCE:
        weights = " + ".join(f"{p.upper()}×{w:g}" for p, w in rules.weights.items())
        out.append(Inconsistency(("total",), f"คะแนนรวม {_n(total)} ไม่ตรงกับ {weights} = {_n(expected)}",
                                 f"total {total} differs from the weighted parts ({expected:.2f})"))
    level, computed = results.get("level"), results_grade(results, year, scoring)
    if level and computed and level.strip() != computed:
        out.append(Inconsistency(("level",), f"ระดับ '{level}' ไม่ตรงกับเกณฑ์ปี {year} (คะแนน {_n(total)} = {computed})",
                                 f"level {level!r}; the {year} scale gives {computed!r}"))
    scores = question_scores(results)
    by_no = {i.get("no"): i.get("score") for i in indicators}
    for no, qids in rules.indicator_questions.items():
        if by_no.get(no) is not None and all(q in scores for q in qids):
            v = mean(scores[q] for q in qids)
            if abs(v - by_no[no]) > TOLERANCE:
                out.append(Inconsistency(
                    ("indicators",), f"ตัวชี้วัดที่ {no} ({_n(by_no[no])}) ไม่ตรงกับค่าเฉลี่ยข้อ {', '.join(qids)} ({_n(v)})",
                    f"indicator {no} differs from the mean of {qids} ({v:.2f})"))
    return out


def check_measures(measures: Mapping[str, Any], results: Mapping[str, Any] | None, results_year: int,
                   scoring: Scoring | None = None) -> list[Inconsistency]:
    """Contradictions between an ita-measures record and the results it analyses."""
    rules = (scoring or load_scoring()).for_year(results_year)
    scores = question_scores(results)
    out: list[Inconsistency] = []
    for i, issue in enumerate(measures.get("issues") or []):
        known = rules.issue(issue.get("no")) if rules else None
        if rules and rules.issues and known is None:
            out.append(Inconsistency(("issues", i, "no"), f"ไม่มีประเด็นที่ {issue.get('no')} (มี 1–{len(rules.issues)})",
                                     f"no issue {issue.get('no')}"))
        if known and issue.get("title") and not _similar(issue["title"], known.title):
            out.append(Inconsistency(("issues", i, "title"),
                                     f"ประเด็นที่ {known.no} ชื่อไม่ตรงกับเกณฑ์ ('{known.title}')",
                                     f"issue {known.no} title differs from {known.title!r}"))
        for j, q in enumerate(issue.get("questions") or []):
            qid = normalize_qid(q.get("id"))
            if qid is None:
                out.append(Inconsistency(("issues", i, "questions", j, "id"), f"'{q.get('id')}' ไม่ใช่รหัสข้อคำถาม",
                                         f"{q.get('id')!r} is not a question id", "ใช้รูปแบบ i1, e3, o16"))
                continue
            if q.get("score") is not None and qid in scores and abs(q["score"] - scores[qid]) > TOLERANCE:
                out.append(Inconsistency(
                    ("issues", i, "questions", j, "score"),
                    f"ข้อ {qid} คะแนน {_n(q['score'])} ไม่ตรงกับผลการประเมินปี {results_year} ({_n(scores[qid])})",
                    f"question {qid} score differs from the {results_year} results"))
            if known and known.questions and qid not in known.questions:
                home = rules.issue_of_question(qid) if rules else None
                where = f"อยู่ในประเด็นที่ {home}" if home else "ไม่อยู่ในประเด็นใด"
                out.append(Inconsistency(("issues", i, "questions", j, "id"),
                                         f"ข้อ {qid} ไม่ใช่ข้อคำถามของประเด็นที่ {known.no} ({where} ตามแบบวิเคราะห์ปี {results_year})",
                                         f"question {qid} does not belong to issue {known.no}"))
    return out


def check_progress(progress: Mapping[str, Any], plan: Mapping[str, Any] | None) -> list[Inconsistency]:
    """Measures of this year's plan (ita-measures) with no entry in the progress report."""
    if not plan:
        return []
    reported = [re.sub(r"\W+", "", m.get("title") or "") for m in progress.get("measures") or []]
    out = []
    for i, m in enumerate(plan.get("measures") or []):
        title = re.sub(r"\W+", "", m.get("title") or "")
        if title and not any(r and (title in r or r in title or _similar(title, r)) for r in reported):
            short = (m.get("title") or "").strip().splitlines()[0][:60]
            out.append(Inconsistency(("measures", i), f"มาตรการ '{short}' ยังไม่มีในรายงานผลการดำเนินการ",
                                     "a planned measure has no progress entry",
                                     "เพิ่มมาตรการนี้ใน ita-progress พร้อมสถานะ"))
    return out


#: Agency-type prefixes that are always followed by the agency's place name ("องค์การบริหารส่วนตำบลอโศก");
#: abbreviations count only when written against the name ("อบต.บ้านบ่อ", not "ปลัด อบต. ทุกไตรมาส").
_ORG_RE = re.compile(r"(องค์การบริหารส่วนตำบล|องค์การบริหารส่วนจังหวัด|เทศบาลตำบล|เทศบาลเมือง|เทศบาลนคร"
                     r"|อบต\.|อบจ\.|ทต\.|ทม\.|ทน\.)(\s?)([ก-๙]+)")
_ORG_FULL = {"องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร"}
#: Words that follow an agency type without naming an agency ("องค์การบริหารส่วนตำบลทั่วประเทศ").
_GENERIC_AFTER = ("ทั่ว", "ทุก", "แห่ง", "อื่น", "ใน", "และ", "หรือ", "ต่าง", "ที่", "นั้น", "นี้", "ซึ่ง", "ให้",
                  "ของ", "จำนวน", "ประเภท", "เป็น", "มี", "ได้", "จะ", "กับ", "เพื่อ", "โดย", "ตาม")


def agency_place(info: Mapping[str, Any]) -> str | None:
    """'องค์การบริหารส่วนตำบลอโศก' → 'อโศก' (the part of the agency's name after its type)."""
    name = re.sub(r"\s+", "", str(info.get("name_th") or ""))
    m = _ORG_RE.match(name)
    return m.group(3) if m else None


def check_agency_name(data: Any, info: Mapping[str, Any], path: tuple = ()) -> list[Inconsistency]:
    """Another agency's name in the text (a template copied from a neighbour: seed 000's
    'อบต.บ้านป้อม' in อบต.บ้านบ่อ's measures, seed 004's 'ปลัดองค์การบริหารส่วนตำบลอึ้น' signing for อโศก)."""
    place = agency_place(info)
    if not place:
        return []
    out: list[Inconsistency] = []
    if isinstance(data, Mapping):
        for k, v in data.items():
            out += check_agency_name(v, info, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += check_agency_name(v, info, (*path, i))
    elif isinstance(data, str):
        seen: set[str] = set()
        for m in _ORG_RE.finditer(data):
            kind, space, word = m.groups()
            if (space and kind not in _ORG_FULL) or word.startswith(place) or word.startswith(_GENERIC_AFTER):
                continue
            other = word[: max(len(place), 3) + 2]
            if other in seen:
                continue
            seen.add(other)
            out.append(Inconsistency(
                path, f"ข้อความมีชื่อหน่วยงานอื่น '{kind}{space}{other}…' (หน่วยงานนี้คือ {info.get('name_th')})",
                f"text names another agency ({kind}{other}…), not {info.get('name_th')}",
                "ตรวจสอบว่าคัดลอกข้อความจากแบบฟอร์มของหน่วยงานอื่นมาหรือไม่ แล้วแก้ชื่อหน่วยงานให้ถูกต้อง"))
    return out


ITA_TOPICS = ("ita-results", "ita-measures", "ita-progress")


def consistency(agency: Any, scoring: Scoring | None = None) -> list[tuple[Any, Inconsistency]]:
    """Every contradiction in an agency's ITA data: (TopicData, Inconsistency) pairs.

    ``agency`` is an :class:`oitsite.model.agency.Agency`. Checks: results against the year's scoring
    rules, each analysis against the results it analyses, each progress report against that
    year's plan, and other agencies' names left in the text.
    """
    scoring = scoring or load_scoring()
    out: list[tuple[Any, Inconsistency]] = []
    for (topic, year), td in sorted(agency.topics.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        if topic not in ITA_TOPICS or year is None or td.data is None:
            continue
        data = td.data
        found: list[Inconsistency] = []
        if topic == "ita-results":
            found += check_results(data, year, scoring)
        elif topic == "ita-measures":
            found += check_measures(data, agency.data("ita-results", year - 1), year - 1, scoring)
        else:
            found += check_progress(data, agency.data("ita-measures", year))
        found += check_agency_name(data, agency.info)
        out += [(td, f) for f in found]
    return out


def findings(agency: Any, code: Any) -> list[Any]:
    """:func:`consistency` as :class:`oitsite.findings.Finding` objects (file, line, Thai message, fix)
    with ``code`` — for ``oitsite.check.validate.check`` (``Code.ITA_INCONSISTENT``, a warning)."""
    from oitsite.findings import Finding

    out = []
    for td, inc in consistency(agency):
        line, col = td.pos(inc.path)
        out.append(Finding(code, inc.message_th, inc.message_en, file=td.file, line=line, column=col,
                           fix_th=inc.fix_th))
    return out

"""The check's findings arranged for people (issue 15): grouped by O-item, most important first,
each problem once with the count of its repeats, and a table per year of what is complete.

Pure: takes the checked site's reports, returns data; ``oitsite.cli.common`` prints it. The same
digest serves ``check`` and a refused ``build``, so both count the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oitsite.check.validate import UNREADABLE, Report
from oitsite.findings import Code, Finding, dedupe

SEVERITY_RANK = {"error": 0, "warning": 1, "notice": 2}


def rank(f: Finding) -> int:
    """Most important first: safety errors (never published), errors, warnings, notices."""
    return -1 if f.severity == "error" and f.code.info.kind == "safety" else SEVERITY_RANK[f.severity or "error"]
#: codes whose messages differ only by the text found (each placeholder quotes its own): counted
#: per file, one line with the number of places
COUNT_PER_FILE = {Code.PLACEHOLDER}


@dataclass
class Problem:
    """One problem as shown: the first finding and every other place with the same problem."""

    finding: Finding
    places: list[Finding] = field(default_factory=list)  # every occurrence, the first included

    @property
    def count(self) -> int:
        return len(self.places)

    @property
    def lines(self) -> list[int]:
        return sorted({f.line for f in self.places if f.line})


@dataclass
class Group:
    """The problems of one O-item of one year (``item`` None: the agency's general files)."""

    year: int | None
    item: str | None
    title: str
    problems: list[Problem] = field(default_factory=list)
    #: the same problems named by other years' catalogs: {year: [items]}
    also: dict[int, list[str]] = field(default_factory=dict)

    @property
    def rank(self) -> int:
        return min(rank(p.finding) for p in self.problems)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "notice": 0}
        for p in self.problems:
            out[p.finding.severity or "error"] += p.count
        return out


@dataclass
class YearRow:
    year: int
    items: int
    met: int
    partial: int
    missing: int
    incomplete_items: list[str]
    errors: int
    warnings: int


@dataclass
class Digest:
    groups: list[Group]
    years: list[YearRow]
    findings: list[Finding]  # every finding once (what the counts count)
    unreadable: list[str]  # data files that could not be read
    safety: int  # safety errors (never relaxed by --allow-incomplete)
    content: int  # content errors (relaxed by --allow-incomplete)
    errors: int  # every error (content, safety and input: wrong types, unreadable files…)


def _problem_key(f: Finding) -> tuple:
    message = f.code.info.title_th if f.code in COUNT_PER_FILE else f.message_th
    return (f.severity, f.code, f.file, message, f.fix_th, tuple(f.items))


def digest(reports: dict[int, Report] | None, findings: list[Finding] | None = None) -> Digest:
    """``reports`` by year (newest shown first), or only ``findings`` when nothing could be
    checked (no agency.yaml, no catalog)."""
    reports = reports or {}
    order: dict[tuple[int | None, str | None], int] = {}
    titles: dict[tuple[int | None, str | None], str] = {}
    per_year: list[tuple[int | None, list[Finding]]] = []
    for year in sorted(reports, reverse=True):
        rep = reports[year]
        if rep.catalog is not None:
            for n, item in enumerate(rep.catalog.items):
                order[(year, item.id)] = n
                titles[(year, item.id)] = item.title
        per_year.append((year, rep.findings))
    if findings is not None and not reports:
        per_year.append((None, findings))

    groups: dict[tuple[int | None, str | None], Group] = {}
    problems: dict[tuple, Problem] = {}
    seen: dict[tuple, tuple[int | None, str | None]] = {}  # dedupe key -> group it went to
    everything: list[Finding] = []
    for year, found in per_year:
        for f in found:
            key = f.dedupe_key()
            if key in seen:  # the same file problem, named by an older year's catalog
                g = groups[seen[key]]
                if year is not None and f.items and year != g.year:
                    named = g.also.setdefault(year, [])
                    named += [i for i in f.items if i not in named]
                continue
            everything.append(f)
            gkey = (year, f.items[0]) if f.items and (year, f.items[0]) in order else (None, None)
            seen[key] = gkey
            group = groups.get(gkey)
            if group is None:
                group = groups[gkey] = Group(gkey[0], gkey[1], titles.get(gkey, ""))
            pkey = (gkey, *_problem_key(f))
            if pkey in problems:
                problems[pkey].places.append(f)
            else:
                problems[pkey] = Problem(f, [f])
                group.problems.append(problems[pkey])

    for g in groups.values():
        g.problems.sort(key=lambda p: (rank(p.finding), p.finding.sort_key()))
    ranked = sorted(groups.values(), key=lambda g: (
        g.rank, g.item is not None, -(g.year or 0), order.get((g.year, g.item), 0)))

    rows = []
    for year in sorted(reports):
        rep = reports[year]
        if rep.catalog is None:
            continue
        st = rep.statuses
        errors = sum(f.severity == "error" for f in rep.findings)
        warnings = sum(f.severity == "warning" for f in rep.findings)
        rows.append(YearRow(year, len(st), sum(s.status == "met" for s in st), sum(s.status == "partial" for s in st),
                            sum(s.status == "missing" for s in st), [s.item.id for s in st if s.status != "met"],
                            errors, warnings))
    everything = dedupe(everything)
    unreadable = sorted({f.file for f in everything if f.code in UNREADABLE and f.file})
    errors = [f for f in everything if f.severity == "error"]
    return Digest(ranked, rows, everything, unreadable, sum(f.code.info.kind == "safety" for f in errors),
                  sum(f.code.info.kind == "content" for f in errors), len(errors))

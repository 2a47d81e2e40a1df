"""What an agency still has to supply under a newer year's catalog (``oitsite diff-years --agency``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from oitsite.model.catalog import Catalog
from oitsite.model.yeardiff import _elements_by_topic, _full_text, _label, _norm, _norm_rules, _req_sig, _rules_sig


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
    from oitsite.check.validate import check

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

"""Placeholders are never data (issue 13): a value still holding the scaffold's ``((กรอก: …))``
is missing, and a record made only of placeholders is not a record — for evaluation (has_record,
min_count, every element), totals and everything else that reads the loaded agency."""

from __future__ import annotations

from pathlib import Path

import pytest

from oitsite.authoring import scaffold
from oitsite.model.agency import load_agency
from oitsite.model.catalog import available_years, load_catalog
from oitsite.model.evaluate import evaluate
from oitsite.model.placeholders import holds_placeholder, is_placeholder, without_placeholders
from oitsite.model.summaries import complaint_summary, procurement_summary

P = "((กรอก: ชื่อ))"


def test_values_and_records_made_of_placeholders_are_removed():
    data = {"title": P, "note": "จริง", "records": [{"name": P, "unit": P}, {"name": "นายก", "unit": P}, {"name": P, "n": 0}]}
    out = without_placeholders(data)
    assert out == {"note": "จริง", "records": [{"name": "นายก"}, {"n": 0}]}
    assert data["records"][0] == {"name": P, "unit": P}, "the loaded raw data is not changed"
    assert without_placeholders({"records": [{"a": P, "b": [{"c": P}]}]}) == {"records": []}
    assert without_placeholders({"a": P}) == {} and without_placeholders(None) is None
    assert is_placeholder("ชื่อ ((กรอก: นามสกุล))") and not is_placeholder("(หมายเหตุ)") and not is_placeholder(3)
    assert holds_placeholder([{"x": [P]}]) and not holds_placeholder({"x": ["ok"]})


def _agency(tmp: Path, files: dict[str, str]) -> Path:
    (tmp / "agency.yaml").write_text(
        "name_th: อบต.ทดสอบ\ntype: sao\nsite_url: https://example.go.th\ncurrent_year: 2569\nyears: [2569]\n"
        f"name_en: '{P}'\n", encoding="utf-8")
    for rel, text in files.items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text(text, encoding="utf-8")
    return tmp


def _met(root: Path, year: int, item: str) -> list[bool]:
    agency, _ = load_agency(root)
    st = next(s for s in evaluate(agency, load_catalog(year)) if s.item.id == item)
    return [e.met for e in st.elements]


def test_a_template_complaint_record_does_not_meet_o18(tmp_path: Path):
    """The issue's case: O18 showed "ครบ 4/4" from the untouched template record."""
    root = _agency(tmp_path, {"data/2568/complaint-stats.yaml": f"records:\n  - subject: '{P}'\n"})
    assert not any(_met(root, 2569, "O18"))
    agency, _ = load_agency(root)
    assert agency.data("complaint-stats", 2568) == {"records": []}
    assert complaint_summary(agency.data("complaint-stats", 2568)).source == "none"  # no figures, not 1 complaint
    assert "name_en" not in agency.info, "an unfilled agency.yaml value is no value either"
    # one real record is data: the element is met from it
    (root / "data/2568/complaint-stats.yaml").write_text(
        f"records:\n  - subject: '{P}'\n  - subject: จัดซื้อ\n    received: 2567-11-02\n    status: finished\n",
        encoding="utf-8")
    assert _met(root, 2569, "O18")[0]


def test_min_count_and_totals_skip_template_records(tmp_path: Path):
    root = _agency(tmp_path, {
        "data/2568/ita-progress.yaml": f"measures:\n  - title: '{P}'\n    method: '{P}'\n",
        "data/2569/procurement.yaml": f"records:\n  - name: '{P}'\n    vendor_name: '{P}'\n"
                                      "  - name: ซื้อวัสดุ\n    contract_price: '1,000'\n",
    })
    agency, _ = load_agency(root)
    assert agency.data("ita-progress", 2568) == {"measures": []}
    st = next(s for s in evaluate(agency, load_catalog(2569)) if s.item.id == "O26")
    assert st.met_count == 0
    recs = agency.data("procurement", 2569)["records"]
    assert [r["name"] for r in recs] == ["ซื้อวัสดุ"]
    assert procurement_summary(recs).total.count == 1


@pytest.mark.parametrize("year", available_years())
def test_a_fresh_skeleton_meets_nothing_in_any_year(tmp_path: Path, year: int):
    root = tmp_path / "ban-wang"
    scaffold.create_agency(root, scaffold.AgencyAnswers("ban-wang"), year)
    agency, _ = load_agency(root)
    met = [(s.item.id, e.element.index) for s in evaluate(agency, load_catalog(year)) for e in s.elements if e.met]
    assert met == []


def test_findings_after_a_dropped_template_record_name_the_right_line(tmp_path: Path):
    """Dropping the template record shifts the list; a finding about the real record still names
    that record's line and its position in the file."""
    root = _agency(tmp_path, {"data/executives.yaml": (
        f"members:\n  - name: '{P}'\n    position: '{P}'\n"
        "  - name: นายจริง ใจดี\n    position: นายก\n")})
    from oitsite.check.validate import check

    rep = check(root, 2569)
    photo = next(f for f in rep.findings if f.code.value == "oit.missing-element" and f.path
                 and f.path.startswith("executives.members"))
    assert photo.path.startswith("executives.members[1]") and photo.line == 4
    agency, _ = load_agency(root)
    assert agency.get("executives").pos(("members", 0, "name"))[0] == 4

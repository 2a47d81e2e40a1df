"""Period rules enforced on the data, per element and per record: a record outside the required
fiscal year is a finding at its own line, naming the item and the element; a record dated after an
item's cut-off (O16 2567: contracts signed after 31 March 2567) is not counted for that item, not
shown on its page, and is a notice at its line — the file may rightly hold it (ITA 2568 reports
the whole 2567 procurement year)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from minimal_agency import SOURCE_DATE_EPOCH, apply, make_agency, write_mini_catalog

from oitsite.check.validate import check
from oitsite.cli import main
from oitsite.findings import Code

LATE_CONTRACT = """  - name: จ้างปรับปรุงศาลาประชาคม
    budget: 90000
    source: งบประมาณรายจ่ายประจำปี
    status: ลงนามในสัญญาแล้ว
    method: เฉพาะเจาะจง
    reference_price: 90000
    contract_price: 89000
    vendor_name: ห้างหุ้นส่วนจำกัด ทดสอบพาณิชย์
    project_id: "67049000003"
    contract_date: 15 เมษายน 2567
    contract_end: 30 เมษายน 2567
"""


@pytest.fixture
def agency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OITSITE_CATALOGS", str(write_mini_catalog(tmp_path / "catalogs")))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    return make_agency(tmp_path)


def _line_of(path: Path, text: str) -> int:
    return next(n for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in ln)


def test_a_contract_after_the_cut_off_is_not_counted_and_is_a_notice(agency: Path, capsys) -> None:
    # the late contract lacks vendor_tax_id: were it counted, O16 would miss an element
    apply(agency, {"append": {"path": "data/2567/procurement.yaml", "text": LATE_CONTRACT}})
    rep = check(agency, 2567)
    o16 = next(s for s in rep.statuses if s.item.id == "O16")
    assert o16.status == "met", [e.reasons for e in o16.elements if not e.met]
    slot = o16.slots[0]
    assert [i for i, _ in slot.excluded["records"]] == [2] and str(slot.cutoff) == "2024-03-31"

    assert main(["check", str(agency), "--year", "2567", "--format", "json"]) == 0  # a notice does not fail
    found = [f for f in json.loads(capsys.readouterr().out) if f["code"] == Code.AFTER_CUTOFF.value]
    proc = agency / "data" / "2567" / "procurement.yaml"
    assert len(found) == 1
    f = found[0]
    assert f["severity"] == "notice" and f["items"] == ["O16"]
    assert Path(f["file"]).resolve() == proc.resolve() and f["line"] == _line_of(proc, "contract_date: 15 เมษายน 2567")
    assert f["path"] == "procurement.records[2].contract_date"
    assert "รายการที่ 3 “จ้างปรับปรุงศาลาประชาคม”" in f["message_th"] and "31 มีนาคม 2567" in f["message_th"]
    assert "องค์ประกอบที่" in f["message_th"]  # the element whose rule sets the cut-off


def test_each_record_outside_the_fiscal_year_is_a_finding_at_its_line(agency: Path, capsys) -> None:
    news = agency / "data" / "2567" / "news.yaml"
    apply(agency, {"replace": {"path": "data/2567/news.yaml", "old": "date: 2024-06-01", "new": "date: 2024-10-15"}})
    apply(agency, {"replace": {"path": "data/2567/news.yaml", "old": "date: 15 มกราคม 2567", "new": "date: 15 มกราคม 2566"}})
    assert main(["check", str(agency), "--year", "2567", "--format", "json"]) == 1
    found = [f for f in json.loads(capsys.readouterr().out) if f["code"] == Code.STALE_PERIOD.value and "O5" in f["items"]]
    assert sorted(f["line"] for f in found) == sorted([_line_of(news, "date: 2024-10-15"), _line_of(news, "15 มกราคม 2566")])
    assert {f["path"] for f in found} == {"news.items[0].date", "news.items[1].date"}
    for f in found:
        assert "O5 ข่าวประชาสัมพันธ์: องค์ประกอบ “เป็นข้อมูลข่าวสารที่เกิดขึ้นในปี พ.ศ. 2567”" in f["message_th"]
        assert "ไม่อยู่ในปีงบประมาณ พ.ศ. 2567" in f["message_th"] and f["fix_th"]


def test_previous_year_rules_where_2568_2569_evidence_names_the_year() -> None:
    """criteria-evidence.md: 2568 O19 and 2569 O18/O24 are previous-year data (RTRDA); their
    period elements check each record's date against that year, not "at least one row"."""
    from oitsite.model.catalog import load_catalog

    for year, item_id, path in ((2568, "O19", "complaint-stats.records[].received"),
                                (2569, "O18", "complaint-stats.records[].received"),
                                (2569, "O24", "anticorruption-report.projects[].start")):
        item = load_catalog(year).item(item_id)
        assert [r.year for r in item.topics] == [-1], (year, item_id)
        last = item.elements[-1]
        assert {"rule": "dates_in_fiscal_year", "path": path, "if_any": True} in last.rules, (year, item_id)
        assert not any(r["rule"] == "min_count" for r in last.rules)
        assert "criteria-evidence.md" in last.note

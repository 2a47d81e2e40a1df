"""What legitimately varies between agencies and hosts: the responsible unit per topic (agency.yaml
``units``), footnotes that apply to some agency types (``agency_types`` on an element), and an
override file a host ships to correct a catalog without a release (``ita-<year>.override.yaml``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from minimal_agency import SOURCE_DATE_EPOCH, apply, make_agency, write_mini_catalog

from oitsite.check.site import check_site
from oitsite.check.validate import check
from oitsite.cli import main
from oitsite.findings import Code
from oitsite.model.catalog import CatalogError, Element, load_catalog, parse_catalog
from oitsite.model.schema import load_topics
from oitsite.publish.manifest import build_manifest

UNITS = "units:\n  - topic: procurement\n    unit: กองคลัง (งานพัสดุ)\n  - topic: news\n    unit: งานประชาสัมพันธ์ สำนักปลัด\n"


@pytest.fixture
def agency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    return make_agency(tmp_path)


def test_units_by_topic_survive_renumbering(agency: Path) -> None:
    apply(agency, {"append": {"path": "agency.yaml", "text": UNITS}})
    units = {}
    for year in (2567, 2568):
        rep = check(agency, year)
        assert not [f for f in rep.findings if f.file and f.file.endswith("agency.yaml") and f.severity == "error"]
        units[year] = {st.item.id: st.unit for st in rep.statuses}
    # procurement: O16/O17 in 2567, O12/O13 in 2568 — one line in agency.yaml for both years
    assert units[2567]["O16"] == units[2567]["O17"] == "กองคลัง (งานพัสดุ)"
    assert units[2568]["O12"] == units[2568]["O13"] == "กองคลัง (งานพัสดุ)"
    assert units[2567]["O5"] == units[2568]["O4"] == "งานประชาสัมพันธ์ สำนักปลัด"
    assert units[2567]["O2"] == load_catalog(2567).item("O2").unit  # not named: the catalog's
    site = check_site(agency, [2568])
    man = build_manifest(site, 2568)
    assert next(i for i in man["items"] if i["id"] == "O12")["unit"] == "กองคลัง (งานพัสดุ)"


def test_a_unit_for_an_unknown_topic_is_an_error_at_its_line(agency: Path, capsys) -> None:
    apply(agency, {"append": {"path": "agency.yaml", "text": "units:\n  - topic: O16\n    unit: กองคลัง\n"}})
    main(["check", str(agency), "--year", "2567", "--format", "json", "--allow-incomplete"])
    found = [f for f in json.loads(capsys.readouterr().out) if f["code"] == Code.UNKNOWN_TOPIC.value]
    lines = (agency / "agency.yaml").read_text(encoding="utf-8").splitlines()
    assert [f["line"] for f in found] == [lines.index("  - topic: O16") + 1]
    assert "ไม่ใช่เลขข้อ" in found[0]["fix_th"] and found[0]["path"] == "agency.units[0].topic"


def test_lao_footnotes_apply_by_agency_type(agency: Path) -> None:
    el = Element("กรณีเทศบาลนคร …", [["x.y"]], agency_types=["city_municipality"])
    assert el.applies_to("city_municipality") and not el.applies_to("sao") and el.applies_to("")
    lao = Element("กรณีองค์กรปกครองส่วนท้องถิ่น …", [["x.y"]], agency_types=["lao"])
    assert all(lao.applies_to(t) for t in ("sao", "pao", "town_municipality"))
    o2 = load_catalog(2567).item("O2")
    assert o2.elements[-1].agency_types == ["lao"]  # the political/permanent footnote
    rep = check(agency, 2567)
    st = next(s for s in rep.statuses if s.item.id == "O2")
    assert len(st.elements) == len(o2.elements)  # a sao is an LAO: the footnote is checked


def test_an_element_for_another_agency_type_is_not_asked(agency: Path, tmp_path: Path, monkeypatch) -> None:
    cats = write_mini_catalog(tmp_path / "catalogs")
    raw = yaml.safe_load((cats / "ita-2567.yaml").read_text(encoding="utf-8"))
    o4 = next(it for it in raw["items"] if it["id"] == "O4")
    o4["elements"].append({"text": "กรณีเทศบาลนคร แสดงแผนที่เขตเทศบาล", "requires": ["contact.map_image"],
                           "agency_types": ["city_municipality"]})
    (cats / "ita-2567.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("OITSITE_CATALOGS", str(cats))
    st = next(s for s in check(agency, 2567).statuses if s.item.id == "O4")
    assert "กรณีเทศบาลนคร แสดงแผนที่เขตเทศบาล" not in [e.element.text for e in st.elements]
    apply(agency, {"replace": {"path": "agency.yaml", "old": "type: sao", "new": "type: city_municipality"}})
    st = next(s for s in check(agency, 2567).statuses if s.item.id == "O4")
    assert "กรณีเทศบาลนคร แสดงแผนที่เขตเทศบาล" in [e.element.text for e in st.elements]
    o4["elements"][-1]["agency_types"] = ["police"]
    (cats / "ita-2567.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CatalogError) as exc:
        parse_catalog(cats / "ita-2567.yaml", load_topics())
    assert "agency_types police" in exc.value.findings[0].message_th


OVERRIDE = """\
year: 2567
sources:
  - id: host-2567-fix
    title: หนังสือแจ้งของสำนักงาน ป.ป.ช. (ตัวอย่างในชุดทดสอบ)
    url: https://example.org/nacc-letter
items:
  - id: O16
    source: host-2567-fix
    confidence: high
    unit: กองคลัง งานพัสดุ
    elements:
      - index: 1
        text: งานที่ซื้อหรือจ้าง (ชื่อโครงการ)
        verified: true
      - add: true
        text: เลขที่สัญญาหรือใบสั่งซื้อ
        requires: ["procurement.records[].project_id"]
"""


def test_a_host_override_corrects_a_catalog_without_a_release(agency: Path, tmp_path: Path) -> None:
    before = load_catalog(2567)
    host = agency.parent / "catalogs"  # next to the agency set: agencies/catalogs/
    host.mkdir()
    (host / "ita-2567.override.yaml").write_text(OVERRIDE, encoding="utf-8")
    site = check_site(agency, [2567])
    cat = site.reports[2567].catalog
    o16 = cat.item("O16")
    assert o16.unit == "กองคลัง งานพัสดุ" and len(o16.elements) == len(before.item("O16").elements) + 1
    first, added = o16.elements[0], o16.elements[-1]
    assert first.text == "งานที่ซื้อหรือจ้าง (ชื่อโครงการ)" and first.source == "host-2567-fix" and first.confidence == "high"
    assert first.verified is True and "ita-2567.override.yaml" in first.note
    assert added.text == "เลขที่สัญญาหรือใบสั่งซื้อ" and added.source == "host-2567-fix"
    assert cat.item("O2").elements == before.item("O2").elements  # other items untouched
    man = build_manifest(site, 2567)
    assert man["catalog"]["overrides"] == ["ita-2567.override.yaml"]
    plain = build_manifest(check_site(agency, [2567], catalog_dirs=None), 2567)  # same agency, same override
    assert plain["catalog"]["version"] == man["catalog"]["version"]
    (host / "ita-2567.override.yaml").unlink()
    assert build_manifest(check_site(agency, [2567]), 2567)["catalog"]["version"] != man["catalog"]["version"]


@pytest.mark.parametrize("change, line, words", [
    ("  - id: O99\n    source: host-2567-fix\n    confidence: high\n", 6, "ไม่มีข้อ O99"),
    ("  - id: O16\n    confidence: high\n    unit: x\n", 6, "ต้องระบุ source"),
    ("  - id: O16\n    source: host-2567-fix\n    confidence: sure\n", 8, "confidence"),
    ("  - id: O16\n    source: nobody\n    confidence: low\n", 7, "แหล่งข้อมูล 'nobody'"),
    ("  - id: O16\n    source: host-2567-fix\n    confidence: low\n    elements:\n      - index: 99\n        text: x\n", 10,
     "index ต้องเป็นลำดับองค์ประกอบ"),
    ("  - id: O16\n    source: host-2567-fix\n    confidence: low\n    colour: red\n", 9, "แก้ 'colour'"),
])
def test_a_wrong_override_is_refused_with_its_file_and_line(tmp_path: Path, monkeypatch, change: str, line: int,
                                                            words: str) -> None:
    head = "year: 2567\nsources:\n  - id: host-2567-fix\n    title: t\nitems:\n"
    d = tmp_path / "host"
    d.mkdir()
    (d / "ita-2567.override.yaml").write_text(head + change, encoding="utf-8")
    monkeypatch.setenv("OITSITE_CATALOGS", str(d))
    with pytest.raises(CatalogError) as exc:
        load_catalog(2567)
    f = exc.value.findings[0]
    assert f.code is Code.CATALOG_ERROR and f.file.endswith("ita-2567.override.yaml")
    assert f.line == line and words in f.message_th, (f.line, f.message_th)

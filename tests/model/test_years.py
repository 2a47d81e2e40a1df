"""Every ITA year: catalogs 2567–2569, a synthetic year added as data only, the default year,
year-over-year diffs, archives that stay byte-identical, and ITAS exports consistent with the manifest.

The builds here are real Sphinx builds of the demo agency (slow: about three builds per run).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from minimal_agency import read_page

from oitsite.findings import Code
from oitsite.model.catalog import CatalogError, available_years, default_year, load_catalog, parse_catalog
from oitsite.model.schema import CATALOG_DIR, load_topics

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "agencies" / "demo"
BUNDLED = [2567, 2568, 2569]


@pytest.fixture(autouse=True)
def _bundled_catalogs_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OITSITE_CATALOGS", raising=False)


def raw(year: int) -> dict:
    return yaml.safe_load((CATALOG_DIR / f"ita-{year}.yaml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# The bundled catalogs


def test_bundled_years_and_default() -> None:
    assert available_years() == BUNDLED
    assert default_year() == 2569
    assert [len(load_catalog(y).items) for y in BUNDLED] == [35, 26, 26]  # 2568: O27/O28 removed, no evidence (criteria-evidence.md)


@pytest.mark.parametrize("year", [2568, 2569])
def test_every_item_and_element_names_a_known_source(year: int) -> None:
    data = raw(year)
    ids = {s["id"] for s in data["sources"]}
    assert all(s.get("title") for s in data["sources"])
    cat = load_catalog(year)
    assert [i.id for i in cat.items] == [f"O{n}" for n in range(1, len(cat.items) + 1)]
    for it in cat.items:
        assert it.source.get("title") in ids and it.source.get("elements") in ids, it.id
        assert it.verified is False, it.id  # nothing is checked against the NACC handbook yet
        assert any(n.startswith("ยังไม่ได้ตรวจสอบ") for n in it.notes), it.id
        for el in it.elements:
            assert el.source in ids, (it.id, el.text)


def test_2569_titles_follow_the_public_source() -> None:
    """Titles that RTRDA's ITA 2569 page (rtrda-headings / rtrda-guides) publishes."""
    cat = load_catalog(2569)
    expect = {
        "O1": "โครงสร้าง หน้าที่และอำนาจ",
        "O3": "ข้อมูลการติดต่อและช่องทางการสอบถาม",
        "O8": "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่",
        "O11": "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน",
        "O13": "หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล",
        "O19": "ผลการเปิดโอกาสให้มีส่วนร่วมในการดำเนินงาน",
        "O21": "การประเมินความเสี่ยงการทุจริตในหน่วยงานภาครัฐ",
        "O25": "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
    }
    for iid, title in expect.items():
        assert cat.item(iid).title == title


def test_topic_mapping_across_years() -> None:
    """One 2569 item may show several topics; every topic a 2567 item showed is shown by some
    item of each later year unless the later catalog dropped it on purpose."""
    c67, c68, c69 = (load_catalog(y) for y in BUNDLED)
    o20 = c69.item("O20")
    assert [(r.topic, r.year) for r in o20.topics] == [
        ("no-gift-announcement", 0), ("no-gift-culture", 0), ("no-gift-report", -1)]
    assert [r.topic for r in c69.item("O1").topics] == ["structure", "authority"]
    assert [r.topic for r in c68.item("O21").topics] == ["no-gift-announcement", "no-gift-culture"]
    topics67 = {r.topic for i in c67.items for r in i.topics}
    dropped = {2568: {"procurement-announcements", "no-gift-report", "ita-measures", "ita-results", "ita-progress"},
               2569: {"procurement-announcements", "procurement-plan", "ethical-gifts-report"}}
    for cat in (c68, c69):
        shown = {r.topic for i in cat.items for r in i.topics}
        assert topics67 - shown == dropped[cat.year], cat.year


def test_unknown_source_id_is_a_catalog_error(tmp_path: Path) -> None:
    data = raw(2569)
    data["items"][3]["source"] = {"title": "no-such-source", "elements": "ita-2567"}
    path = tmp_path / "ita-2569.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CatalogError) as exc:
        parse_catalog(path, load_topics())
    f = exc.value.findings[0]
    assert f.code == Code.CATALOG_ERROR and "no-such-source" in f.message_th and f.line


def test_docs_catalogs_md_is_current() -> None:
    from oitsite.publish.catalogdoc import catalogs_markdown

    text = catalogs_markdown()
    assert (ROOT / "docs" / "catalogs.md").read_text(encoding="utf-8") == text, \
        "regenerate: oitsite catalogs --format md > docs/catalogs.md"
    for year in BUNDLED:
        assert f"## {year}: " in text
    assert "| 2569 | 26 | " in text and "| yes | yes |" in text  # 2569 is complete and the default


# ---------------------------------------------------------------------------------------------
# A synthetic year is data only


def synthetic_2570() -> dict:
    """2569 with O1+O2 merged, O10 removed and everything after renumbered."""
    data = copy.deepcopy(raw(2569))
    data["year"] = 2570
    data["title"] = "เกณฑ์ทดสอบ ITA 2570 (สมมติ)"
    items = data["items"]
    o1, o2 = items[0], items[1]
    o1["title"] = "ข้อมูลพื้นฐานและผู้บริหาร"
    o1["topics"] = list(o1["topics"]) + list(o2["topics"])
    o1["elements"] = list(o1["elements"]) + list(o2["elements"])
    kept = [o1] + [it for it in items[2:] if it["id"] != "O10"]
    for n, it in enumerate(kept, 1):
        it["id"] = f"O{n}"
    data["items"] = kept
    return data


@pytest.fixture
def extra_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "catalogs"
    d.mkdir()
    (d / "ita-2570.yaml").write_text(yaml.safe_dump(synthetic_2570(), allow_unicode=True, sort_keys=False),
                                     encoding="utf-8")
    monkeypatch.setenv("OITSITE_CATALOGS", str(d))
    return d


def test_synthetic_year_default_and_incomplete(extra_catalogs: Path) -> None:
    assert available_years() == BUNDLED + [2570]
    assert default_year() == 2570
    draft = synthetic_2570()
    draft.update(year=2571, complete=False)
    (extra_catalogs / "ita-2571.yaml").write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    assert available_years()[-1] == 2571 and load_catalog(2571).complete is False
    assert default_year() == 2570  # the newest *complete* catalog


def test_synthetic_year_check_and_diff(extra_catalogs: Path, capsys: pytest.CaptureFixture) -> None:
    from oitsite.check.validate import check
    from oitsite.cli import main

    rep = check(DEMO, 2570)
    assert rep.catalog is not None and rep.catalog.year == 2570
    assert [s.item.id for s in rep.statuses] == [f"O{n}" for n in range(1, 25)]
    o1 = rep.statuses[0]
    assert [sl.ref.topic for sl in o1.slots] == ["structure", "authority", "executives"]
    assert o1.status == "met"  # standing topics: the same data, a new number
    # current-year data of 2570 does not exist yet: reported, not crashed
    missing = [f for f in rep.findings if f.code == Code.MISSING_ELEMENT]
    assert missing and all(f.severity == "error" for f in missing)
    assert not [f for f in rep.findings if f.code in (Code.CATALOG_ERROR, Code.UNKNOWN_YEAR)]

    assert main(["diff-years", "2569", "2570", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    kinds = {(c["kind"], tuple(c["old"]), tuple(c["new"])) for c in d["items"]}
    assert ("merged", ("O1", "O2"), ("O1",)) in kinds
    assert ("removed", ("O10",), ()) in kinds
    assert ("renumbered", ("O26",), ("O24",)) in kinds
    assert "e-service" in d["topics_dropped"]


@pytest.mark.slow
def test_synthetic_year_builds(extra_catalogs: Path, tmp_path: Path) -> None:
    from sphinx.util.docutils import docutils_namespace

    from oitsite.site.build import build

    out = tmp_path / "site"
    with docutils_namespace():
        res = build(DEMO, out, [2570], allow_incomplete=True)
    assert res.years == [2570]
    man = json.loads((out / "oit" / "2570" / "manifest.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in man["items"]] == [f"O{n}" for n in range(1, 25)]
    page = read_page(out / "oit" / "2570" / "o01.html")
    assert "ข้อมูลพื้นฐานและผู้บริหาร" in page
    assert "แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน" in page  # a 2569 O1 element
    assert "ชื่อ - นามสกุล ตำแหน่ง รูปถ่าย" in page  # a 2569 O2 element, merged in
    assert not (out / "oit" / "2570" / "o25.html").exists()


# ---------------------------------------------------------------------------------------------
# Year diff and what an agency still lacks


def test_diff_2568_2569_real_differences(capsys: pytest.CaptureFixture) -> None:
    from oitsite.cli import main
    from oitsite.model.yeardiff import diff_catalogs

    d = diff_catalogs(load_catalog(2568), load_catalog(2569))
    by_kind: dict[str, list] = {}
    for c in d.items:
        by_kind.setdefault(c.kind, []).append((c.old, c.new))
    assert (["O10", "O11"], ["O10"]) in by_kind["merged"]  # E-Service + service statistics
    assert (["O22"], []) in by_kind["removed"]  # ethical gifts report
    assert (["O21"], ["O20"]) in by_kind["renumbered"]  # No Gift
    assert (["O12"], ["O11"]) in by_kind["renumbered"]
    assert by_kind["retitled"] == [(["O1"], ["O1"]), (["O3"], ["O3"])]
    assert d.topics_dropped == ["ethical-gifts-report", "procurement-plan"]
    assert d.topics_added == ["ita-measures", "ita-progress", "ita-results", "no-gift-report"]
    assert {(p.old_item, p.new_item) for p in d.periods} >= {("O12", "O11"), ("O14", "O13")}
    added = [c for c in d.elements if c.kind == "added" and c.topic == "hr-plan"]
    assert len(added) == 4 and all(c.items == ["O13"] for c in added)

    assert main(["diff-years", "2568", "2569"]) == 0
    out = capsys.readouterr().out
    for th in ("เปรียบเทียบเกณฑ์ ITA 2568 → 2569", "รวมข้อ (1)", "เลขข้อเปลี่ยน",
               "ข้อที่ไม่มีแล้ว (1)", "หัวข้อข้อมูลที่ปี 2569 ไม่ใช้แล้ว", "ช่วงเวลาของข้อมูลที่เปลี่ยน"):
        assert th in out, th


def test_diff_years_errors_in_thai(capsys: pytest.CaptureFixture) -> None:
    from oitsite.cli import main

    assert main(["diff-years", "2569", "2569"]) == 2
    assert "สองปีที่ต่างกัน" in capsys.readouterr().err
    assert main(["diff-years", "2568", "2599"]) == 2
    assert "ไม่มีเกณฑ์ ITA ปี 2599" in capsys.readouterr().err


def test_agency_gaps_mark_what_the_new_year_asks(demo_copy: Path, capsys: pytest.CaptureFixture) -> None:
    from oitsite.check.gaps import agency_gaps
    from oitsite.cli import main

    clean = agency_gaps(DEMO, load_catalog(2569), load_catalog(2568))
    assert (clean.items_met, clean.items_total, clean.elements, clean.files) == (26, 26, [], [])

    hr = demo_copy / "data" / "hr-plan.yaml"
    data = yaml.safe_load(hr.read_text(encoding="utf-8"))
    del data["criteria"]  # the HR criteria are new in 2569 (O13)
    hr.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (demo_copy / "data" / "2568" / "no-gift-report.yaml").unlink()  # 2569 O20 shows the 2568 report

    gaps = agency_gaps(demo_copy, load_catalog(2569), load_catalog(2568))
    assert [(f.file, f.items) for f in gaps.files] == [("data/2568/no-gift-report.yaml", ["O20"])]
    o13 = [m for m in gaps.elements if m.item == "O13"]
    assert len(o13) == 4 and all(m.new_in_year for m in o13)
    o20 = [m for m in gaps.elements if m.item == "O20"]
    assert o20 and all(m.new_in_year for m in o20)  # 2568 asked for no No Gift report
    assert gaps.items_met == 24

    assert main(["diff-years", "2568", "2569", "--agency", str(demo_copy)]) == 0
    out = capsys.readouterr().out
    assert "ยังต้องเตรียมสำหรับเกณฑ์ ITA 2569" in out and "ครบแล้ว 24/26 ข้อ" in out
    assert "data/2568/no-gift-report.yaml" in out
    assert "O13 หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล" in out
    assert "[ใหม่ในปี 2569] การสรรหา คัดเลือก บรรจุ และแต่งตั้งบุคลากร" in out


# ---------------------------------------------------------------------------------------------
# Archives and exports (real builds, SOURCE_DATE_EPOCH fixed)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo built for 2567+2568, then for 2567+2568+2569 (a new year added)."""
    from sphinx.util.docutils import docutils_namespace

    from oitsite.site.build import build

    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    mp.delenv("OITSITE_CATALOGS", raising=False)
    try:
        base = tmp_path_factory.mktemp("years")
        before, after = base / "before", base / "after"
        for out, years in ((before, [2567, 2568]), (after, BUNDLED)):
            with docutils_namespace():  # two Sphinx applications in one process
                build(DEMO, out, years)
    finally:
        mp.undo()
    return before, after


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("year", [2567, 2568])
def test_archives_unchanged_when_a_year_is_added(two_builds: tuple[Path, Path], year: int) -> None:
    before, after = two_builds
    old, new = _files(before / "oit" / str(year)), _files(after / "oit" / str(year))
    assert old and sorted(old) == sorted(new)
    changed = [name for name in old if old[name] != new[name]]
    assert changed == [], f"oit/{year}/ pages changed when 2569 was added: {changed[:5]}"
    page = new["o01.html"].decode("utf-8")
    assert "2569/" not in page  # an archive never links to a newer year


@pytest.mark.slow
def test_home_points_to_current_year(two_builds: tuple[Path, Path]) -> None:
    before, after = two_builds
    for site, current in ((before, 2568), (after, 2569)):
        home = read_page(site / "index.html")
        article = home[home.index("bd-article"):]
        first = re.search(r'href="oit/(\d{4})/index\.html"', article)
        assert first and int(first.group(1)) == current
    new_page = read_page(after / "oit" / "2569" / "o01.html")
    assert "../2567/index.html" in new_page  # the newest year still links to its archives


@pytest.mark.slow
@pytest.mark.parametrize("year", BUNDLED)
def test_itas_export_matches_manifest(two_builds: tuple[Path, Path], year: int,
                                      capsysbinary: pytest.CaptureFixture) -> None:
    from oitsite.cli import main
    from oitsite.publish import manifest as manifest_mod

    _, site = two_builds
    folder = site / "oit" / str(year)
    man = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    cat = load_catalog(year)
    assert man["year"] == year and [i["id"] for i in man["items"]] == [i.id for i in cat.items]
    assert [i["title"] for i in man["items"]] == [i.title for i in cat.items]
    for it in man["items"]:
        assert (site / it["path"]).is_file(), it["path"]
        assert it["path"] == f"oit/{year}/o{int(it['id'][1:]):02d}.html"
    rows = list(csv.reader(io.StringIO((folder / "itas.csv").read_bytes().decode("utf-8-sig"))))
    assert [tuple(r[:3]) for r in rows[1:]] == [tuple(x) for x in manifest_mod.itas_rows(man)]

    assert main(["export", "itas", str(DEMO), "--year", str(year)]) == 0
    assert capsysbinary.readouterr().out == (folder / "itas.csv").read_bytes()
    # the export computes the manifest without Sphinx: the same items, URLs, statuses and elements
    # (generated downloads only exist in a build; last_updated follows SOURCE_DATE_EPOCH)
    keys = ("id", "title", "url", "path", "status", "unit", "period", "topics", "elements")
    exported = manifest_mod.manifest(DEMO, year)
    assert exported["summary"] == man["summary"] and exported["catalog"] == man["catalog"]
    assert [{k: i[k] for k in keys} for i in exported["items"]] == [{k: i[k] for k in keys} for i in man["items"]]

"""The product's spine (issue #2): every catalog item gets a page, elements reflect the data,
URLs and the manifest are stable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from minimal_agency import DEMO, read_page

from oitsite.check.validate import check
from oitsite.cli import main
from oitsite.model.catalog import load_catalog
from oitsite.site.build import build


def test_demo_checks_clean_for_every_year(capsys):
    years = yaml.safe_load((DEMO / "agency.yaml").read_text(encoding="utf-8"))["years"]
    for year in years:
        rep = check(DEMO, year)
        assert rep.errors() == [], "\n".join(f.format() for f in rep.errors()[:10])
        assert all(st.status == "met" for st in rep.statuses), year
    assert main(["check", str(DEMO)]) == 0


def test_every_item_has_a_page_with_its_elements(built_site: Path):
    for year in (2567,):
        catalog = load_catalog(year)
        assert len(catalog.items) == 35
        manifest = json.loads((built_site / "oit" / str(year) / "manifest.json").read_text(encoding="utf-8"))
        assert [it["id"] for it in manifest["items"]] == [f"O{n}" for n in range(1, 36)]
        for item, entry in zip(catalog.items, manifest["items"]):
            page = built_site / "oit" / str(year) / f"o{item.number:02d}.html"
            html = page.read_text(encoding="utf-8")
            assert f'data-oit-item="{item.id}"' in html
            assert html.count("data-oit-element=") == len(item.elements)
            assert entry["path"] == f"oit/{year}/o{item.number:02d}.html"
            assert entry["url"].endswith(entry["path"])
            assert entry["status"] == "met"
            assert {"text", "status"} <= set(entry["elements"][0])
            assert all(e["status"] == "met" for e in entry["elements"])
            # every met element links to an anchor that exists on the page
            for e in entry["elements"]:
                if e["anchor"]:
                    assert f'id="{e["anchor"]}"' in html, (item.id, e["anchor"])
        index = read_page(built_site / "oit" / str(year) / "index.html")
        for item in catalog.items:
            assert f'href="o{item.number:02d}.html"' in index


def test_o16_2567_shows_only_contracts_signed_by_31_march(built_site: Path):
    """The demo's 2567 procurement file holds the whole year; O16 2567 (progress as of 31 March
    2567) shows and counts only the contracts signed by then, with a note; 2568's O13 (the 2567
    annual report) shows them all. Check names each left-out contract as a notice."""
    records = yaml.safe_load((DEMO / "data" / "2567" / "procurement.yaml").read_text(encoding="utf-8"))["records"]
    late = [r["name"] for r in records if str(r["contract_date"]) > "2024-03-31"]
    early = [r["name"] for r in records if str(r["contract_date"]) <= "2024-03-31"]
    assert len(late) == 6 and early
    o16 = read_page(built_site / "oit" / "2567" / "o16.html")
    o13 = read_page(built_site / "oit" / "2568" / "o13.html")
    assert not any(name in o16 for name in late) and all(name in o16 for name in early)
    assert "oit-cutoff-note" in o16 and "ไม่นับ 6 รายการที่ลงวันที่หลังจากนั้น" in o16
    assert all(name in o13 for name in late + early) and "oit-cutoff-note" not in o13
    csv_rows = (built_site / "oit" / "2567" / "o16-procurement-2567-records.csv").read_text(encoding="utf-8-sig")
    assert not any(name in csv_rows for name in late)  # the item's download follows its page
    notices = [f for f in check(DEMO, 2567).findings if f.code.value == "oit.after-cutoff"]
    assert len(notices) == 6 and all(f.items == ["O16"] and f.line for f in notices)


def test_home_points_to_current_year(built_site: Path):
    html = read_page(built_site / "index.html")
    current = yaml.safe_load((DEMO / "agency.yaml").read_text(encoding="utf-8"))["current_year"]
    assert f"oit/{current}/index.html" in html
    assert 'lang="th"' in html


def _read(page: Path) -> str:
    """A page's HTML as read: without the Thai word breaks (oitsite.site.linebreak)."""
    return re.sub(r'<wbr>|<span class="tw">|</span>', "", page.read_text(encoding="utf-8"))


def test_removed_field_makes_element_missing(demo_copy: Path, tmp_path: Path):
    path = demo_copy / "data" / "executives.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for m in data["members"]:
        m.pop("photo", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rep = check(demo_copy, 2567)
    o2 = next(s for s in rep.statuses if s.item.id == "O2")
    missing = [e for e in o2.elements if not e.met]
    assert missing and any("รูปถ่าย" in r for e in missing for r in e.reasons)
    codes = {(f.code.value, tuple(f.items)) for f in rep.errors()}
    assert ("oit.missing-element", ("O2",)) in codes
    public = build(demo_copy, tmp_path / "public", [2567])  # data still missing never stops a build
    html = _read(public.out / "oit/2567/o02.html")
    assert "อยู่ระหว่างจัดทำข้อมูล" in html and 'class="oit-reason"' not in html  # no editor's reasons
    assert "ยังขาด" not in html and "data/executives.yaml" not in html
    res = build(demo_copy, tmp_path / "site", [2567], allow_incomplete=True)
    manifest = json.loads((res.out / "oit/2567/manifest.json").read_text(encoding="utf-8"))
    entry = next(i for i in manifest["items"] if i["id"] == "O2")
    assert entry["status"] == "partial"
    html = read_page(res.out / "oit/2567/o02.html")
    assert re.search(r'data-oit-element="\d+" data-status="missing"|data-status="missing"', html)


def test_removed_topic_file_fails_check_and_incomplete_build_shows_gap(demo_copy: Path, tmp_path: Path, capsys):
    (demo_copy / "data" / "2567" / "procurement.yaml").unlink()
    assert main(["check", str(demo_copy), "--year", "2567"]) == 1
    out = capsys.readouterr().out
    assert "O16" in out and "data/2567/procurement.yaml" in out
    # the public build publishes the gap, neutrally
    assert main(["build", str(demo_copy), "--out", str(tmp_path / "public"), "--year", "2567"]) == 0
    html = _read(tmp_path / "public/oit/2567/o16.html")
    assert 'data-status="missing"' in html and "อยู่ระหว่างจัดทำข้อมูล" in html
    assert "data/2567/procurement.yaml" not in html and "ยังไม่มีข้อมูล" not in html
    assert main(["build", str(demo_copy), "--out", str(tmp_path / "site"), "--year", "2567", "--allow-incomplete"]) == 0
    html = _read(tmp_path / "site/oit/2567/o16.html")
    assert 'data-status="missing"' in html and "ยังไม่มีข้อมูล" in html
    manifest = json.loads((tmp_path / "site/oit/2567/manifest.json").read_text(encoding="utf-8"))
    assert next(i for i in manifest["items"] if i["id"] == "O16")["status"] == "missing"


def test_urls_are_stable_and_zero_padded():
    catalog = load_catalog(2567)
    assert [i.slug for i in catalog.items][:3] == ["o01", "o02", "o03"]
    assert catalog.item("O16").slug == "o16"

"""Documents as evidence, checked (issue 13): an agency whose 2567 data are only signed PDFs
(one per item, evidence pages declared) is complete; a removed page, a wrong-year document,
an office file, a scan and a page that does not show the element are each told in Thai with the
data file, the line of the evidence entry, the PDF and the page."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from document_agency import item_pages, make_documents_agency, make_pdf, write_catalog  # noqa: E402

from oitsite.check import documents as checkdocs  # noqa: E402
from oitsite.check.site import check_site  # noqa: E402
from oitsite.findings import Code  # noqa: E402
from oitsite.model.catalog import load_catalog  # noqa: E402
from oitsite.publish.manifest import build_manifest  # noqa: E402

ITEMS = ["O1", "O25", "O33"]  # a standing topic, a fiscal-year topic, last year's report


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("docs")
    cat = write_catalog(root / "catalogs", ITEMS)
    agency = make_documents_agency(root / "agency", items=ITEMS, catalog_dirs=[cat], scan={"O33"})
    return agency, cat


@pytest.fixture
def agency(made, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    src, cat = made
    monkeypatch.setenv("OITSITE_CATALOGS", str(cat))
    monkeypatch.setenv("OITSITE_CACHE", str(tmp_path / "cache"))
    dst = tmp_path / "agency"
    shutil.copytree(src, dst)
    return dst


def errors(site, code: Code | None = None):
    return [f for f in site.findings if (f.severity == "error" if code is None else f.code is code)]


def line_of(path: Path, text: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in ln)


def test_documents_only_agency_is_complete(agency: Path):
    site = check_site(agency, [2567])
    assert not errors(site), [f.format() for f in errors(site)]
    statuses = site.reports[2567].statuses
    assert [st.status for st in statuses] == ["met"] * len(ITEMS)
    for st in statuses:
        for es in st.elements:
            assert es.evidence == "document" and es.documents[0].pages == (es.element.index + 1,)
    assert not [f for f in site.findings if f.code is Code.DOCUMENT_TERMS]  # each page restates its element


def test_manifest_says_document_with_page_url_and_checked(agency: Path):
    site = check_site(agency, [2567])
    man = build_manifest(site, 2567)
    o25 = next(it for it in man["items"] if it["id"] == "O25")
    assert o25["evidence"] == "document" and o25["status"] == "met"
    el = o25["elements"][1]
    assert el["evidence"] == "document" and el["checked"] is True
    assert el["url"] == "https://ekasarn.example/files/2567/o25-participation.pdf#page=3"
    assert o25["documents"][0]["approved"] == "2023-11-20" and o25["documents"][0]["pages"] == 6
    # the scanned report is declared by the editor: never "checked"
    o33 = next(it for it in man["items"] if it["id"] == "O33")
    assert o33["status"] == "met" and all(e["checked"] is False for e in o33["elements"])
    scans = [f for f in site.findings if f.code is Code.DOCUMENT_SCAN]
    assert scans and all(f.severity == "notice" and "ภาพสแกน" in f.message_th for f in scans)


def test_removed_page_fails_check_naming_file_page_and_element(agency: Path):
    cat = load_catalog(2567)
    o25 = cat.item("O25")
    pdf = agency / "files/2567/o25-participation.pdf"
    pdf.write_bytes(make_pdf(item_pages(o25, 2567, "อบต.เอกสาร")[:4]))  # pages 5 and 6 gone
    site = check_site(agency, [2567])
    (f5, f6) = sorted(errors(site, Code.DOCUMENT_PAGE_MISSING), key=lambda f: f.line)
    yaml_file = agency / "data/2567/participation.yaml"
    assert Path(f5.file).resolve() == yaml_file.resolve()
    assert f5.line == line_of(yaml_file, "O25.4:") and f6.line == line_of(yaml_file, "O25.5:")
    assert "files/2567/o25-participation.pdf" in f5.message_th and "ไม่มีหน้า 5" in f5.message_th
    assert "O25 องค์ประกอบที่ 4" in f5.message_th and f5.items == ["O25"] and f5.fix_th
    # a page the document does not have shows nothing: those elements are missing, the others still met
    st = next(s for s in site.reports[2567].statuses if s.item.id == "O25")
    assert [es.met for es in st.elements][3:5] == [False, False] and all(es.met for es in st.elements[:3])


def test_wrong_year_document_fails_check(agency: Path):
    o25 = load_catalog(2567).item("O25")
    (agency / "files/2567/o25-participation.pdf").write_bytes(
        make_pdf(item_pages(o25, 2567, "อบต.เอกสาร", stated_year=2566)))  # last year's plan, uploaded again
    site = check_site(agency, [2567])
    found = errors(site, Code.DOCUMENT_WRONG_YEAR)
    assert found and all(f.severity == "error" for f in found)
    f = found[0]
    assert f.line == line_of(agency / "data/2567/participation.yaml", "O25.1:")
    assert "ปีงบประมาณ พ.ศ. 2566" in f.message_th and "ไม่ใช่ปีงบประมาณ พ.ศ. 2567" in f.message_th
    assert "o25-participation.pdf" in f.message_th and "หน้า 2" in f.message_th


def test_wrong_document_date_fails_check(agency: Path):
    data = agency / "data/2567/participation.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("approved: '2566-11-20'", "approved: '2564-05-01'"),
                    encoding="utf-8")
    site = check_site(agency, [2567])
    (f,) = {(x.line, x.message_th): x for x in errors(site, Code.DOCUMENT_WRONG_YEAR)}.values()
    assert f.line == line_of(data, "approved:") and "1 พฤษภาคม 2564" in f.message_th


def test_page_not_showing_the_element_is_a_warning(agency: Path):
    data = agency / "data/2567/participation.yaml"
    raw = yaml.safe_load(data.read_text(encoding="utf-8"))
    raw["documents"][0]["evidence"]["O25.4"] = 2  # the page of element 1, not of element 4
    data.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = check_site(agency, [2567])
    (f,) = [x for x in site.findings if x.code is Code.DOCUMENT_TERMS]
    assert f.severity == "warning" and "O25 องค์ประกอบที่ 4" in f.message_th and "หน้า 2" in f.message_th
    assert f.line == line_of(data, "O25.4:") and not errors(site)


def test_key_terms_leave_out_stop_words_and_criteria_phrasing():
    terms = checkdocs.key_terms("แสดงข้อมูลการนำผลจากการมีส่วนร่วมไปปรับปรุงพัฒนาการดำเนินงานของหน่วยงาน")
    assert "แสดง" not in terms and "ข้อมูล" not in terms and "ของ" not in terms
    assert {"ปรับปรุง", "พัฒนา"} & set(terms) or any("ปรับปรุง" in t for t in terms)


def test_dates_stated_in_text():
    said = checkdocs.stated_years("รายงาน ณ วันที่ ๓๑ มีนาคม ๒๕๖๗ ของแผนปีงบประมาณ พ.ศ. 2566 - 2570 "
                                  "ระยะเวลา 1 ตุลาคม 2566 – 30 กันยายน 2567")
    assert set(said) == {2566, 2567, 2568, 2569, 2570}
    assert set(checkdocs.stated_years(checkdocs.clean_text("ณ วันที่ 31 มีนาคม 2567"))) == {2567}
    assert set(checkdocs.stated_years("1 ตุลาคม 2565 ถึง 30 กันยายน 2566")) == {2566}


def test_office_file_is_told_to_convert_to_pdf(agency: Path):
    data = agency / "data/structure.yaml"
    raw = yaml.safe_load(data.read_text(encoding="utf-8"))
    raw["documents"][0]["file"] = "files/โครงสร้าง.docx"
    data.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = check_site(agency, [2567])
    (f,) = errors(site, Code.DOCUMENT_OFFICE)
    assert "PDF" in f.message_th and "PDF" in f.fix_th and f.line == line_of(data, "file:")
    # it does not count as evidence: O1 is missing again
    assert site.status(2567, "O1").status == "missing"


def test_extracted_text_is_cached_by_content(agency: Path, monkeypatch: pytest.MonkeyPatch):
    check_site(agency, [2567])
    calls = []
    real = checkdocs.extract_pages
    monkeypatch.setattr(checkdocs, "extract_pages", lambda data: calls.append(1) or real(data))
    site = check_site(agency, [2567])
    assert calls == [] and site.agency.document_pages  # all three from the cache
    o1 = load_catalog(2567).item("O1")
    (agency / "files/2567/o01-structure.pdf").write_bytes(make_pdf(item_pages(o1, 2567, "อบต.อื่น")))
    check_site(agency, [2567])
    assert calls == [1]  # only the changed file is read again


def test_standing_key_with_year_prefix_targets_one_year(agency: Path):
    data = agency / "data/structure.yaml"
    text = data.read_text(encoding="utf-8").replace("O1.1:", "2568/O1.1:")
    data.write_text(text, encoding="utf-8")
    site = check_site(agency, [2567])
    o1 = site.status(2567, "O1")
    assert o1.elements[0].evidence == "" and o1.status == "partial"  # the 2568 key does not count in 2567
    assert not errors(site, Code.DOCUMENT_UNKNOWN_ELEMENT)


def test_unknown_element_is_an_error_but_another_years_item_is_not(agency: Path):
    data = agency / "data/structure.yaml"
    raw = yaml.safe_load(data.read_text(encoding="utf-8"))
    raw["documents"][0]["evidence"].update({"O1.9": 2, "O40.1": 2})  # O1 has 3 elements; O40 may be another year's
    data.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = check_site(agency, [2567])
    (f,) = errors(site, Code.DOCUMENT_UNKNOWN_ELEMENT)
    assert "O1.9" in f.message_th and "ไม่มีองค์ประกอบที่ 9" in f.message_th and f.line == line_of(data, "O1.9:")

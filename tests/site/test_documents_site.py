"""Documents as evidence on the built site (issue 13): an agency whose 2567 data are only
documents (35 items, one generated PDF each, Thai text layer) builds a complete site; each
element links straight to its page of the PDF; O35 shows the signed original beside the rendered
data; a scan is marked as declared; a word found only inside a PDF is found by the search and
leads to that PDF page. One module-scoped build."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parents[2] / "scripts"))

from document_agency import make_documents_agency  # noqa: E402
from minimal_agency import read_page

from oitsite.findings import Code  # noqa: E402
from oitsite.site.search import INDEX_FILE, tokenize, unpack  # noqa: E402

DEMO = HERE.parents[2] / "agencies" / "demo"
#: a word that appears only inside O25's PDF (page 3)
PDF_ONLY = "ฝายชะลอน้ำ"


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docsite")
    ag = make_documents_agency(root / "agency", scan={"O20"}, extra={"O25": f"กิจกรรมสร้าง{PDF_ONLY}ร่วมกับชุมชน"})
    # O35: the rendered progress report (the demo's data) and its signed original side by side
    prog = ag / "data/2566/ita-progress.yaml"
    docs = yaml.safe_load(prog.read_text(encoding="utf-8"))["documents"]
    data = yaml.safe_load((DEMO / "data/2566/ita-progress.yaml").read_text(encoding="utf-8"))
    data["documents"] = docs
    prog.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ag


@pytest.fixture(scope="module")
def site(agency: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from oitsite.site.build import build

    mp = pytest.MonkeyPatch()
    mp.setenv("OITSITE_CACHE", str(tmp_path_factory.mktemp("cache")))
    try:
        out = tmp_path_factory.mktemp("docsite-out") / "site"
        build(agency, out, [2567])
    finally:
        mp.undo()
    return out


def manifest(site: Path) -> dict:
    return json.loads((site / "oit/2567/manifest.json").read_text(encoding="utf-8"))


def test_documents_only_agency_builds_a_complete_2567_site(site: Path):
    man = manifest(site)
    assert man["summary"] == {"met": 35, "partial": 0, "missing": 0}
    by_id = {it["id"]: it for it in man["items"]}
    assert all(by_id[i]["evidence"] == "document" for i in by_id if i != "O35")
    el = by_id["O16"]["elements"][12]
    assert el["evidence"] == "document" and el["url"].endswith("files/2567/o16-procurement.pdf#page=14")
    assert el["checked"] is True
    assert (site / "files/2567/o16-procurement.pdf").read_bytes().startswith(b"%PDF-")


def test_element_box_links_straight_to_the_pdf_page(site: Path):
    html = read_page(site / "oit/2567/o25.html")
    start = html.index('class="oit-elements"')
    box = html[start:html.index("</aside>", start)]
    links = re.findall(r'href="([^"]+)"', box)
    for n in range(1, 6):
        assert f"../../files/2567/o25-participation.pdf#page={n + 1}" in links
    assert "หลักฐาน:" in box


def test_scan_is_shown_as_declared_by_the_editor(site: Path):
    html = read_page(site / "oit/2567/o20.html")
    assert "ผู้ดูแลระบุ ยังไม่ได้ตรวจอัตโนมัติ" in html
    o20 = next(it for it in manifest(site)["items"] if it["id"] == "O20")
    assert o20["elements"][0]["checked"] is False


def test_o35_shows_the_signed_original_beside_the_rendered_data(site: Path):
    html = read_page(site / "oit/2567/o35.html")
    assert "มาตรการเผยแพร่ขั้นตอนและระยะเวลาการปฏิบัติงาน" in html  # the rendered data
    docs = html[html.index("oit-documents"):]
    assert "เอกสารต้นฉบับ" in docs and "../../files/2566/o35-ita-progress.pdf" in docs
    assert "ลงวันที่ 15 พฤศจิกายน 2565" in docs and "ลงนาม/อนุมัติ 20 พฤศจิกายน 2565" in docs
    o35 = next(it for it in manifest(site)["items"] if it["id"] == "O35")
    assert o35["documents"][0]["path"] == "files/2566/o35-ita-progress.pdf"
    assert {e["evidence"] for e in o35["elements"]} <= {"data", "document"}


def test_search_finds_a_word_only_inside_a_pdf(site: Path):
    text = (site / INDEX_FILE).read_text(encoding="utf-8")
    index = json.loads(re.fullmatch(r"window\.OITSITE_SEARCH_INDEX=(.*);\n", text, re.S).group(1))
    assert not any(PDF_ONLY in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))  # not on any page
    words = tokenize(PDF_ONLY)  # as the index and the query cut it: ฝาย ชะลอ น้ำ
    hits = set.intersection(*({index["docs"][d]["u"] for d in unpack(index["postings"][index["terms"].index(w)])}
                              for w in words))
    assert hits == {"files/2567/o25-participation.pdf#page=3"}


@pytest.mark.browser
def test_search_in_chromium_leads_to_the_pdf_page(site: Path):
    import browserkit

    if not browserkit.chromium_available():
        pytest.skip("Debian chromium not installed")
    with browserkit.serve(site) as base, browserkit.browser() as b:
        page = b.new_page()
        page.goto(base + "search.html")
        page.wait_for_selector("#search-results[data-ready]", state="attached")
        assert page.evaluate("q => oitsiteSearch(q)[0]", PDF_ONLY) == "files/2567/o25-participation.pdf#page=3"


def test_build_agrees_with_check_on_a_missing_page(agency: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """check/build parity: a cited page that does not exist is check's error; the public build
    (which never stops on data still missing) counts the element as missing and links no page."""
    from oitsite.check.site import check_site
    from oitsite.site.build import build

    monkeypatch.setenv("OITSITE_CACHE", str(tmp_path / "cache"))
    ag = tmp_path / "agency"
    shutil.copytree(agency, ag)
    data = ag / "data/2567/participation.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("O25.5: 6", "O25.5: 60"), encoding="utf-8")
    found = [f for f in check_site(ag, [2567]).findings if f.severity == "error"]
    # the page that is not there, and so the element it was to show is missing
    assert sorted(f.code for f in found) == [Code.DOCUMENT_PAGE_MISSING, Code.MISSING_ELEMENT]
    assert any("ไม่มีหน้า 60" in f.message_th for f in found)
    res = build(ag, tmp_path / "out", [2567])
    o25 = next(it for it in json.loads((res.out / "oit/2567/manifest.json").read_text(encoding="utf-8"))["items"]
               if it["id"] == "O25")
    assert o25["status"] == "partial" and [e["status"] for e in o25["elements"]][4] == "missing"
    assert "#page=60" not in (res.out / "oit/2567/o25.html").read_text(encoding="utf-8")

"""Open data (issue #5): CSV (UTF-8 with BOM) and JSON of list fields, OCDS release packages,
and the downloads on the built demo pages and in the manifest."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from minimal_agency import read_page

from oitsite import thai
from oitsite.model.agency import load_agency
from oitsite.model.schema import load_topics
from oitsite.publish import opendata

DEMO = Path(__file__).resolve().parents[2] / "agencies" / "demo"

# -- the OCDS 1.1 rules a release package must meet (release-package-schema.json and
#    release-schema.json of https://standard.open-contracting.org/1.1/: required fields, closed
#    codelists and formats of the parts this exporter writes)
DATETIME = {"type": "string", "format": "date-time",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$"}
VALUE = {"type": "object", "required": ["amount", "currency"], "additionalProperties": False,
         "properties": {"amount": {"type": "number"}, "currency": {"const": "THB"}}}
ORG_REF = {"type": "object", "required": ["id", "name"],
           "properties": {"id": {"type": "string", "minLength": 1}, "name": {"type": "string", "minLength": 1}}}
PERIOD = {"type": "object", "properties": {"startDate": DATETIME, "endDate": DATETIME}, "additionalProperties": False}
TAGS = ["planning", "planningUpdate", "tender", "tenderAmendment", "tenderUpdate", "tenderCancellation", "award",
        "awardUpdate", "awardCancellation", "contract", "contractUpdate", "contractAmendment", "implementation",
        "implementationUpdate", "contractTermination", "compiled"]
ROLES = ["buyer", "procuringEntity", "supplier", "tenderer", "funder", "enquirer", "payer", "payee", "reviewBody",
         "interestedParty"]
RELEASE = {
    "type": "object",
    "required": ["ocid", "id", "date", "tag", "initiationType"],
    "properties": {
        "ocid": {"type": "string", "minLength": 1},
        "id": {"type": "string", "minLength": 1},
        "date": DATETIME,
        "tag": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": TAGS}},
        "initiationType": {"const": "tender"},
        "language": {"type": "string"},
        "buyer": ORG_REF,
        "parties": {"type": "array", "items": {
            "type": "object", "required": ["id", "name", "roles"],
            "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                           "roles": {"type": "array", "items": {"enum": ROLES}},
                           "identifier": {"type": "object", "required": ["scheme", "id"],
                                          "properties": {"scheme": {"type": "string"}, "id": {"type": "string"},
                                                         "legalName": {"type": "string"}}}}}},
        "planning": {"type": "object", "properties": {"budget": {
            "type": "object", "properties": {"amount": VALUE, "description": {"type": "string"},
                                             "projectID": {"type": "string"}}}}},
        "tender": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "value": VALUE,
            "procurementMethod": {"enum": ["open", "selective", "limited", "direct"]},
            "procurementMethodDetails": {"type": "string"}}},
        "awards": {"type": "array", "items": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "date": DATETIME, "value": VALUE,
            "status": {"enum": ["pending", "active", "cancelled", "unsuccessful"]},
            "suppliers": {"type": "array", "items": ORG_REF}}}},
        "contracts": {"type": "array", "items": {"type": "object", "required": ["id", "awardID"], "properties": {
            "id": {"type": "string"}, "awardID": {"type": "string"}, "title": {"type": "string"},
            "description": {"type": "string"}, "value": VALUE, "dateSigned": DATETIME, "period": PERIOD,
            "status": {"enum": ["pending", "active", "cancelled", "terminated"]}}}},
    },
}
PACKAGE = {
    "type": "object",
    "required": ["uri", "publisher", "publishedDate", "releases", "version"],
    "properties": {
        "uri": {"type": "string", "format": "uri", "pattern": r"^[a-z][a-z0-9+.-]*:"},
        "version": {"type": "string", "pattern": r"^(\d+\.)(\d+)$"},
        "publishedDate": DATETIME,
        "publisher": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        "license": {"type": "string"},
        "releases": {"type": "array", "minItems": 1, "items": RELEASE},
    },
}


def check_ocds(package: dict) -> None:
    jsonschema.validate(package, PACKAGE, format_checker=jsonschema.FormatChecker())
    seen: set[tuple[str, str]] = set()
    for rel in package["releases"]:
        key = (rel["ocid"], rel["id"])
        assert key not in seen, f"release id {key} repeated"
        seen.add(key)
        party_ids = {p["id"]: p for p in rel["parties"]}
        assert "buyer" in party_ids[rel["buyer"]["id"]]["roles"]
        award_ids = {a["id"] for a in rel.get("awards", [])}
        for a in rel.get("awards", []):
            for s in a.get("suppliers", []):
                assert "supplier" in party_ids[s["id"]]["roles"]
        for c in rel.get("contracts", []):
            assert c["awardID"] in award_ids
        assert ("award" in rel["tag"]) == bool(rel.get("awards"))
        assert ("contract" in rel["tag"]) == bool(rel.get("contracts"))


def tid(first12: str) -> str:
    return first12 + str(thai.thai_id_check_digit(first12))


RECORDS = [
    {"name": "จัดซื้อวัสดุสำนักงาน, \"ด่วน\"", "budget": Decimal("28200"), "source": "ข้อบัญญัติ", "status": "ดำเนินการแล้วเสร็จ",
     "method": "เฉพาะเจาะจง", "reference_price": Decimal("28200"), "contract_price": Decimal("27540.50"),
     "vendor_tax_id": tid("010555607598"), "vendor_name": "บริษัท ตัวอย่าง จำกัด", "project_id": "66109359670",
     "contract_date": dt.date(2022, 10, 14), "contract_end": dt.date(2022, 10, 29), "contract_no": "1/2566",
     "bidders": "บริษัท ตัวอย่าง จำกัด 27,540.50 บาท\nร้าน ข 28,000 บาท"},
    {"name": "จ้างก่อสร้างถนน", "budget": Decimal("1500000"), "method": "e-bidding", "status": "อยู่ระหว่างดำเนินการ",
     "contract_price": Decimal("1450000"), "vendor_tax_id": tid("310070071621"), "vendor_name": "นาย ก",
     "contract_date": dt.date(2023, 3, 1)},
    {"name": "จัดซื้อน้ำมัน", "budget": Decimal("5000")},  # no award yet
]


def test_csv_has_bom_thai_headers_every_column_and_row():
    data = opendata.to_csv("procurement", "records", RECORDS)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    fields = load_topics()["procurement"].fields["records"].fields
    assert rows[0] == [f.title for f in fields.values()]
    assert len(rows) == 1 + len(RECORDS)
    first = dict(zip(fields, rows[1]))
    assert first["name"] == 'จัดซื้อวัสดุสำนักงาน, "ด่วน"'  # quoting survives
    assert first["contract_price"] == "27540.50" and first["budget"] == "28200.00"
    assert first["contract_date"] == "2022-10-14"
    assert first["vendor_tax_id"] == RECORDS[0]["vendor_tax_id"]
    assert first["bidders"] == RECORDS[0]["bidders"]
    assert dict(zip(fields, rows[3]))["contract_price"] == ""


def test_csv_uses_choice_labels_and_json_uses_keys():
    recs = [{"received": dt.date(2023, 2, 14), "subject": "เรียกรับเงิน", "status": "finished"}]
    rows = list(csv.reader(io.StringIO(opendata.to_csv("complaint-stats", "records", recs).decode("utf-8-sig"))))
    assert rows[1] == ["2023-02-14", "เรียกรับเงิน", "แล้วเสร็จ"]
    doc = json.loads(opendata.to_json("complaint-stats", "records", recs, fiscal_year=2566))
    assert doc["records"] == [{"received": "2023-02-14", "subject": "เรียกรับเงิน", "status": "finished"}]
    assert doc["fields"][2]["options"] == {"finished": "แล้วเสร็จ", "in_progress": "อยู่ระหว่างดำเนินการ"}


def test_json_is_typed_and_complete():
    doc = json.loads(opendata.to_json("procurement", "records", RECORDS, fiscal_year=2566, agency="อบต.ทดสอบ"))
    assert doc["topic"] == "procurement" and doc["fiscal_year"] == 2566 and doc["count"] == 3
    assert [f["key"] for f in doc["fields"]][:3] == ["name", "budget", "source"]
    assert doc["records"][0]["contract_price"] == 27540.5 and doc["records"][0]["budget"] == 28200
    assert doc["records"][0]["contract_date"] == "2022-10-14"
    assert doc["records"][2] == {"name": "จัดซื้อน้ำมัน", "budget": 5000}
    with pytest.raises(KeyError):
        opendata.to_json("procurement", "as_of", RECORDS)


def test_ocds_package_meets_the_required_fields():
    pkg = opendata.ocds_package(RECORDS, agency_name="อบต.ทดสอบ", agency_id="test", fiscal_year=2566,
                                ocid_prefix="ocds-abc123")
    check_ocds(pkg)
    assert pkg["version"] == "1.1" and len(pkg["releases"]) == 3
    r1, r2, r3 = pkg["releases"]
    assert r1["ocid"] == "ocds-abc123-66109359670"
    assert r1["tag"] == ["tender", "award", "contract"]
    assert r1["tender"]["procurementMethod"] == "direct" and r2["tender"]["procurementMethod"] == "open"
    assert r1["awards"][0]["value"] == {"amount": 27540.5, "currency": "THB"}
    assert r1["contracts"][0]["dateSigned"] == "2022-10-14T00:00:00+07:00"
    assert r1["contracts"][0]["period"]["endDate"] == "2022-10-29T00:00:00+07:00"
    assert r1["contracts"][0]["status"] == "terminated" and r2["contracts"][0]["status"] == "active"
    supplier = next(p for p in r1["parties"] if "supplier" in p["roles"])
    assert supplier["identifier"] == {"scheme": "TH-DBD", "id": RECORDS[0]["vendor_tax_id"],
                                      "legalName": "บริษัท ตัวอย่าง จำกัด"}
    assert next(p for p in r2["parties"] if "supplier" in p["roles"])["identifier"]["scheme"] == "TH-TIN"
    assert r3["tag"] == ["tender"] and "awards" not in r3
    assert r3["planning"]["budget"]["amount"] == {"amount": 5000, "currency": "THB"}
    # deterministic: the same records give the same bytes; the date comes from the data, not the clock
    again = opendata.ocds_json(RECORDS, agency_name="อบต.ทดสอบ", agency_id="test", fiscal_year=2566,
                               ocid_prefix="ocds-abc123")
    assert again == opendata.ocds_json(RECORDS, agency_name="อบต.ทดสอบ", agency_id="test", fiscal_year=2566,
                                       ocid_prefix="ocds-abc123")
    assert pkg["publishedDate"] == "2023-03-01T00:00:00+07:00"


def test_ocds_shape_check_can_fail():
    pkg = opendata.ocds_package(RECORDS, agency_name="อบต.ทดสอบ", agency_id="test", fiscal_year=2566,
                                ocid_prefix="ocds-abc123")
    del pkg["releases"][0]["initiationType"]
    with pytest.raises(jsonschema.ValidationError):
        check_ocds(pkg)


@pytest.mark.parametrize("year", [2566, 2567, 2568, 2569])
def test_demo_procurement_as_ocds(year):
    agency, _ = load_agency(DEMO)
    records = agency.data("procurement", year)["records"]
    pkg = opendata.ocds_package(records, agency_name=agency.name, agency_id=agency.slug, fiscal_year=year,
                                ocid_prefix=opendata.default_ocid_prefix(agency.slug))
    check_ocds(pkg)
    assert len(pkg["releases"]) == len(records)
    total = sum(r["contract_price"] for r in records if r.get("contract_price") is not None)
    got = sum(Decimal(str(c["value"]["amount"])) for rel in pkg["releases"] for c in rel.get("contracts", [])
              if "value" in c)
    assert got == total


# ---------------------------------------------------------------------------------------------
# The built demo: downloads are linked from the pages and listed in the manifest


def _manifest(site: Path, year: int) -> dict:
    return json.loads((site / "oit" / str(year) / "manifest.json").read_text(encoding="utf-8"))


def test_procurement_page_links_csv_json_ocds_listed_in_manifest(built_site: Path):
    man = _manifest(built_site, 2567)
    o16 = next(it for it in man["items"] if it["id"] == "O16")
    paths = {d["path"] for d in o16["downloads"]}
    expected = {"oit/2567/o16-procurement-2567-records.csv", "oit/2567/o16-procurement-2567-records.json",
                "oit/2567/o16-procurement-2567-ocds.json"}
    assert expected <= paths
    page = read_page(built_site / "oit/2567/o16.html")
    for p in expected:
        name = p.rsplit("/", 1)[1]
        assert f'href="{name}"' in page
        data = (built_site / p).read_bytes()
        assert len(data) == next(d["bytes"] for d in o16["downloads"] if d["path"] == p)
    agency, _ = load_agency(DEMO)
    records = agency.data("procurement", 2567)["records"]
    rows = list(csv.reader(io.StringIO((built_site / "oit/2567/o16-procurement-2567-records.csv")
                                       .read_bytes().decode("utf-8-sig"))))
    # O16 2567 is the progress as of 31 March 2567: the contracts signed later are not its data
    counted = [r for r in records if r["contract_date"] <= dt.date(2024, 3, 31)]
    assert len(counted) < len(records) and len(rows) == len(counted) + 1
    check_ocds(json.loads((built_site / "oit/2567/o16-procurement-2567-ocds.json").read_bytes()))
    # O17 shows the automatic summaries
    o17 = read_page(built_site / "oit/2567/o17.html")
    for anchor in ("procurement-summary-method", "procurement-summary-month", "procurement-summary-status"):
        assert f'id="{anchor}"' in o17


def test_every_list_on_every_page_has_csv_and_json(built_site: Path):
    """Each data table of the demo (generic or custom renderer) has its two downloads."""
    topics = load_topics()
    agency, _ = load_agency(DEMO)
    checked = 0
    for year in (2567, 2568, 2569):
        man = _manifest(built_site, year)
        for it in man["items"]:
            paths = {d["path"] for d in it["downloads"]}
            page = it["path"]
            stem = page[:-len(".html")]
            for slot in it["topics"]:
                tdef = topics[slot["topic"]]
                data = agency.data(slot["topic"], slot["fiscal_year"]) or {}
                for name, fd in tdef.fields.items():
                    if not fd.is_list or not data.get(name):
                        continue
                    base = f"{stem}-{tdef.id}-{slot['fiscal_year']}-{name}" if slot["fiscal_year"] \
                        else f"{stem}-{tdef.id}-{name}"
                    for ext in ("csv", "json"):
                        assert f"{base}.{ext}" in paths, (it["id"], base, ext)
                        assert (built_site / f"{base}.{ext}").is_file()
                    checked += 1
    assert checked > 20


# ---------------------------------------------------------------------------------------------
# oitsite-table.js in a real browser (skipped without Debian's chromium)

CHROMIUM = Path("/usr/bin/chromium")


@contextlib.contextmanager
def serve(folder: Path):
    """The folder over HTTP on a free local port (fetch() of the JSON needs http, not file:)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            yield browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        finally:
            browser.close()


@pytest.fixture(scope="module")
def served(built_site: Path):
    with serve(built_site) as url:
        yield url


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_table_script_filters_and_sorts_without_csp_errors(served: str):
    with browser_page() as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{served}/oit/2567/o16.html")
        box = page.locator("#procurement-records")
        search = box.locator("input[type=search]")
        search.wait_for()
        rows = box.locator("tbody tr")
        total = rows.count()
        assert total > 10
        first_name = box.locator("tbody tr:first-child td:nth-child(2)").inner_text().strip()
        search.fill(first_name)
        page.wait_for_function(
            "() => document.querySelector('#procurement-records .oit-filter-status').textContent.includes('พบ')")
        visible = box.locator("tbody tr:not([hidden])").count()
        assert 1 <= visible < total
        search.fill("")
        page.wait_for_timeout(300)
        assert box.locator("tbody tr:not([hidden])").count() == total
        # sort by ราคาที่ตกลงซื้อหรือจ้าง, descending on the second click
        button = box.locator("th button", has_text="ราคาที่ตกลงซื้อหรือจ้าง")
        button.click()
        button.click()
        col = [h.strip() for h in box.locator("thead th").all_inner_texts()].index(button.inner_text().strip()) + 1
        values = [float(t.replace(",", "").replace("บาท", "").strip() or 0)
                  for t in box.locator(f"tbody tr td:nth-child({col})").all_inner_texts()]
        assert values == sorted(values, reverse=True) and values[0] > values[-1]
    assert not [e for e in errors if "Content Security Policy" in e or "oitsite-table" in e], errors


# ---------------------------------------------------------------------------------------------
# Large tables: a small agency with 620 imported procurement rows and 130 service manuals


def test_large_tables_are_split_and_complete_in_the_downloads(tmp_path: Path, monkeypatch):
    import openpyxl
    import yaml
    from minimal_agency import SOURCE_DATE_EPOCH, make_agency, read_page, write_mini_catalog

    from oitsite.authoring.importer import import_procurement
    from oitsite.site.build import build
    from oitsite.site.renderers.datatable import CHUNK_ROWS, PAGE_ROWS

    monkeypatch.setenv("OITSITE_CATALOGS", str(write_mini_catalog(tmp_path / "catalogs")))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    agency = make_agency(tmp_path)
    n = 620
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["รายงานผลการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. ๒๕๖๗"])
    ws.append(["งานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง",
               "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
               "เลขประจำตัวผู้เสียภาษี/เลขประจำตัวประชาชน", "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการ",
               "วันที่ลงนามในสัญญา", "วันสิ้นสุดสัญญา"])
    start = dt.date(2023, 10, 1)
    for i in range(n):
        method = "e-bidding" if i % 10 == 0 else "เฉพาะเจาะจง"
        ws.append([f"งานที่ {i + 1:04d}", f"{1000 + i:,}", "ข้อบัญญัติ", "ดำเนินการแล้วเสร็จ", method, 1000 + i, 900 + i,
                   tid("010555607598"), f"ร้าน {i % 7}", f"67{i + 1:09d}", start + dt.timedelta(days=i % 180),
                   thai.format_date(start + dt.timedelta(days=i % 180 + 5))])  # signed by 31 March (O16's cut-off)
    wb.save(tmp_path / "big.xlsx")
    res = import_procurement(tmp_path / "big.xlsx", agency, 2567, replace=True)
    assert res.written and len(res.records) == n, res.format_text()
    manuals_file = agency / "data" / "service-manuals.yaml"
    manuals = yaml.safe_load(manuals_file.read_text(encoding="utf-8"))
    one = manuals["manuals"][0]
    manuals["manuals"] = [dict(one, name=f"{one['name']} ({i + 1})") for i in range(130)]
    manuals_file.write_text(yaml.safe_dump(manuals, allow_unicode=True, sort_keys=False), encoding="utf-8")

    site = tmp_path / "site"
    build(agency, site, years=[2567], allow_incomplete=True)
    folder = site / "oit" / "2567"
    man = _manifest(site, 2567)
    o16 = next(it for it in man["items"] if it["id"] == "O16")
    page = read_page(site / o16["path"])
    stem = o16["path"][:-len(".html")]
    # the page shows the first PAGE_ROWS rows and links the split pages, which hold every row once
    chunks = sorted(folder.glob(f"{Path(stem).name}-procurement-2567-records-p*.html"))
    assert len(chunks) == -(-n // CHUNK_ROWS)
    assert all(f'href="{p.name}"' in page for p in chunks)
    names = [m for p in chunks for m in re.findall(r"<td>(งานที่ \d{4})</td>", p.read_text(encoding="utf-8"))]
    assert sorted(names) == [f"งานที่ {i + 1:04d}" for i in range(n)]  # every row once (ordered by contract date)
    assert f'data-total="{n}"' in page and f'data-shown="{PAGE_ROWS}"' in page
    assert page.count("งานที่ 0") == PAGE_ROWS
    # the downloads are complete
    rows = list(csv.reader(io.StringIO((site / f"{stem}-procurement-2567-records.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) == n + 1
    check_ocds(json.loads((site / f"{stem}-procurement-2567-ocds.json").read_bytes()))
    # the summary on the page counts every row: 62 by e-bidding, 558 by the specific method
    summary = page[page.index('id="procurement-summary-method"'):]
    summary = summary[:summary.index("</table>")]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", summary, re.S)]
    assert cells[cells.index("วิธีเฉพาะเจาะจง") + 1] == "558"
    assert cells[cells.index("วิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)") + 1] == "62"
    assert cells[cells.index("รวมทั้งสิ้น") + 1] == "620"
    # a generic list over PAGE_ROWS rows is split the same way, with its downloads
    item = next(it for it in man["items"] if any(t["topic"] == "service-manuals" for t in it["topics"]))
    mpage = read_page(site / item["path"])
    assert 'class="oit-field oit-datatable"' in mpage and 'data-total="130"' in mpage
    mstem = item["path"][:-len(".html")]
    doc = json.loads((site / f"{mstem}-service-manuals-manuals.json").read_bytes())
    assert doc["count"] == 130 and doc["records"][129]["name"].endswith("(130)")
    assert doc["records"][0]["steps"][0]["step"] == one["steps"][0]["step"]
    # in a browser, the search box finds rows that are not on the page through the JSON download
    if CHROMIUM.exists():
        with serve(site) as url, browser_page() as bpage:
            bpage.goto(f"{url}/{o16['path']}")
            box = bpage.locator("#procurement-records")
            box.locator("input[type=search]").fill("งานที่ 0600")
            bpage.wait_for_function("() => /จากทั้งหมด/.test("
                                    "document.querySelector('#procurement-records .oit-filter-status').textContent)")
            assert "พบ 1 รายการจากทั้งหมด 620" in box.locator(".oit-filter-status").inner_text()
            assert box.locator("tbody tr").count() == 1
            assert "งานที่ 0600" in box.locator("tbody tr").inner_text()

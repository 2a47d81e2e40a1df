"""Editors and publishing (issue #7): `oitsite new` → check → build --allow-incomplete, the /admin/
form editor generated from the topic schemas, the ITAS export, QR codes, the notice-board sheet,
the PR summary, the link report and the editor's guide."""

from __future__ import annotations

import csv
import html
import http.server
import io
import json
import re
import threading
from pathlib import Path

import pytest
import segno
import yaml
from minimal_agency import DEMO, ROOT

from oitsite.authoring import scaffold
from oitsite.check.validate import check
from oitsite.cli import main
from oitsite.cli import new as new_cmd
from oitsite.findings import Code, Finding
from oitsite.model.catalog import available_years, load_catalog
from oitsite.model.schema import FieldDef, agency_schema, load_topics
from oitsite.publish import admin as cms
from oitsite.publish import links as linkcheck
from oitsite.publish import summary
from oitsite.site.build import build

THAI = re.compile(r"[\u0E00-\u0E7F]")
SVELTIA_SCHEMA = ROOT / "node_modules" / "@sveltia" / "cms" / "schema" / "sveltia-cms.json"
CURRENT = yaml.safe_load((DEMO / "agency.yaml").read_text(encoding="utf-8"))["current_year"]


# ---------------------------------------------------------------------------------------------
# oitsite new


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("new")
    rc = main(["new", "ban-thotsop", "--dir", str(base), "--non-interactive", "--name-th", "องค์การบริหารส่วนตำบลทดสอบ",
               "--province", "ตัวอย่าง"])
    assert rc == 0
    return base / "ban-thotsop"


def test_new_skeleton_covers_the_newest_catalog(skeleton: Path):
    catalog = load_catalog(available_years()[-1])
    topics = load_topics()
    for item in catalog.items:
        for ref in item.topics:
            rel = (f"data/{catalog.year + ref.year}/{ref.topic}.yaml" if topics[ref.topic].yearly
                   else f"data/{ref.topic}.yaml")
            assert (skeleton / rel).is_file(), rel
    info = yaml.safe_load((skeleton / "agency.yaml").read_text(encoding="utf-8"))
    assert info["name_th"] == "องค์การบริหารส่วนตำบลทดสอบ" and info["short_name_th"] == "อบต.ทดสอบ"
    assert info["current_year"] == catalog.year


def test_every_placeholder_and_item_is_reported_in_thai(skeleton: Path):
    rep = check(skeleton)
    placeholders = set()
    for path in skeleton.rglob("*.yaml"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "((กรอก:" in line and not line.lstrip().startswith("#"):
                placeholders.add((path.resolve(), n))
    reported = {(Path(f.file).resolve(), f.line) for f in rep.findings if f.code is Code.PLACEHOLDER}
    assert placeholders and reported == placeholders
    assert all(THAI.search(f.message_th) for f in rep.findings)
    # the checklist: every O-item of the catalog has at least one finding that names it
    named = {i for f in rep.findings for i in f.items}
    assert {it.id for it in rep.catalog.items} <= named
    assert rep.errors(), "a skeleton must not pass as complete"
    # the message keeps the whole field title, brackets included
    f = next(f for f in rep.findings if f.code is Code.PLACEHOLDER and "ภาษาอังกฤษ" in f.message_th)
    assert "(ภาษาอังกฤษ)" in f.message_th


def test_new_skeleton_builds_with_allow_incomplete(skeleton: Path, tmp_path: Path):
    res = build(skeleton, tmp_path / "site", allow_incomplete=True)
    year = available_years()[-1]
    page = (tmp_path / "site" / "oit" / str(year) / "o01.html").read_text(encoding="utf-8")
    assert 'data-oit-item="O1"' in page
    assert res.pages > len(load_catalog(year).items)
    assert (tmp_path / "site" / "admin" / "config.yml").is_file()


def test_new_refuses_bad_slug_and_existing_folder(skeleton: Path, capsys):
    assert main(["new", "Ban Test", "--dir", str(skeleton.parent), "--non-interactive"]) == 2
    assert main(["new", skeleton.name, "--dir", str(skeleton.parent), "--non-interactive"]) == 1
    err = capsys.readouterr().err
    assert "ใช้ไม่ได้" in err and "อยู่แล้ว" in err


def test_wizard_asks_in_thai_and_validates():
    answers = iter(["xyz", "town_municipality", "เทศบาลเมืองตัวอย่าง", "ในเมือง", "เมือง", "ตัวอย่าง", "http://x", ""])
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    ans = new_cmd.wizard(scaffold.AgencyAnswers("x1"), ask)
    assert ans.type == "town_municipality" and ans.name_th == "เทศบาลเมืองตัวอย่าง" and ans.site_url == ""
    assert all(THAI.search(p) for p in prompts)
    assert len(prompts) == 8  # the bad type and the http:// link were asked again


# ---------------------------------------------------------------------------------------------
# /admin/: Sveltia CMS config from the schemas


def _field_types(fd: FieldDef) -> str:
    return {"text": "string", "markdown": "markdown", "date": "datetime", "fiscal_year": "number", "int": "number",
            "number": "number", "baht": "number", "bool": "boolean", "url": "string", "email": "string",
            "phone": "string", "taxid": "string", "choice": "select", "file": "file", "image": "image",
            "list": "list", "list_of_int": "list", "list_of_text": "list", "evidence": "keyvalue"}[fd.type]


def _compare(cms_fields: list[dict], schema_fields: dict[str, FieldDef], where: str) -> None:
    assert [f["name"] for f in cms_fields] == list(schema_fields), where
    for f, fd in zip(cms_fields, schema_fields.values()):
        assert f["label"] == fd.title, (where, fd.name)
        assert f["widget"] == _field_types(fd), (where, fd.name)
        assert f["required"] is False
        if fd.type == "choice":
            assert [(o["value"], o["label"]) for o in f["options"]] == list(fd.options.items())
        if fd.type == "list":
            _compare(f["fields"], fd.fields, f"{where}.{fd.name}")
        if fd.type in ("url", "email", "phone", "taxid"):
            assert f["pattern"][0] and THAI.search(f["pattern"][1])


@pytest.fixture(scope="module")
def config() -> dict:
    return cms.cms_config(DEMO, repo="lao/oit", site_url="https://example.github.io/oitsite/", title="อบต.")


def test_cms_config_matches_the_schemas(config: dict):
    root = "agencies/demo"
    cols = {c["name"]: c for c in config["collections"] if not c.get("divider")}
    agency = cols.pop("agency")
    assert agency["files"][0]["file"] == f"{root}/agency.yaml"
    _compare(agency["files"][0]["fields"], {k: v for k, v in agency_schema().fields.items() if k not in cms.AGENCY_HIDDEN},
             "agency")
    topics = load_topics()
    assert set(cols) == set(topics)  # every topic is editable, nothing else
    for tid, col in cols.items():
        tdef = topics[tid]
        assert col["label"].endswith(" " + tdef.title) and re.match(r"O\d+", col["label"]), col["label"]
        for entry in col["files"]:
            _compare(entry["fields"], tdef.fields, tid)
            if tdef.yearly:
                assert entry["file"] == f"{root}/data/{entry['name']}/{tid}.yaml"
            else:
                assert entry["file"] == f"{root}/data/{tid}.yaml"
    # yearly topics offer every fiscal year the catalogs ask of the demo, and those on disk
    on_disk = {(p.parent.name, p.stem) for p in (DEMO / "data").glob("*/*.yaml")}
    offered = {(e["name"], tid) for tid, c in cols.items() if topics[tid].yearly for e in c["files"]}
    assert on_disk <= offered


def test_cms_config_is_valid_for_sveltia(config: dict):
    import jsonschema
    schema = json.loads(SVELTIA_SCHEMA.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in jsonschema.Draft7Validator(schema).iter_errors(config)]
    assert errors == []
    broken = dict(config, locale="th")  # Decap-only key: the schema rejects it, so the check is real
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_cms_opens_pull_requests_and_signs_in_without_a_server(config: dict):
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "github" and config["backend"]["repo"] == "lao/oit"
    assert config["backend"]["auth_methods"] == ["token"]
    with_proxy = cms.cms_config(DEMO, repo="lao/oit", auth_url="https://auth.example.workers.dev/")
    assert with_proxy["backend"]["base_url"] == "https://auth.example.workers.dev"
    assert "oauth" in with_proxy["backend"]["auth_methods"]
    assert "https://auth.example.workers.dev" in cms.admin_csp("https://auth.example.workers.dev/")


def test_cms_upload_path_is_accepted_by_check(demo_copy: Path):
    """The CMS stores uploads as ./files/<name> (its public_folder); check accepts that path."""
    for col in cms.cms_config(demo_copy, repo="a/b")["collections"]:
        if col.get("divider"):
            continue
        assert col["public_folder"] == "./files" and col["media_folder"].endswith("/files")
    path = demo_copy / "agency.yaml"
    text = path.read_text(encoding="utf-8")
    assert "logo: files/images/logo.png" in text
    path.write_text(text.replace("logo: files/images/logo.png", "logo: ./files/images/logo.png"), encoding="utf-8")
    rep = check(demo_copy, CURRENT)
    assert not [f for f in rep.findings if f.code in (Code.UNSAFE_PATH, Code.MISSING_FILE)]


def test_admin_is_in_the_built_site(built_site: Path):
    admin = built_site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert "script-src 'self'" in csp and "unsafe-inline' " not in csp.split("script-src")[1].split(";")[0]
    assert page.count("Content-Security-Policy") == 1  # apply_csp left the admin page alone
    assert '<script src="sveltia-cms.js"></script>' in page
    bundle = (admin / "sveltia-cms.js").read_text(encoding="utf-8")
    assert cms.ICON_FONT_URL not in bundle and f"fonts/{cms.ICON_FONT_FILE}" in bundle
    assert (admin / "fonts" / cms.ICON_FONT_FILE).stat().st_size > 100_000
    assert (admin / "chunks").is_dir()
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["publish_mode"] == "editorial_workflow"
    assert {c["name"] for c in config["collections"] if not c.get("divider")} == {"agency", *load_topics()}


# ---------------------------------------------------------------------------------------------
# ITAS export, QR codes, notice board


def test_export_itas_matches_the_manifest(built_site: Path, tmp_path: Path):
    out = tmp_path / "itas.csv"
    assert main(["export", "itas", str(DEMO), "--year", str(CURRENT), "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode())  # Excel opens Thai UTF-8 correctly
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ข้อ", "ชื่อข้อมูล", "URL"]
    manifest = json.loads((built_site / "oit" / str(CURRENT) / "manifest.json").read_text(encoding="utf-8"))
    assert [tuple(r[:3]) for r in rows[1:]] == [(it["id"], it["title"], it["url"]) for it in manifest["items"]]
    assert all(r[2].startswith("https://example.github.io/oitsite/oit/") for r in rows[1:])
    for it in manifest["items"]:
        assert (built_site / it["path"]).is_file()
    assert (built_site / "oit" / str(CURRENT) / "itas.csv").read_bytes() == data


def test_every_item_page_has_its_own_qr(built_site: Path):
    base = "https://example.github.io/oitsite/"
    for year_dir in sorted((built_site / "oit").glob("25??")):
        manifest = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))
        for it in manifest["items"]:
            html = (built_site / it["path"]).read_text(encoding="utf-8")
            m = re.search(r'<figure class="oit-qr"><img[^>]*src="([^"]+)"', html)
            assert m, it["path"]
            svg = (built_site / it["path"]).parent / m.group(1)
            expected = io.BytesIO()
            segno.make(base + it["path"], error="m").save(expected, kind="svg", scale=3, border=2, xmldecl=False,
                                                         svgns=True, title=f"QR {it['id']}", nl=False)
            assert svg.read_bytes() == expected.getvalue(), it["path"]


def test_noticeboard_sheet(built_site: Path, tmp_path: Path):
    sheet = (built_site / "oit" / str(CURRENT) / "noticeboard.html").read_text(encoding="utf-8")
    manifest = json.loads((built_site / "oit" / str(CURRENT) / "manifest.json").read_text(encoding="utf-8"))
    assert "@page { size: A4 portrait" in sheet and "<script" not in sheet
    assert sheet.count('<svg') == len(manifest["items"]) + 1  # every item and the year's index
    for it in manifest["items"]:
        assert f'href="{it["url"]}"' in sheet
    out = tmp_path / "board.html"
    assert main(["noticeboard", str(DEMO), "--year", str(CURRENT), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == sheet


def test_noticeboard_needs_site_url(skeleton: Path, tmp_path: Path, capsys):
    assert main(["noticeboard", str(skeleton), "--out", str(tmp_path / "b.html")]) == 1
    assert "site_url" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# PR summary and link report


def test_pr_summary_in_thai(skeleton: Path, tmp_path: Path, capsys):
    out = tmp_path / "summary.md"
    out.write_text("ก่อนหน้า\n", encoding="utf-8")
    assert main(["export", "summary", str(skeleton), "--out", str(out), "--annotations"]) == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith("ก่อนหน้า\n")  # appended, as $GITHUB_STEP_SUMMARY wants
    assert "❌" in text and "ผลการตรวจข้อมูล" in text and "| ระดับ |" in text
    notes = capsys.readouterr().out.splitlines()
    assert notes and all(n.startswith("::error ") for n in notes[:5])
    assert main(["export", "summary", str(DEMO), "--year", str(CURRENT)]) == 0
    assert "✅" in capsys.readouterr().out


def test_annotations_cannot_inject_commands():
    f = Finding(Code.PLACEHOLDER, "a\n::set-env name=X::1 | <b>", "x", file="a,b:c.yaml", line=3)
    line = summary.annotation(f)
    # one line: the injected "::set-env" stays inside the message, never at the start of a line
    assert "\n" not in line and "\r" not in line and line.startswith("::error file=a%2Cb%3Ac.yaml,line=3,")
    assert "%0A::set-env" in line
    assert "<b>" not in summary.md_cell("<b>|x") and "\\|" in summary.md_cell("|")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802
        self.send_response(405 if self.path == "/nohead" else 200 if self.path in ("/ok", "/nohead") else 404)
        self.end_headers()

    def do_GET(self):  # noqa: N802
        self.send_response(200 if self.path in ("/ok", "/nohead") else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_link_check_reports_broken_links(tmp_path: Path):
    links = linkcheck.agency_links(DEMO)
    assert links and all(ln.url.startswith("https://") and ln.line for ln in links)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        probe = [linkcheck.Link(base + p, "data/x.yaml", n, "ช่องทาง") for n, p in enumerate(["/ok", "/gone", "/nohead"], 1)]
        linkcheck.check_links(probe, timeout=5)
    finally:
        srv.shutdown()
    assert [ln.status for ln in probe] == ["ok", "broken", "ok"]
    assert "404" in probe[1].note
    report = linkcheck.links_markdown(probe, "อบต.")
    assert "เปิดไม่ได้ 1 จาก 3" in report and "data/x.yaml:2" in report


# ---------------------------------------------------------------------------------------------
# The editor's guide


GUIDE = ROOT / "source" / "guide"


def test_guide_pages_and_screenshots():
    pages = sorted(GUIDE.glob("*.md"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    for topic in ("oitsite new", "/admin/", "token", "oitsite check", "Pages", "ITAS", "itas.csv"):
        assert topic in text, topic
    images = re.findall(r"!\[[^\]]+\]\((img/[^)]+\.png)\)", text)
    assert len(images) >= 6
    for rel in images:
        png = GUIDE / rel
        assert png.is_file(), rel
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size < 80_000, rel


def test_guide_is_published_and_linked(built_site: Path):
    index = built_site / "guide" / "index.html"
    assert index.is_file()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="guide/index.html"' in home
    for page in sorted(GUIDE.glob("*.md")):
        html = built_site / "guide" / (page.stem + ".html")
        assert html.is_file(), page.name
    for img in re.findall(r'src="([^"]+\.png)"', index.read_text(encoding="utf-8")):
        assert (index.parent / img).is_file()

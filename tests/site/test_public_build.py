"""Draft and public are different builds (issue 13).

A fresh ``oitsite new`` skeleton, as an agency has it on its first day, built twice:

* the public build (what ``deploy.yml`` publishes): every gap reads "อยู่ระหว่างจัดทำข้อมูล" — no
  placeholder ``((กรอก: …))``, no red "ยังขาด" list, no internal file name (``data/2566/….yaml``) on any
  page, in the manifest or the ITAS export; ``oitsite verify-site`` accepts it;
* the draft (``--allow-incomplete``, the pull request's preview): banner "ฉบับร่าง", ``noindex``,
  robots.txt closed, stamped as a draft; ``oitsite verify-site`` refuses it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from oitsite.cli import main

NAME = "องค์การบริหารส่วนตำบลทดสอบร่าง"
URL = "https://thotsop.example.go.th/"
#: what a public page must never show: placeholders, the draft's red words, the agency's file names
LEAKS = {
    "placeholder": re.compile(r"\(\(กรอก"),
    "ยังขาด": re.compile("ยังขาด"),
    "ไม่พบไฟล์": re.compile("ไม่พบไฟล์"),
    "internal path": re.compile(r"\bdata/(?:\d{4}/)?[\w.-]+\.(?:ya?ml|md)\b|\bfiles/[\w./-]*\.(?:pdf|png|jpe?g)\b(?![\"'])"),
}


def _new(base: Path, *extra: str) -> Path:
    assert main(["new", "ban-rang", "--dir", str(base), "--non-interactive", "--name-th", NAME, *extra]) == 0
    return base / "ban-rang"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("public")
    agency = _new(base / "agencies", "--site-url", URL)
    out = {}
    for kind, args in (("public", []), ("draft", ["--allow-incomplete"])):
        rc = main(["build", str(agency), "--out", str(base / kind), "-j", "1", "--quiet", *args])
        assert rc == 0, kind
        out[kind] = base / kind
    return out


def _pages(site: Path) -> list[Path]:
    """The agency's pages (the editor's guide, guide/, is the project's manual about placeholders)."""
    return [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0] not in ("guide", "admin")]


def _visible(html: str) -> str:
    """Text and attribute values a reader or a search engine gets (scripts and styles aside), with
    Thai word breaks (oitsite.site.linebreak: span.tw, <wbr>) taken out, as copy and paste does."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r'<wbr>|<span class="tw">|</span>', "", html)


def test_public_build_of_a_fresh_skeleton_leaks_nothing(sites: dict[str, Path]):
    site = sites["public"]
    pages = _pages(site)
    assert len(pages) > 20
    leaks = []
    for page in pages:
        text = _visible(page.read_text(encoding="utf-8"))
        for what, pattern in LEAKS.items():
            m = pattern.search(text)
            if m:
                leaks.append(f"{page.relative_to(site)}: {what}: …{text[max(0, m.start() - 60):m.end() + 20]}…")
        assert 'class="oit-draft-banner"' not in text and 'content="noindex, nofollow"' not in text
    assert not leaks, "\n".join(leaks[:20])
    # a gap reads neutrally, on the item page and in the year's index
    index = _visible((site / "oit/2569/index.html").read_text(encoding="utf-8"))
    assert "อยู่ระหว่างจัดทำข้อมูล" in index
    o1 = _visible((site / "oit/2569/o01.html").read_text(encoding="utf-8"))
    assert "อยู่ระหว่างจัดทำข้อมูล" in o1 and 'data-status="missing"' in o1 and NAME in o1
    # search index and share texts too
    for extra in [site / "searchindex.js", *sorted((site / "_static").glob("oitsite-search*.json"))]:
        if extra.is_file():
            assert "((กรอก" not in extra.read_text(encoding="utf-8"), extra.name


def test_public_manifest_and_itas_mark_gaps_missing(sites: dict[str, Path]):
    site = sites["public"]
    manifest = json.loads((site / "oit/2569/manifest.json").read_text(encoding="utf-8"))
    assert manifest["build"] == "public"
    statuses = {i["id"]: i["status"] for i in manifest["items"]}
    assert statuses["O1"] == "missing" and manifest["summary"]["missing"] >= len(statuses) - 3
    text = json.dumps(manifest, ensure_ascii=False)
    assert "((กรอก" not in text and not LEAKS["internal path"].search(text)
    assert all("reasons" not in e for i in manifest["items"] for e in i["elements"])  # they name the agency's files
    itas = (site / "oit/2569/itas.csv").read_text(encoding="utf-8-sig").splitlines()
    o1 = next(r for r in itas if r.startswith("O1,"))
    assert o1.endswith("ยังไม่มีข้อมูล") and URL + "oit/2569/o01.html" in o1
    assert json.loads((site / ".oitsite-site").read_text())["build"] == "public"
    assert "Disallow: /\n" not in (site / "robots.txt").read_text()


def test_draft_is_visibly_a_draft(sites: dict[str, Path]):
    site = sites["draft"]
    for page in _pages(site):
        if page.name in ("404.html", "noticeboard.html"):
            continue  # self-contained pages (oitsite.publish), robots.txt closes the draft anyway
        text = _visible(page.read_text(encoding="utf-8"))
        assert '<meta name="robots" content="noindex, nofollow">' in text, page
        assert 'class="oit-draft-banner"' in text and "ฉบับร่าง" in text, page
    o1 = _visible((site / "oit/2569/o01.html").read_text(encoding="utf-8"))
    assert "ยังขาด" in o1 and 'class="oit-reason"' in o1  # the editors see what is missing, and where
    assert json.loads((site / ".oitsite-site").read_text())["build"] == "draft"
    assert json.loads((site / "oit/2569/manifest.json").read_text(encoding="utf-8"))["build"] == "draft"
    assert "Disallow: /\n" in (site / "robots.txt").read_text()
    assert not (site / "sitemap.xml").exists()


def test_verify_site_accepts_public_refuses_draft(sites: dict[str, Path], tmp_path: Path, capsys):
    assert main(["verify-site", str(sites["public"])]) == 0
    assert "เผยแพร่ได้" in capsys.readouterr().out
    assert main(["verify-site", str(sites["draft"])]) == 1
    err = capsys.readouterr().err
    assert "oit.draft-site" in err and ".oitsite-site:1" in err and "--allow-incomplete" in err
    # a draft whose stamp was edited is still refused, by what its pages carry
    forged = tmp_path / "forged"
    shutil.copytree(sites["draft"], forged)
    stamp = forged / ".oitsite-site"
    stamp.write_text(stamp.read_text().replace('"draft"', '"public"'))
    assert main(["verify-site", str(forged)]) == 1
    err = capsys.readouterr().err
    assert "oit.draft-site" in err and "ฉบับร่าง" in err and "oit/2569/o01.html:" in err
    # a folder oitsite did not build is not deployable either
    assert main(["verify-site", str(tmp_path / "nothing")]) == 1


def test_public_build_needs_the_agency_identity(tmp_path: Path, capsys):
    """What stops the public build is a check finding first: a skeleton without site_url (or with its
    name left as the placeholder) is refused with the finding `check` names; its draft builds."""
    agency = _new(tmp_path / "agencies")
    assert main(["check", str(agency)]) == 1
    assert "oit.missing-field" in capsys.readouterr().out
    assert main(["build", str(agency), "--out", str(tmp_path / "site"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"agency\.yaml:\d+: ผิดพลาด oit\.missing-field .*site_url", err), err
    assert "--allow-incomplete" in err and not (tmp_path / "site").exists()

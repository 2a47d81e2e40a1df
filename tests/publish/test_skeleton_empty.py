"""A fresh ``oitsite new --non-interactive`` skeleton is 0/N complete everywhere (issue 13):
item pages, the OIT index, the home page, manifest.json, itas.csv and ``oitsite export itas``,
for every catalog year; its template records reach no page table, total or download."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from oitsite.cli import main
from oitsite.findings import STATUS_TH
from oitsite.model.catalog import available_years, load_catalog
from oitsite.publish.manifest import itas_csv, manifest
from oitsite.site.build import build

NEWEST = available_years()[-1]


def _new(base: Path, year: int) -> Path:
    assert main(["new", f"ban-{year}", "--dir", str(base), "--non-interactive", "--year", str(year)]) == 0
    return base / f"ban-{year}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("skeleton")
    out = base / "site"
    build(_new(base, NEWEST), out, allow_incomplete=True)
    return out


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_every_item_page_and_the_index_say_zero(site: Path):
    catalog = load_catalog(NEWEST)
    for item in catalog.items:
        page = _text(site / "oit" / str(NEWEST) / f"{item.slug}.html")
        assert f"ครบ 0 จาก {len(item.elements)} องค์ประกอบ" in page, item.id
        assert "✓" not in page, f"{item.id}: an element shown as met"
    index = _text(site / "oit" / str(NEWEST) / "index.html")
    assert f"ครบ 0 จาก {len(catalog.items)} รายการ" in index
    assert not re.search(r"\((?!0/)\d+/\d+\)", index), "an item counted as partly met on the index"
    assert f"ครบ 0 จาก {len(catalog.items)} รายการ" in _text(site / "index.html")


def test_manifest_itas_and_downloads_hold_no_template_data(site: Path):
    man = json.loads((site / "oit" / str(NEWEST) / "manifest.json").read_text(encoding="utf-8"))
    assert man["summary"]["met"] == 0 and man["summary"]["partial"] == 0
    assert all(e["status"] == "missing" for it in man["items"] for e in it["elements"])
    assert "((กรอก" not in json.dumps(man, ensure_ascii=False)
    rows = list(csv.reader(io.StringIO((site / "oit" / str(NEWEST) / "itas.csv").read_text(encoding="utf-8-sig"))))
    assert {r[3] for r in rows[1:]} == {STATUS_TH["missing"]}
    # open data (CSV/JSON of list fields): a template record is no record, so nothing to download
    assert not [d for it in man["items"] for d in it["downloads"]]
    for f in site.rglob("*"):
        if f.suffix in (".csv", ".json") and "_static" not in f.parts:
            assert "((กรอก" not in f.read_text(encoding="utf-8-sig"), f


@pytest.mark.parametrize("year", available_years())
def test_every_year_exports_zero(tmp_path: Path, year: int, capsysbinary):
    agency = _new(tmp_path, year)
    man = manifest(agency, year)
    capsysbinary.readouterr()
    assert man["summary"] == {"met": 0, "partial": 0, "missing": len(load_catalog(year).items)}
    assert main(["export", "itas", str(agency), "--year", str(year)]) == 0
    out = capsysbinary.readouterr().out
    assert out == itas_csv(man)
    assert STATUS_TH["met"] + "\r\n" not in out.decode("utf-8-sig")


def test_check_names_every_placeholder_with_file_line_item_and_path(tmp_path: Path):
    from oitsite.check.validate import check
    from oitsite.findings import Code

    agency = _new(tmp_path, NEWEST)
    found = [f for f in check(agency, NEWEST).findings if f.code is Code.PLACEHOLDER]
    assert found and all(f.file and f.line for f in found)
    data = [f for f in found if "/data/" in f.file.replace("\\", "/")]
    assert data and all(f.items and f.path for f in data), [f for f in data if not (f.items and f.path)][:3]
    assert any(f.path == "agency.name_en" for f in found)

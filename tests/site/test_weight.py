"""Light pages (issue #6): an O-item page's first view <= 150 KB gzipped, Thai font included, with the
theme's navigation intact; nothing the pages do not use is shipped."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_weight  # noqa: E402
import browserkit  # noqa: E402

from oitsite.site import csspurge  # noqa: E402
from oitsite.site.build import _INLINE_SCRIPT  # noqa: E402


def test_unused_theme_assets_are_not_shipped(built_site: Path):
    static = built_site / "_static"
    for gone in ("scripts/fontawesome.js", "scripts/bootstrap.js", "vendor", "searchtools.js", "doctools.js", "locales"):
        assert not (static / gone).exists(), gone
    assert not list(static.rglob("*.map"))
    for font in ("sarabun-thai-400-normal.woff2", "sarabun-thai-700-normal.woff2"):
        assert (static / "fonts" / font).stat().st_size > 5000


def test_pages_load_one_stylesheet_and_no_inline_script(built_site: Path):
    for page in ("index.html", "oit/2567/index.html", "oit/2567/o16.html", "search.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        sheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]*>', html)
        assert len(sheets) == 1 and "oitsite-bundle.css" in sheets[0], (page, sheets)
        assert not [m.group(0)[:80] for m in _INLINE_SCRIPT.finditer(html)], page
        assert "fontawesome" not in html and "bootstrap.js" not in html
        assert re.search(r'rel="preload" href="[^"]*sarabun-thai-400-normal\.woff2" as="font"', html)
        # the theme's navigation is there: sidebar, prev/next, skip link in Thai
        assert 'id="pst-primary-sidebar"' in html and "ข้ามไปยังเนื้อหาหลัก" in html
    o16 = (built_site / "oit/2567/o16.html").read_text(encoding="utf-8")
    assert 'class="prev-next-area"' in o16


def test_bundle_keeps_rules_the_pages_use(built_site: Path):
    css = (built_site / "_static/oitsite-bundle.css").read_text(encoding="utf-8")
    assert "@font-face" in css and "Sarabun" in css
    for selector in (".oit-elements", ".oit-scroll", ".bd-sidebar-primary", ".prev-next-area", ".oit-status.oit-met"):
        assert selector in css, selector
    assert "Font Awesome" not in css
    # and drops what no page can match
    used = csspurge.used_names([(built_site / "oit/2567/o16.html").read_text(encoding="utf-8")])
    assert not csspurge.selector_matches(".carousel-item-next", used)
    assert csspurge.selector_matches("table.oit-table th", used)


@pytest.mark.browser
@pytest.mark.skipif(not browserkit.chromium_available(), reason="Debian chromium not installed")
def test_o16_first_view_under_150kb_with_thai_font(built_site: Path):
    with browserkit.serve(built_site) as base, browserkit.browser() as b:
        fv = bench_weight.first_view(b, base + "oit/2567/o16.html")
    assert fv["thai_font"], fv["files"]
    assert any("sarabun-thai-400" in name for name, _ in fv["files"])
    assert fv["bytes"] <= bench_weight.BUDGET_KB * 1024, fv["files"]
    assert fv["by_type"].get("Script", 0) < 20 * 1024

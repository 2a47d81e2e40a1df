"""Printing, as an agency and an assessor do it, in Debian's Chromium (PDF read back with pypdf):

* the notice board (oit/<year>/noticeboard.html, linked from the year's index) prints on exactly one
  A4 page, in Sarabun (embedded: the PDF's fonts are Sarabun, not a fallback);
* an item page prints with its agency, item, year and URL at the top (and its QR code);
* the element box prints open.
"""

from __future__ import annotations

import io
import math
import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import browserkit  # noqa: E402

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not browserkit.chromium_available(), reason="Debian chromium not installed")]

AGENCY = "องค์การบริหารส่วนตำบลบ้านตัวอย่าง"
SITE_URL = "https://example.github.io/oitsite/"
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _skeleton(s: str) -> str:
    """Letters only (pypdf loses Sarabun's positioned marks and spaces; see test_journeys)."""
    s = unicodedata.normalize("NFC", s).replace("\u0e33", "\u0e32")
    return re.sub(r"[\s\x00]+", "", _MARKS.sub("", s.replace("\u0e4d", "")))


@pytest.fixture(scope="module")
def site(built_site: Path):
    with browserkit.serve(built_site) as base, browserkit.browser() as b:
        yield b, base, built_site


def _pdf(browser, url: str, width: int = 1280):
    from pypdf import PdfReader

    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready")
    data = page.pdf(format="A4", prefer_css_page_size=True)
    page.close()
    return PdfReader(io.BytesIO(data))


def _fonts(reader) -> set[str]:
    out = set()
    for p in reader.pages:
        for f in (p.get("/Resources") or {}).get("/Font", {}).values():
            out.add(str(f.get_object().get("/BaseFont", "")).split("+")[-1])
    return out


@pytest.mark.parametrize("year", [2567, 2569])
def test_notice_board_prints_on_one_a4_page_in_sarabun(site, year):
    browser, base, folder = site
    index = (folder / f"oit/{year}/index.html").read_text(encoding="utf-8")
    assert 'href="noticeboard.html"' in index, "linked from the year's index"
    reader = _pdf(browser, base + f"oit/{year}/noticeboard.html")
    items = len(re.findall(r"<li>", (folder / f"oit/{year}/noticeboard.html").read_text(encoding="utf-8")))
    assert items >= 20
    assert len(reader.pages) == 1 or len(reader.pages) == math.ceil(items / 12), (items, len(reader.pages))
    fonts = _fonts(reader)
    assert any(f.startswith("Sarabun") for f in fonts), fonts
    assert not [f for f in fonts if not f.startswith(("Sarabun", "DejaVuSansMono"))], fonts  # no fallback font
    text = _skeleton(reader.pages[0].extract_text())
    assert _skeleton(AGENCY) in text and ("O35" if year == 2567 else "O26") in text
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210 and round(float(box.height) / 72 * 25.4) == 297  # A4


def test_printed_item_page_names_agency_item_year_and_url(site):
    browser, base, folder = site
    reader = _pdf(browser, base + "oit/2567/o23.html")
    first = reader.pages[0].extract_text()
    text = _skeleton(first)
    assert _skeleton(AGENCY) in text
    assert _skeleton("ปี 2567") in text and "O23" in text
    assert SITE_URL + "oit/2567/o23.html" in first.replace("\n", "").replace(" ", "")
    html = (folder / "oit/2567/o23.html").read_text(encoding="utf-8")
    assert re.search(r'class="oit-print-only oit-print-header".*?<img[^>]+o23-qr\.svg', html, re.S)
    # the element box prints, open: its labels are on paper
    assert _skeleton("องค์ประกอบตามเกณฑ์") in _skeleton("".join(p.extract_text() for p in reader.pages))


ARTIFACTS = ROOT / "test-artifacts"
#: one page of each type, as a phone shows it
PAGE_TYPES = {
    "home": "index.html",
    "year-index": "oit/2567/index.html",
    "item-table-o16": "oit/2567/o16.html",
    "item-photos-o02": "oit/2567/o02.html",
    "search": "search.html?q=%E0%B8%87%E0%B8%9A%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%A1%E0%B8%B2%E0%B8%93",
    "404": "404.html",
    "noticeboard": "oit/2567/noticeboard.html",
}


def test_screenshots_of_every_page_type_at_360px(site):
    """test-artifacts/phone-<type>.png, for people to look at; and nothing wider than the phone."""
    browser, base, _ = site
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    wide = []
    for name, path in PAGE_TYPES.items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.evaluate("() => document.fonts.ready")
        if name == "search":
            page.wait_for_selector("#search-results li", timeout=15_000)
        page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > 362:
            wide.append(f"{name}: {width}px")
        # photos keep their proportions (not squeezed to a strip; object-fit: cover crops, never squeezes)
        squeezed = page.evaluate("""() => [...document.querySelectorAll('.oit-card img, .oit-img')]
            .filter(i => i.naturalWidth && getComputedStyle(i).objectFit !== 'cover' && Math.abs(i.clientWidth / i.clientHeight - i.naturalWidth / i.naturalHeight) > 0.05)
            .map(i => i.src)""")
        assert not squeezed, (name, squeezed)
        assert page.evaluate("""() => [...document.querySelectorAll('.oit-card img')].every(i => i.clientHeight >= 0.5 * i.clientWidth)"""), name
    ctx.close()
    assert not wide, wide
    assert all((ARTIFACTS / f"phone-{n}.png").stat().st_size > 5000 for n in PAGE_TYPES)

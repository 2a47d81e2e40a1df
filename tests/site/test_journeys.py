"""Journeys through the published demo site as citizens and assessors make them (issue "The public
site as citizens and assessors really use it"), in Debian's Chromium at 360 px and 1280 px:

* a citizen on a phone opens the menu (☰) and goes to another year's O16;
* someone scans a notice-board QR code and lands on an item page: the agency is named there;
* a link shared on LINE/Facebook carries a title, a description and a preview image;
* an assessor prints O16: every column of its tables is on paper.

The site is the demo agency built once per session (``built_site`` in tests/conftest.py), served
over HTTP the way a static host serves it (scripts/browserkit.py).
"""

from __future__ import annotations

import io
import os
import re
import struct
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
SHORT = "อบต.บ้านตัวอย่าง"
SITE_URL = "https://example.github.io/oitsite/"


@pytest.fixture(scope="module")
def site(request):
    """(browser, base URL, site folder). OITSITE_JOURNEY_SITE=<folder> runs the journeys against a
    site built beforehand (e.g. from an older commit, to see a journey fail)."""
    folder = os.environ.get("OITSITE_JOURNEY_SITE")
    out = Path(folder) if folder else request.getfixturevalue("built_site")
    with browserkit.serve(out) as base, browserkit.browser() as b:
        yield b, base, out


def _page(browser, width: int):
    phone = width < 500
    ctx = browser.new_context(viewport={"width": width, "height": 740 if phone else 900}, device_scale_factor=1,
                              is_mobile=phone, has_touch=phone)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return ctx, page, errors


def _open_menu(page, phone: bool) -> None:
    """Tap (phone) or click the one menu button a visitor can see."""
    buttons = page.locator(".primary-toggle:visible")
    assert buttons.count() == 1, "exactly one visible menu button"
    if phone:
        buttons.first.tap()
    else:
        buttons.first.click()


def _menu_link(page, text: str):
    """The link ``text`` in the site navigation, wherever the theme shows it (the sidebar, or the
    dialog it moves the sidebar into on phones)."""
    return page.locator("nav.bd-docs-nav a:visible", has_text=text).first


def test_phone_menu_opens_and_reaches_another_years_o16(site):
    browser, base, _ = site
    ctx, page, errors = _page(browser, 360)
    page.goto(base + "oit/2569/o16.html")
    page.wait_for_load_state("load")
    nav = page.locator("nav.bd-docs-nav")
    assert not nav.is_visible() or nav.bounding_box()["x"] < 0, "menu closed at first"

    _open_menu(page, phone=True)
    page.wait_for_function("() => { const n = [...document.querySelectorAll('nav.bd-docs-nav')]"
                           ".find(n => n.getBoundingClientRect().width > 0); return n && n.getBoundingClientRect().x >= 0 }",
                           timeout=5000)
    box = page.locator("nav.bd-docs-nav:visible").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 361, box
    _menu_link(page, "ปี 2568").tap()
    page.wait_for_url(re.compile(r"oit/2568/index\.html$"))

    _open_menu(page, phone=True)
    link = _menu_link(page, "O16 ")
    link.wait_for(state="visible", timeout=5000)
    assert link.bounding_box()["x"] >= 0
    link.tap()
    page.wait_for_url(re.compile(r"oit/2568/o16\.html$"))
    assert page.inner_text("article h1").startswith("O16")
    assert not errors, errors
    ctx.close()


def test_desktop_menu_button_hides_and_shows_the_sidebar(site):
    browser, base, _ = site
    ctx, page, errors = _page(browser, 1280)
    page.goto(base + "oit/2569/o16.html")
    page.wait_for_load_state("load")
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.bounding_box()["x"] >= 0
    _open_menu(page, phone=False)
    page.wait_for_function("() => document.querySelector('#pst-primary-sidebar').getBoundingClientRect().right <= 0"
                           " || getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility === 'hidden'"
                           " || document.querySelector('#pst-primary-sidebar').offsetWidth === 0", timeout=5000)
    _open_menu(page, phone=False)
    page.wait_for_function("() => document.querySelector('#pst-primary-sidebar').getBoundingClientRect().x >= 0"
                           " && document.querySelector('#pst-primary-sidebar').offsetWidth > 0", timeout=5000)
    _menu_link(page, "ปี 2567").click()
    page.wait_for_url(re.compile(r"oit/2567/index\.html$"))
    assert not errors, errors
    ctx.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_item_opened_from_a_qr_code_names_the_agency(site, width):
    browser, base, _ = site
    ctx, page, errors = _page(browser, width)
    page.goto(base + "oit/2567/o02.html")  # as from the QR code: no referrer, no history
    page.wait_for_load_state("load")
    assert AGENCY in page.title() or SHORT in page.title()
    # the agency is named on the first screen, above the fold, and visibly
    named = page.locator(".oit-agency-name:visible")
    assert named.count() >= 1
    text = named.first.inner_text()
    assert SHORT in text or AGENCY in text, text
    box = named.first.bounding_box()
    assert box["y"] < (740 if width < 500 else 900) and box["x"] >= 0
    # and in the page content itself (printed, read by screen readers with the rest)
    assert AGENCY in page.inner_text("article")
    assert not errors, errors
    ctx.close()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("path,title", [
    ("index.html", AGENCY),
    ("oit/2567/o02.html", f"O2 ข้อมูลผู้บริหาร ปี 2567 – {SHORT}"),
    ("oit/2569/o16.html", "O16 "),
    ("oit/2568/index.html", "ปี 2568"),
])
def test_share_tags_for_line_and_facebook(site, path, title):
    browser, base, out = site
    ctx, page, _ = _page(browser, 360)
    page.goto(base + path)
    assert title in page.title(), page.title()
    meta = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('meta[property], meta[name]')]
        .map(m => [m.getAttribute('property') || m.getAttribute('name'), m.getAttribute('content')]))""")
    assert meta.get("description", "").strip(), path
    assert meta["og:title"] == page.title() or title in meta["og:title"]
    assert meta["og:description"].strip()
    assert meta["og:locale"] == "th_TH"
    assert meta["og:type"] in ("website", "article")
    assert meta["og:url"] == SITE_URL + path.removesuffix("index.html")
    assert page.get_attribute('link[rel="canonical"]', "href") == meta["og:url"]
    image = meta["og:image"]
    assert image.startswith(SITE_URL) and image.endswith(".png"), image
    png = (out / image.removeprefix(SITE_URL)).read_bytes()
    assert _png_size(png) == (1200, 630)
    assert meta.get("og:image:width") == "1200" and meta.get("og:image:height") == "630"
    assert meta.get("og:image:alt", "").strip()
    assert meta.get("twitter:card") == "summary_large_image"
    ctx.close()


def test_search_page_title_is_not_empty(site):
    browser, base, _ = site
    ctx, page, _ = _page(browser, 360)
    page.goto(base + "search.html")
    t = page.title()
    assert not t.rstrip().endswith("-") and SHORT in t, t
    ctx.close()


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "".join(p.extract_text() or "" for p in reader.pages)


#: Thai vowels and tone marks written above or below the letter
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _skeleton(s: str) -> str:
    """Text as compared with what pypdf reads back from Chromium's PDF: Sarabun's positioned forms
    of the marks above and below the letter have no Unicode mapping (they come back as NUL or
    nothing), sara am (ำ) may come back split, and spaces are not reliable: compare the letters."""
    s = unicodedata.normalize("NFC", s).replace("\u0e33", "\u0e32")
    return re.sub(r"[\s\x00]+", "", _MARKS.sub("", s.replace("\u0e4d", "")))


def test_printed_o16_keeps_every_column(site):
    browser, base, _ = site
    ctx, page, errors = _page(browser, 1280)
    page.goto(base + "oit/2567/o16.html")
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    headers = page.eval_on_selector_all("article table.oit-table thead th",
                                        "ths => ths.map(th => (th.querySelector('.oit-th-label') || th).textContent.trim())")
    headers = [h for h in dict.fromkeys(headers) if h]
    assert len(headers) >= 5, headers
    page.emulate_media(media="print")
    # the sort buttons print as plain header text, the table's search box not at all
    assert page.locator("article table.oit-table button.oit-sort").count() >= 5
    assert page.eval_on_selector_all("article table.oit-table button.oit-sort", """bs => bs.every(b => {
        const s = getComputedStyle(b); return s.borderStyle === 'none' && s.backgroundColor === 'rgba(0, 0, 0, 0)' })""")
    assert page.eval_on_selector_all(".oit-filter", "fs => fs.every(f => getComputedStyle(f).display === 'none')")
    # portrait A4 (what format= forces) and the sheets the page's CSS asks for (Chrome's print dialog)
    for prefer_css in (False, True):
        text = _skeleton(_pdf_text(page.pdf(format="A4", prefer_css_page_size=prefer_css)))
        missing = [h for h in headers if _skeleton(h) not in text]
        assert not missing, (prefer_css, missing)
        assert _skeleton(AGENCY) in text
    ctx.close()


def test_other_years_on_home_exclude_the_current_year(site):
    browser, base, _ = site
    ctx, page, _ = _page(browser, 360)
    page.goto(base + "index.html")
    others = page.eval_on_selector_all(".oit-other-years a", "as => as.map(a => a.textContent)")
    assert others and not any("2569" in o for o in others), others
    ctx.close()


def test_build_writes_what_hosts_and_search_engines_expect(site):
    _, _, out = site
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs[0] == SITE_URL
    assert SITE_URL + "oit/2567/o16.html" in locs and SITE_URL + "oit/2568/" in locs
    assert not any("admin" in u or "search.html" in u or "noticeboard" in u or "genindex" in u for u in locs)
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: " + SITE_URL + "sitemap.xml" in robots and "/admin/" in robots
    notfound = (out / "404.html").read_text(encoding="utf-8")
    assert 'lang="th"' in notfound and "ไม่พบหน้าที่ต้องการ" in notfound and AGENCY in notfound
    assert f'href="{SITE_URL}"' in notfound  # absolute links: served at any missing address
    assert "<script" not in notfound
    for name, size in (("favicon.png", 32), ("apple-touch-icon.png", 180)):
        assert _png_size((out / name).read_bytes()) == (size, size)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'rel="icon"' in home and "favicon.png" in home
    # no empty "ดัชนี" page; the editor's guide is published but not in the public menu
    assert not (out / "genindex.html").exists() and "genindex" not in home
    assert (out / "guide" / "index.html").is_file()
    for page in ("index.html", "oit/2567/o16.html", "oit/2569/index.html"):
        nav = (out / page).read_text(encoding="utf-8").split('bd-docs-nav', 1)[1].split("</nav>", 1)[0]
        assert "guide/" not in nav, page
    # one preview image per item page, and a title of its own for every page
    assert len(list((out / "og" / "oit" / "2567").glob("o*.png"))) >= 35
    titles = [re.search(r"<title>([^<]*)</title>", p.read_text(encoding="utf-8")).group(1)
              for p in sorted((out / "oit").rglob("o*.html"))]
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize("width", [360, 1280])
def test_pages_look_right_on_phones_and_desktops(site, width):
    browser, base, _ = site
    ctx, page, _ = _page(browser, width)
    # O2: executives' photos keep their proportions (no stretching to the card's height)
    page.goto(base + "oit/2567/o02.html")
    page.wait_for_load_state("load")
    photos = page.eval_on_selector_all("main .oit-card img", """imgs => imgs.map(i => {
        const r = i.getBoundingClientRect();
        return [r.width / r.height, getComputedStyle(i).objectFit, i.naturalWidth && i.naturalWidth / i.naturalHeight] })""")
    assert photos
    for shown, fit, natural in photos:
        # a portrait frame (was 104 × 480 px on phones: a sliver of the face)...
        assert 0.6 <= shown <= 1.0, photos
        # ...that the picture fills without being distorted
        assert fit in ("cover", "contain") or (natural and abs(shown - natural) / natural < 0.05), photos
    # headings get smaller level by level (O34 analysis, O4 contacts)
    for path in ("oit/2567/o34.html", "oit/2567/o04.html"):
        page.goto(base + path)
        sizes = page.evaluate("""['h1', 'h2', 'h3', 'h4'].map(t => document.querySelector('article ' + t))
            .filter(Boolean).map(h => parseFloat(getComputedStyle(h).fontSize))""")
        assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes), (path, sizes)
    # home: the emblem at emblem size, not its file's 300 px
    page.goto(base + "index.html")
    page.wait_for_load_state("load")
    box = page.locator("main .oit-home-logo img").bounding_box()
    assert box["width"] <= 160 and box["height"] <= 200, box
    ctx.close()

"""The published pages in a real browser (issue #6): Debian's Chromium through Playwright.

Navigation from the OIT index to every item, keyboard use, no sideways scrolling on a 360 px
phone except inside table containers, axe-core with no serious/critical violation on every page
type, print layout; phone-width screenshots of key pages are kept in test-artifacts/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from oitsite.model.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import browserkit  # noqa: E402

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not browserkit.chromium_available(), reason="Debian chromium not installed")]

ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: one page of every type: home, OIT index, item pages with tables and photos, analysis with charts, search
KEY_PAGES = {
    "home": "index.html",
    "oit-index": "oit/2567/index.html",
    "item-tables": "oit/2567/o16.html",
    "item-photos": "oit/2567/o02.html",
    "item-analysis-charts": "oit/2567/o34.html",
    "search": "search.html?q=%E0%B8%88%E0%B8%B1%E0%B8%94%E0%B8%8B%E0%B8%B7%E0%B9%89%E0%B8%AD%E0%B8%88%E0%B8%B1%E0%B8%94%E0%B8%88%E0%B9%89%E0%B8%B2%E0%B8%87",
}


@pytest.fixture(scope="module")
def site(built_site: Path):
    with browserkit.serve(built_site) as base, browserkit.browser() as b:
        yield b, base


def _settle(page) -> None:
    """Loaded, fonts included (networkidle is unreliable on a busy machine)."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")


def _new_page(browser, width: int = 360, height: int = 740, **kw):
    ctx = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1, **kw)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return ctx, page, errors


def test_index_links_reach_every_item(site):
    browser, base = site
    ctx, page, errors = _new_page(browser, 1280, 900)
    for year in (2567, 2568, 2569):
        items = load_catalog(year).items
        page.goto(base + f"oit/{year}/index.html")
        hrefs = page.eval_on_selector_all("table.oit-index tbody a", "as => as.map(a => a.getAttribute('href'))")
        assert hrefs == [f"{it.slug}.html" for it in items]
        for it in items:
            page.goto(base + f"oit/{year}/index.html")
            page.locator(f'table.oit-index tbody a[href="{it.slug}.html"]').click()
            page.wait_for_load_state()
            assert page.url.endswith(f"oit/{year}/{it.slug}.html")
            h1 = page.inner_text("article h1")
            assert h1.startswith(it.id), (year, it.id, h1)
            assert page.locator(f'[data-oit-item="{it.id}"]').count() == 1
    assert not errors, errors
    ctx.close()


def test_pages_are_thai_and_use_the_csp_without_violations(site):
    browser, base = site
    ctx, page, errors = _new_page(browser)
    for name, path in KEY_PAGES.items():
        page.goto(base + path)
        _settle(page)
        assert page.get_attribute("html", "lang") == "th", name
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, name
        assert page.evaluate("document.fonts.check('16px Sarabun', 'ก')"), name
    csp = [e for e in errors if "Content Security Policy" in e]
    assert not csp, csp
    assert not errors, errors
    ctx.close()


def test_keyboard_skip_link_and_focus(site):
    browser, base = site
    ctx, page, _ = _new_page(browser)
    page.goto(base + KEY_PAGES["item-tables"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "ข้ามไปยังเนื้อหาหลัก"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main-content")
    # table containers that scroll can be reached and scrolled from the keyboard
    assert page.eval_on_selector_all(".oit-scroll", "els => els.every(e => e.tabIndex === 0 && e.getAttribute('role') === 'region' && e.getAttribute('aria-label'))")
    # tabbing reaches the element box links and the prev/next links
    seen = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("(document.activeElement.closest('.oit-elements') ? 'elements' : '') + "
                               "(document.activeElement.closest('.prev-next-area') ? 'prevnext' : '')"))
    assert "elements" in seen and "prevnext" in seen
    ctx.close()


def test_no_horizontal_scroll_at_360px_and_screenshots(site):
    browser, base = site
    ARTIFACTS.mkdir(exist_ok=True)
    ctx, page, _ = _new_page(browser, 360, 740, is_mobile=True, has_touch=True)
    for name, path in KEY_PAGES.items():
        page.goto(base + path)
        _settle(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (name, width)
        # anything wider than the screen sits inside a scroll container
        wide = page.evaluate("""() => [...document.querySelectorAll('main *')].filter(el => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || getComputedStyle(el).visibility === 'hidden') return false;
            if (r.right <= 361) return false;
            return !el.closest('.oit-scroll, .pst-scrollable-table-container, .bd-sidebar-secondary, dialog');
        }).map(el => el.tagName + '.' + el.className)""")
        assert not wide, (name, wide[:5])
        page.screenshot(path=str(ARTIFACTS / f"phone-360-{name}.png"), full_page=True)
    ctx.close()
    assert len(list(ARTIFACTS.glob("phone-360-*.png"))) >= len(KEY_PAGES)


def test_axe_core_no_serious_or_critical(site):
    browser, base = site
    assert AXE.is_file(), "run `npm ci` (axe-core)"
    ctx, page, _ = _new_page(browser, 1280, 900, bypass_csp=True)  # axe is injected by the test, not the site
    problems = []
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in KEY_PAGES.items():
            page.goto(base + path)
            _settle(page)
            page.add_script_tag(path=str(AXE))
            res = page.evaluate("""() => axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                resultTypes: ['violations']})""")
            for v in res["violations"]:
                if v["impact"] in ("serious", "critical"):
                    problems.append(f"{width}px {name}: {v['id']} ({v['impact']}) {v['help']} — "
                                    + "; ".join(n["target"][0] for n in v["nodes"][:3]))
    ctx.close()
    assert not problems, "\n".join(problems)


def test_images_have_alt_text(site):
    browser, base = site
    ctx, page, _ = _new_page(browser, 1280, 900)
    for path in (KEY_PAGES["item-photos"], KEY_PAGES["item-analysis-charts"], KEY_PAGES["home"]):
        page.goto(base + path)
        missing = page.eval_on_selector_all("main img", "imgs => imgs.filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src)")
        assert not missing, (path, missing)
    page.goto(base + KEY_PAGES["item-photos"])
    assert page.locator("main .oit-card img").count() > 0
    ctx.close()


def test_print_layout_shows_content_only(site):
    browser, base = site
    ctx, page, _ = _new_page(browser, 1280, 900)
    page.goto(base + KEY_PAGES["item-tables"])
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.bd-sidebar-primary', '.bd-header-article', '.prev-next-footer', '#pst-back-to-top']
        .map(s => document.querySelector(s)).filter(Boolean).every(e => getComputedStyle(e).display === 'none')""")
    assert hidden
    titles = page.evaluate("[...document.querySelectorAll('h1')].filter(h => h.offsetParent !== null).map(h => h.textContent)")
    assert any("O16" in t for t in titles), titles  # the book theme prints its own title block
    assert page.is_visible("article .oit-topic table.oit-table")
    overflow = page.evaluate("getComputedStyle(document.querySelector('.oit-scroll')).overflowX")
    assert overflow == "visible"
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
    ctx.close()


def test_tables_have_header_cells(built_site: Path):
    for path in ("oit/2567/o16.html", "oit/2567/index.html", "oit/2567/o34.html"):
        html = (built_site / path).read_text(encoding="utf-8")
        tables = re.findall(r"<table.*?</table>", html, re.S)
        assert tables, path
        for t in tables:
            assert "<th" in t, path

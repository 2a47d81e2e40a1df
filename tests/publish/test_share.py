"""Share texts and preview images (oitsite.publish.share) without a browser or Sphinx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from oitsite.check.site import load_site
from oitsite.publish import share, siteextras

DEMO = Path(__file__).resolve().parents[2] / "agencies" / "demo"


@pytest.fixture(scope="module")
def demo():
    return load_site(DEMO, None, allow_incomplete=True)


def test_every_page_has_a_title_description_and_image(demo):
    pages = share.share_pages(demo)
    items = sum(len(demo.reports[y].statuses) for y in demo.years)
    assert len(pages) == 1 + len(demo.years) + items
    assert pages["oit/2567/o02"].title == "O2 ข้อมูลผู้บริหาร ปี 2567 – อบต.บ้านตัวอย่าง"
    assert pages["oit/2568/index"].title.startswith("การเปิดเผยข้อมูลสาธารณะ (OIT) ปี 2568")
    assert len({p.title for p in pages.values()}) == len(pages)
    for doc, p in pages.items():
        assert 0 < len(p.description) <= 201, doc
        assert p.image == f"og/{doc}.png"
    assert share.other_page_title(demo, "ค้นหา") == "ค้นหา – อบต.บ้านตัวอย่าง"


def test_thai_digit_agencies_get_thai_digits(demo, monkeypatch):
    monkeypatch.setitem(demo.agency.info, "digits", "thai")
    p = share.share_pages(demo)["oit/2567/o16"]
    assert "ปี ๒๕๖๗" in p.title and "2567" not in p.title


def test_preview_is_a_1200x630_png_with_ink_on_white(demo):
    p = share.share_pages(demo)["oit/2567/o31"]  # a long title: wrapped, kept above the footer band
    png = share.render_preview(p, demo.agency.name, "example.github.io/oitsite", DEMO / "files" / "images" / "logo.png")
    im = Image.open(io.BytesIO(png))
    assert im.format == "PNG" and im.size == (share.WIDTH, share.HEIGHT)
    rgb = im.convert("RGB")
    assert rgb.getpixel((share.WIDTH - 5, 300)) == (255, 255, 255)
    dark = sum(1 for px in rgb.crop((60, 280, 1140, 540)).getdata() if sum(px) < 300)
    assert dark > 5000  # the heading is there
    assert len(png) < 80_000


def test_sitemap_and_robots_use_the_public_address():
    xml = siteextras.sitemap_xml("https://x.example/site/", ["index.html", "oit/2567/index.html", "oit/2567/o01.html"])
    assert "<loc>https://x.example/site/</loc>" in xml and "<loc>https://x.example/site/oit/2567/</loc>" in xml
    assert "Sitemap: https://x.example/site/sitemap.xml" in siteextras.robots_txt("https://x.example/site/")
    assert "Disallow: /site/admin/" in siteextras.robots_txt("https://x.example/site/")

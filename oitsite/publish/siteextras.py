"""Files a static host and search engines expect next to the pages: ``sitemap.xml``, ``robots.txt`` and a
Thai ``404.html`` (GitHub Pages shows it for any address that does not exist).

The 404 page is self-contained (inline CSS, no script, links by absolute address when the agency's
``site_url`` is known): a host serves it at whatever path was asked for, so relative links would break.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from xml.sax.saxutils import escape

from oitsite.check.site import SiteContext

#: pages not listed in the sitemap (their own folder, or not content)
NOT_LISTED = {"search.html", "404.html", "genindex.html"}
_NOINDEX = re.compile(r'<meta name="robots" content="[^"]*noindex', re.I)


def public_url(base: str, rel: str) -> str:
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel.removesuffix("index.html")
    return base.rstrip("/") + "/" + rel


def listed_pages(html_dir: Path) -> list[str]:
    """Site-relative paths of the pages worth finding, sorted (home first)."""
    out = []
    for p in sorted(html_dir.rglob("*.html")):
        rel = p.relative_to(html_dir).as_posix()
        if rel in NOT_LISTED or rel.split("/", 1)[0] in ("admin", "_static", "_sources", "_images"):
            continue
        if _NOINDEX.search(p.read_text(encoding="utf-8")[:4000]):
            continue
        out.append(rel)
    return sorted(out, key=lambda r: (r != "index.html", r.count("/"), r))


def sitemap_xml(base: str, pages: list[str]) -> str:
    rows = "".join(f"  <url><loc>{escape(public_url(base, rel))}</loc></url>\n" for rel in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + rows + "</urlset>\n")


def robots_txt(base: str) -> str:
    lines = ["User-agent: *", "Disallow: /admin/"]
    if base:
        from urllib.parse import urlsplit

        prefix = urlsplit(base).path.rstrip("/")
        lines = ["User-agent: *", f"Disallow: {prefix}/admin/", "", f"Sitemap: {base.rstrip('/')}/sitemap.xml"]
    return "\n".join(lines) + "\n"


NOT_FOUND = """<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>ไม่พบหน้าที่ต้องการ – {short}</title>
<style>
html {{ font-family: "Sarabun", "Noto Sans Thai", "Tahoma", sans-serif; color: #14233a; background: #fff; }}
body {{ margin: 0 auto; max-width: 40rem; padding: 2rem 1.25rem; font-size: 1.0625rem; line-height: 1.6; }}
h1 {{ font-size: 1.6rem; line-height: 1.3; margin: 0 0 .75rem; }}
.agency {{ font-weight: 700; margin: 0 0 1.5rem; }}
a {{ color: #0b57b0; }}
ul {{ padding-left: 1.25rem; }}
li {{ margin: .4rem 0; }}
</style>
</head>
<body>
<p class="agency">{name}</p>
<main>
<h1>ไม่พบหน้าที่ต้องการ</h1>
<p>หน้านี้อาจถูกย้ายหรือพิมพ์ที่อยู่ไม่ถูกต้อง (รหัส 404) ลองเลือกจากรายการด้านล่าง</p>
<ul>
<li><a href="{home}">หน้าแรกของ{name}</a></li>
<li><a href="{oit}">การเปิดเผยข้อมูลสาธารณะ (OIT) ปี {year}</a></li>
<li><a href="{search}">ค้นหาในเว็บไซต์</a></li>
</ul>
{contact}
</main>
</body>
</html>
"""


def not_found_html(site: SiteContext) -> str:
    info = site.agency.info
    base = (info.get("site_url") or "").rstrip("/")
    root = base + "/" if base else "/"
    year = site.current_year
    digits = (lambda s: s.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))) if site.agency.digits == "thai" else str
    contact = ""
    facts = [(label, info[key]) for key, label in (("phone", "โทรศัพท์"), ("email", "อีเมล")) if info.get(key)]
    if facts:
        contact = "<p>ติดต่อหน่วยงาน: " + " · ".join(f"{label} {html.escape(str(v))}" for label, v in facts) + "</p>"
    e = html.escape
    return NOT_FOUND.format(name=e(site.agency.name), short=e(info.get("short_name_th") or site.agency.name),
                            home=e(root), oit=e(f"{root}oit/{year}/"), search=e(f"{root}search.html"),
                            year=digits(str(year)), contact=contact)


def write_site_extras(site: SiteContext, html_dir: Path) -> None:
    """sitemap.xml (when ``site_url`` is set: a sitemap lists absolute addresses), robots.txt, 404.html."""
    base = (site.agency.info.get("site_url") or "").strip()
    (html_dir / "404.html").write_text(not_found_html(site), encoding="utf-8")
    if site.draft:  # a draft (--allow-incomplete) is for the agency's editors, never for search engines
        (html_dir / "robots.txt").write_text("# ฉบับร่าง (draft): not for search engines\nUser-agent: *\nDisallow: /\n",
                                             encoding="utf-8")
        return
    if base:
        (html_dir / "sitemap.xml").write_text(sitemap_xml(base, listed_pages(html_dir)), encoding="utf-8")
    (html_dir / "robots.txt").write_text(robots_txt(base), encoding="utf-8")

"""A printable A4 notice-board sheet (บอร์ดประชาสัมพันธ์): every O-item with the QR code of its page.

Built from the year's manifest (:func:`oitsite.site.build.build_manifest`), so the sheet lists exactly
the URLs the site publishes. The build writes it as ``oit/<year>/noticeboard.html``
(:func:`write_noticeboard`); ``oitsite noticeboard AGENCY_DIR --out FILE.html`` writes it alone.
The page is self-contained (inline SVG and CSS, no script) so it prints the same offline.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from oitsite import thai
from oitsite.publish import qr

TEMPLATE = """<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'">
<meta name="robots" content="noindex">
<title>บอร์ดประชาสัมพันธ์ OIT ปี {{ year_txt }} — {{ agency }}</title>
<style>
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
html { font-family: "Sarabun", "TH Sarabun New", "Noto Sans Thai", "Tahoma", sans-serif; color: #000; background: #fff; }
body { margin: 0 auto; max-width: 210mm; padding: 8mm; font-size: 11pt; line-height: 1.35; }
header { display: flex; gap: 6mm; align-items: center; border-bottom: 1.2mm solid #000; padding-bottom: 4mm; margin-bottom: 5mm; }
header .qr svg { width: 34mm; height: 34mm; display: block; }
h1 { font-size: 19pt; margin: 0 0 1mm; line-height: 1.2; }
header p { margin: 0.5mm 0; }
.url { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; color: #222; }
h2 { font-size: 12.5pt; margin: 4mm 0 2mm; padding: 1mm 2mm; background: #eee; border-left: 1.2mm solid #000; break-after: avoid; }
ol.items { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; }
ol.items li { border: 0.3mm solid #555; border-radius: 2mm; padding: 2mm; display: flex; gap: 2mm; align-items: flex-start; break-inside: avoid; page-break-inside: avoid; }
ol.items .qr svg { width: 24mm; height: 24mm; display: block; }
ol.items .id { font-weight: bold; font-size: 12pt; display: block; }
ol.items .title { display: block; font-size: 9.5pt; }
footer { margin-top: 5mm; font-size: 8.5pt; color: #333; border-top: 0.3mm solid #999; padding-top: 2mm; }
.noprint { background: #fffbe6; border: 0.3mm solid #c90; padding: 2mm 3mm; margin-bottom: 4mm; }
@media screen and (max-width: 640px) { ol.items { grid-template-columns: 1fr; } body { padding: 3mm; } }
@media print { .noprint { display: none; } body { padding: 0; max-width: none; } a { color: #000; text-decoration: none; } }
</style>
</head>
<body>
<p class="noprint">สั่งพิมพ์หน้านี้ (Ctrl+P) บนกระดาษ A4 แนวตั้ง เพื่อติดบอร์ดประชาสัมพันธ์ของหน่วยงาน ประชาชนสแกนคิวอาร์โค้ดเพื่อเปิดข้อมูลแต่ละข้อ</p>
<header>
  <div class="qr">{{ index_qr | safe }}</div>
  <div>
    <h1>{{ agency }}</h1>
    <p><strong>การเปิดเผยข้อมูลสาธารณะ (Open Data to Transparency: OIT)</strong></p>
    <p>ตามเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ปี {{ year_txt }}</p>
    <p>สแกนคิวอาร์โค้ดนี้เพื่อดูข้อมูลทุกข้อ:</p>
    <p class="url"><a href="{{ index_url }}">{{ index_url }}</a></p>
  </div>
</header>
{% for group in groups %}
<section>
<h2>{{ group.title }}</h2>
<ol class="items">
{% for it in group["items"] %}  <li>
    <div class="qr">{{ it.qr | safe }}</div>
    <div><span class="id">{{ it.id_txt }}</span><span class="title">{{ it.title }}</span><a class="url" href="{{ it.url }}">{{ it.url_short }}</a></div>
  </li>
{% endfor %}</ol>
</section>
{% endfor %}
<footer>{{ catalog }} · จำนวน {{ count_txt }} ข้อ · สร้างจากเว็บไซต์ของหน่วยงาน (manifest.json) ด้วย oitsite</footer>
</body>
</html>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


class NoSiteUrl(Exception):
    """QR codes need absolute URLs: agency.yaml has no site_url."""


def qr_svg(url: str, title: str = "") -> str:
    """An inline SVG QR code (error correction M) of ``url``; sized by CSS."""
    svg = qr.qr_svg(url, scale=4, title=title or None, svgclass="oit-qr").decode("utf-8")
    # Scalable: keep the viewBox, drop the fixed size so the print CSS decides it.
    m = re.search(r'width="(\d+)" height="(\d+)"', svg)
    if m:
        w, h = m.groups()
        svg = svg.replace(m.group(0), f'viewBox="0 0 {w} {h}" role="img" aria-label="{_attr(title or url)}"', 1)
    return svg


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def noticeboard_html(manifest: dict, subindicators: dict[str, str] | None = None, digits: str = "arabic") -> str:
    """The sheet for one year's manifest (item URLs must be absolute https URLs)."""
    items = manifest["items"]
    if not items or not str(items[0]["url"]).startswith(("https://", "http://")):
        raise NoSiteUrl()
    d = (lambda s: thai.to_thai_digits(s)) if digits == "thai" else (lambda s: s)
    year = manifest["year"]
    index_url = items[0]["url"].rsplit("/", 1)[0] + "/index.html"
    groups: list[dict] = []
    for it in items:
        sid = it.get("subindicator") or ""
        if not groups or groups[-1]["sid"] != sid:
            title = (subindicators or {}).get(sid, "")
            groups.append({"sid": sid, "title": d(f"ตัวชี้วัดย่อยที่ {sid} {title}".strip() if sid else "รายการข้อมูล"),
                           "items": []})
        groups[-1]["items"].append({
            "id_txt": d(it["id"]), "title": it["title"], "url": it["url"],
            "url_short": re.sub(r"^https?://", "", it["url"]),
            "qr": qr_svg(it["url"], f"คิวอาร์โค้ด {it['id']} {it['title']}"),
        })
    return _ENV.from_string(TEMPLATE).render(
        agency=manifest["agency"].get("name_th") or manifest["agency"].get("slug"),
        year_txt=d(str(year)), index_url=index_url, index_qr=qr_svg(index_url, f"คิวอาร์โค้ดหน้ารวม OIT ปี {year}"),
        groups=groups, catalog=manifest["catalog"]["title"], count_txt=d(str(len(items))),
    )


def _subindicators(site, year: int) -> dict[str, str]:
    catalog = site.reports[year].catalog
    return {str(s.get("id")): str(s.get("title", "")) for s in catalog.subindicators} if catalog else {}


def write_noticeboard(site, html_dir: Path, year: int, manifest: dict | None = None) -> Path | None:
    """Write ``oit/<year>/noticeboard.html`` into a built site; None when there is no site_url.

    ``site`` is the build's :class:`oitsite.check.site.SiteContext`; pass the year's manifest when the
    caller already has it.
    """
    from oitsite.publish.manifest import build_manifest

    man = manifest or build_manifest(site, year)
    try:
        text = noticeboard_html(man, _subindicators(site, year), site.agency.digits)
    except NoSiteUrl:
        return None
    out = Path(html_dir) / "oit" / str(year) / "noticeboard.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out





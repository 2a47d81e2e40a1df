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
from markupsafe import Markup, escape

from oitsite import thai
from oitsite.publish import qr

TEMPLATE = """<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src data:; base-uri 'none'; form-action 'none'">
<meta name="robots" content="noindex">
<title>บอร์ดประชาสัมพันธ์ OIT ปี {{ year_txt }} — {{ agency }}</title>
<style>
{% for f in fonts %}@font-face { font-family: "Sarabun"; font-style: normal; font-weight: {{ f.weight }}; font-display: block;
  src: url(data:font/woff2;base64,{{ f.data }}) format("woff2"); unicode-range: {{ f.range }}; }
{% endfor %}@page { size: A4 portrait; margin: 8mm; }
* { box-sizing: border-box; }
html { font-family: "Sarabun", "TH Sarabun New", "Noto Sans Thai", "Tahoma", sans-serif; color: #000; background: #fff; }
body { margin: 0 auto; max-width: 210mm; padding: 6mm; font-size: 10pt; line-height: 1.25; }
header { display: flex; gap: 4mm; align-items: center; border-bottom: 0.8mm solid #000; padding-bottom: 2mm; margin-bottom: 2.5mm; }
header .qr svg { width: 26mm; height: 26mm; display: block; }
h1 { font-size: 16pt; margin: 0; line-height: 1.2; }
header p { margin: 0.3mm 0; }
.url { font-family: "DejaVu Sans Mono", monospace; font-size: 6pt; word-break: break-all; color: #222; display: block; }
/* every item on one A4 sheet: a grid of {{ columns }} columns, small QR codes, the group as a label */
ol.items { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat({{ columns }}, 1fr); gap: 1.6mm; }
ol.items li { border: 0.25mm solid #555; border-radius: 1.5mm; padding: 1.2mm; break-inside: avoid; page-break-inside: avoid;
  display: flex; flex-direction: column; align-items: center; text-align: center; }
ol.items .qr svg { width: {{ qr_mm }}mm; height: {{ qr_mm }}mm; display: block; }
ol.items .id { font-weight: bold; font-size: 10pt; display: block; line-height: 1.1; }
ol.items a { color: inherit; text-decoration: none; }
ol.items .title { display: block; font-size: 7pt; line-height: 1.15; }
ol.items .url { font-size: 5pt; }
.tw { white-space: nowrap; }
.groups { font-size: 7.5pt; margin: 0 0 1.5mm; color: #222; }
footer { margin-top: 2mm; font-size: 7pt; color: #333; border-top: 0.25mm solid #999; padding-top: 1mm; }
.noprint { background: #fffbe6; border: 0.3mm solid #c90; padding: 2mm 3mm; margin-bottom: 4mm; }
@media screen and (max-width: 640px) { ol.items { grid-template-columns: repeat(2, 1fr); } body { padding: 3mm; } }
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
<p class="groups">{% for group in groups %}{{ group.title }} ({{ group.range }}){% if not loop.last %} · {% endif %}{% endfor %}</p>
<ol class="items">
{% for group in groups %}{% for it in group["items"] %}  <li>
    <div class="qr">{{ it.qr | safe }}</div>
    <a href="{{ it.url }}"><span class="id">{{ it.id_txt }}</span><span class="title">{{ it.title_html }}</span></a>
  </li>
{% endfor %}{% endfor %}</ol>
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


#: Thai and Latin subsets of Sarabun (``source/_static/fonts``, @fontsource/sarabun, OFL)
FONT_FILES = {("thai", 400): "sarabun-thai-400-normal.woff2", ("thai", 700): "sarabun-thai-700-normal.woff2",
              ("latin", 400): "sarabun-latin-400-normal.woff2", ("latin", 700): "sarabun-latin-700-normal.woff2"}
_RANGES = {"thai": "U+02D7, U+0303, U+0331, U+0E01-0E5B, U+200C-200D, U+25CC",
           "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2212"}


def read_fonts(folder: Path | None) -> list[dict]:
    """Sarabun from ``folder`` as inline data for the sheet (embedded: it prints the same anywhere)."""
    import base64

    out = []
    for (subset, weight), name in FONT_FILES.items():
        path = Path(folder) / name if folder else None
        if path is not None and path.is_file():
            out.append({"weight": weight, "range": _RANGES[subset], "data": base64.b64encode(path.read_bytes()).decode()})
    return out


def word_broken(text: str) -> Markup:
    """``text`` escaped, each Thai run kept whole except between PyThaiNLP words (as the site does,
    oitsite.site.linebreak): a title never wraps inside "ประพฤติมิชอบ"."""
    from pythainlp.tokenize import word_tokenize

    out, pos = [], 0
    for m in re.finditer(r"[\u0e01-\u0e4e]{4,}", text):
        out.append(escape(text[pos:m.start()]))
        words = word_tokenize(m.group(0), engine="newmm", keep_whitespace=False)
        if "".join(words) != m.group(0):
            words = [m.group(0)]
        out.append(Markup('<span class="tw">') + Markup("<wbr>").join(escape(w) for w in words) + Markup("</span>"))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def layout(count: int) -> tuple[int, int]:
    """(columns, QR size in mm) that put ``count`` items on one A4 sheet."""
    if count <= 20:
        return 4, 24
    if count <= 30:
        return 5, 21
    return 6, 18


def noticeboard_html(manifest: dict, subindicators: dict[str, str] | None = None, digits: str = "arabic",
                     fonts: list[dict] | None = None) -> str:
    """The sheet for one year's manifest (item URLs must be absolute https URLs): one A4 page."""
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
                           "items": [], "first": it["id"]})
        groups[-1]["range"] = d(f"{groups[-1]['first']}–{it['id']}" if groups[-1]["first"] != it["id"] else it["id"])
        groups[-1]["items"].append({
            "id_txt": d(it["id"]), "title": it["title"], "title_html": word_broken(it["title"]), "url": it["url"],
            "url_short": re.sub(r"^https?://", "", it["url"]),
            "qr": qr_svg(it["url"], f"คิวอาร์โค้ด {it['id']} {it['title']}"),
        })
    columns, qr_mm = layout(len(items))
    return _ENV.from_string(TEMPLATE).render(
        fonts=fonts or [], columns=columns, qr_mm=qr_mm,
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
        text = noticeboard_html(man, _subindicators(site, year), site.agency.digits,
                                read_fonts(Path(html_dir) / "_static" / "fonts"))
    except NoSiteUrl:
        return None
    out = Path(html_dir) / "oit" / str(year) / "noticeboard.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out





"""The hub's own pages, written from the agency outputs alone (their ``oit/<year>/manifest.json``)
and the status records, so that one-shot, incremental and assembled builds agree byte for byte.

* ``index.html`` — every agency, its completeness per year (met/total items), build problems;
* ``dashboard.html`` — per agency and year what is still lacking (sortable table; ``_hub/hub.js``),
  with ``dashboard.csv`` (one row per lacking item; UTF-8 with BOM for Excel) and ``dashboard.json``;
* ``search.html`` — search across agencies' item pages (``_hub/search-index.js``): the visitor's
  words are normalised as the site search does (:func:`oitsite.site.search.normalize`: NFC, no
  zero-width characters, Thai digits → Arabic, lower case) and each must occur in the entry's
  title, agency, district or unit — substring matching, so a Thai word needs no segmentation;
* ``sitemap.xml`` (hub pages, agency homes, year indexes and item pages under the hub's
  ``site_url``), ``robots.txt``, ``.nojekyll``.

No inline script and no data reaches a page unescaped; every page carries the site's CSP.
"""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from typing import Any

from oitsite.findings import STATUS_TH
from oitsite.publish.opendata import csv_safe, safe_json
from oitsite.site.extension import CSP
from oitsite.site.search import normalize

ASSETS = "_hub"
LACKING = ("missing", "partial")

_CSS = """body{font-family:Sarabun,system-ui,sans-serif;margin:0;color:#1f2328;line-height:1.5}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}header{padding-top:1rem}
nav a{margin-right:1rem}table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th button{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;text-align:left}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
.bar{display:inline-block;height:.6rem;background:#1a7f37;vertical-align:middle;margin-right:.3rem}
.failed{color:#cf222e}.small{font-size:.85rem;color:#59636e}.scroll{overflow-x:auto}
input[type=search]{font:inherit;padding:.4rem;width:min(30rem,100%)}li{margin:.2rem 0}
"""

_JS = """// oitsite hub: sortable tables (click a column heading) and the search page
(function () {
  function key(cell) {
    var v = cell.getAttribute('data-sort');
    return v === null ? cell.textContent.trim() : v;
  }
  document.querySelectorAll('table[data-sortable]').forEach(function (table) {
    var heads = table.querySelectorAll('thead th');
    heads.forEach(function (th, col) {
      var b = th.querySelector('button');
      if (!b) return;
      b.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'th');
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var out = document.getElementById('hub-results');
  if (!out || !window.OITSITE_HUB_INDEX) return;
  function norm(s) {
    return s.normalize('NFC').replace(/[\\u200b\\u200c\\u200d\\u2060\\ufeff\\u00ad]/g, '')
      .replace(/[๐-๙]/g, function (d) { return String(d.charCodeAt(0) - 0x0e50); }).toLowerCase();
  }
  var q = new URLSearchParams(location.search).get('q') || '';
  var box = document.getElementById('hub-q');
  if (box) box.value = q;
  var words = norm(q).split(/\\s+/).filter(Boolean);
  if (!words.length) return;
  var hits = [];
  window.OITSITE_HUB_INDEX.forEach(function (e) {
    var all = words.every(function (w) { return e.n.indexOf(w) >= 0; });
    if (!all) return;
    var score = words.filter(function (w) { return e.tn.indexOf(w) >= 0; }).length * 10 + (e.c ? 1 : 0);
    hits.push([score, e]);
  });
  hits.sort(function (a, b) { return b[0] - a[0]; });
  var p = document.createElement('p');
  p.textContent = 'พบ ' + hits.length + ' รายการ' + (hits.length > 100 ? ' (แสดง 100 รายการแรก)' : '');
  out.appendChild(p);
  var ul = document.createElement('ul');
  hits.slice(0, 100).forEach(function (h) {
    var e = h[1], li = document.createElement('li'), a = document.createElement('a');
    a.href = e.u; a.textContent = e.t;
    li.appendChild(a);
    var s = document.createElement('span');
    s.className = 'small';
    s.textContent = ' — ' + e.a + ' · ปี ' + e.y + ' · ' + e.s;
    li.appendChild(s);
    ul.appendChild(li);
  });
  out.appendChild(ul);
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: str, hub_name: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} — {_e(hub_name)}</title>
<link rel="stylesheet" href="{ASSETS}/hub.css">
</head>
<body>
<header>
<p class="small">{_e(hub_name)}</p>
<nav aria-label="เมนูหลัก"><a href="index.html">หน่วยงานทั้งหมด</a><a href="dashboard.html">สิ่งที่ยังขาด (แดชบอร์ด)</a><a href="search.html">ค้นหา</a></nav>
<h1>{_e(title)}</h1>
</header>
<main>
{body}
</main>
<footer><p class="small">สร้างโดย oitsite · ข้อมูลของแต่ละหน่วยงานมาจากโฟลเดอร์ข้อมูลของหน่วยงานนั้น</p></footer>
<script defer src="{ASSETS}/hub.js"></script>
</body>
</html>
"""


def collect(out: Path, status: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per agency (sorted by slug): its record and its years' manifests."""
    rows = []
    for slug, st in sorted(status.items()):
        years = []
        site = out / slug
        if st.get("published") and site.is_dir():
            for m in sorted((site / "oit").glob("*/manifest.json")):
                try:
                    manifest = json.loads(m.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                years.append(manifest)
        rows.append({"slug": slug, "status": st, "info": st.get("info") or {"name_th": slug}, "years": years})
    return rows


def _percent(summary: dict[str, int]) -> tuple[int, int, float]:
    total = sum(summary.get(k, 0) for k in ("met", "partial", "missing"))
    met = summary.get("met", 0)
    return met, total, (100.0 * met / total if total else 0.0)


def _all_years(rows: list[dict[str, Any]]) -> list[int]:
    return sorted({m["year"] for r in rows for m in r["years"]})


def _problem(st: dict[str, Any]) -> str:
    if st.get("ok"):
        return ""
    first = (st.get("findings") or [{}])[0]
    kept = "ยังแสดงเว็บไซต์ที่สร้างสำเร็จครั้งก่อน" if st.get("published") else "ยังไม่มีเว็บไซต์"
    return (f'<span class="failed">สร้างครั้งล่าสุดไม่สำเร็จ ({_e(kept)}): {_e(first.get("message_th", ""))}'
            + (f' · {_e(first["file"])}' if first.get("file") else "") + "</span>")


def index_page(rows: list[dict[str, Any]], hub_name: str) -> str:
    years = _all_years(rows)
    head = "".join(f'<th scope="col"><button type="button">ปี {y}</button></th>' for y in years)
    body = []
    for r in rows:
        info = r["info"]
        name = _e(info.get("name_th", r["slug"]))
        link = f'<a href="{_e(r["slug"])}/index.html">{name}</a>' if r["years"] else name
        cells = []
        by_year = {m["year"]: m for m in r["years"]}
        for y in years:
            m = by_year.get(y)
            if m is None:
                cells.append('<td data-sort="-1">–</td>')
                continue
            met, total, pct = _percent(m["summary"])
            cells.append(f'<td data-sort="{pct:.1f}"><a href="{_e(r["slug"])}/oit/{y}/index.html">'
                         f'<span class="bar" style="width:{pct / 2:.0f}px"></span>{met}/{total} ข้อ ({pct:.0f}%)</a></td>')
        body.append(f'<tr><th scope="row">{link}<br><span class="small">{_e(info.get("district", ""))}'
                    f'{" · " if info.get("district") and info.get("province") else ""}{_e(info.get("province", ""))}</span>'
                    f'{"<br>" + _problem(r["status"]) if not r["status"].get("ok") else ""}</th>{"".join(cells)}</tr>')
    failed = sum(1 for r in rows if not r["status"].get("ok"))
    note = f'<p class="failed">มี {failed} หน่วยงานที่สร้างเว็บไซต์ครั้งล่าสุดไม่สำเร็จ</p>' if failed else ""
    text = (f'<p>{len(rows)} หน่วยงาน · ความครบถ้วนคือจำนวนข้อ OIT ที่มีข้อมูลครบทุกองค์ประกอบ ต่อจำนวนข้อทั้งหมดของปีนั้น</p>{note}'
            f'<form action="search.html" role="search"><label>ค้นหาข้อมูลทุกหน่วยงาน '
            f'<input type="search" name="q" placeholder="เช่น แผนจัดซื้อจัดจ้าง"></label> <button>ค้นหา</button></form>'
            f'<div class="scroll"><table data-sortable><thead><tr><th scope="col"><button type="button">หน่วยงาน</button></th>'
            f'{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')
    return _page("หน่วยงานทั้งหมด", text, hub_name)


def dashboard_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per agency and year: completeness and the items still lacking (the JSON download)."""
    out = []
    for r in rows:
        for m in r["years"]:
            met, total, pct = _percent(m["summary"])
            lacking = [{"id": it["id"], "title": it["title"], "status": it["status"],
                        "path": f'{r["slug"]}/{it["path"]}'} for it in m["items"] if it["status"] in LACKING]
            out.append({"slug": r["slug"], "name_th": r["info"].get("name_th", r["slug"]),
                        "district": r["info"].get("district", ""), "province": r["info"].get("province", ""),
                        "year": m["year"], "met": met, "total": total, "percent": round(pct, 1),
                        "lacking": lacking, "build_ok": bool(r["status"].get("ok"))})
    return out


def dashboard_page(drows: list[dict[str, Any]], hub_name: str) -> str:
    body = []
    for d in drows:
        items = ", ".join(f'<a href="{_e(it["path"])}" title="{_e(it["title"])} ({_e(STATUS_TH[it["status"]])})">{_e(it["id"])}</a>'
                          for it in d["lacking"]) or "ครบทุกข้อ"
        body.append(f'<tr><td><a href="{_e(d["slug"])}/oit/{d["year"]}/index.html">{_e(d["name_th"])}</a></td>'
                    f'<td>{_e(d["district"])}</td><td data-sort="{d["year"]}">{d["year"]}</td>'
                    f'<td data-sort="{d["percent"]}">{d["met"]}/{d["total"]} ({d["percent"]:.0f}%)</td>'
                    f'<td data-sort="{len(d["lacking"])}">{len(d["lacking"])}</td><td>{items}</td></tr>')
    heads = "".join(f'<th scope="col"><button type="button">{h}</button></th>'
                    for h in ("หน่วยงาน", "อำเภอ", "ปี", "ครบถ้วน", "ขาด (ข้อ)"))
    text = (f'<p>ข้อ OIT ที่แต่ละหน่วยงานยังไม่มีข้อมูล หรือมีไม่ครบทุกองค์ประกอบ · กดหัวตารางเพื่อเรียงลำดับ · '
            f'ดาวน์โหลด <a href="dashboard.csv">CSV</a> (Excel) · <a href="dashboard.json">JSON</a></p>'
            f'<div class="scroll"><table data-sortable><thead><tr>{heads}<th scope="col">ข้อที่ยังขาด</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')
    return _page("สิ่งที่แต่ละหน่วยงานยังขาด", text, hub_name)


def dashboard_csv(drows: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["รหัสหน่วยงาน", "หน่วยงาน", "อำเภอ", "จังหวัด", "ปี", "ข้อ", "ชื่อข้อมูล", "สถานะ", "หน้า"])
    for d in drows:
        for it in d["lacking"]:
            w.writerow([csv_safe(str(c)) for c in (d["slug"], d["name_th"], d["district"], d["province"], d["year"],
                                                   it["id"], it["title"], STATUS_TH[it["status"]], it["path"])])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def search_index(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        name = r["info"].get("name_th", r["slug"])
        place = " ".join(filter(None, (r["info"].get("district", ""), r["info"].get("province", ""))))
        latest = max((m["year"] for m in r["years"]), default=None)
        for m in r["years"]:
            for it in m["items"]:
                title = f'{it["id"]} {it["title"]}'
                out.append({"t": title, "a": name, "y": m["year"], "s": STATUS_TH[it["status"]],
                            "u": f'{r["slug"]}/{it["path"]}', "c": m["year"] == latest,
                            "tn": normalize(title), "n": normalize(" ".join((title, name, place, it.get("unit") or "")))})
    return out


def search_page(hub_name: str) -> str:
    text = ('<form action="search.html" role="search"><label>คำค้น <input type="search" id="hub-q" name="q" '
            'placeholder="เช่น ร้องเรียน หรือ O16"></label> <button>ค้นหา</button></form>'
            '<noscript><p>การค้นหาต้องเปิดใช้ JavaScript</p></noscript><div id="hub-results" aria-live="polite"></div>'
            f'<script defer src="{ASSETS}/search-index.js"></script>')
    return _page("ค้นหาข้อมูลทุกหน่วยงาน", text, hub_name)


def sitemap(rows: list[dict[str, Any]], base: str) -> str:
    urls = [base, base + "dashboard.html"]
    for r in rows:
        if not r["years"]:
            continue
        urls.append(f'{base}{r["slug"]}/')
        for m in r["years"]:
            urls.append(f'{base}{r["slug"]}/oit/{m["year"]}/index.html')
            urls += [f'{base}{r["slug"]}/{it["path"]}' for it in m["items"]]
    body = "".join(f"  <url><loc>{html.escape(u, quote=False)}</loc></url>\n" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n'


def write_hub(out: Path, settings: dict[str, Any], status: dict[str, dict[str, Any]]) -> None:
    rows = collect(out, status)
    name = settings["name_th"]
    drows = dashboard_rows(rows)
    (out / ASSETS).mkdir(exist_ok=True)
    files = {
        f"{ASSETS}/hub.css": _CSS.encode(),
        f"{ASSETS}/hub.js": _JS.encode(),
        f"{ASSETS}/search-index.js": ("window.OITSITE_HUB_INDEX = " + safe_json(search_index(rows)) + ";\n").encode(),
        "index.html": index_page(rows, name).encode(),
        "dashboard.html": dashboard_page(drows, name).encode(),
        "dashboard.csv": dashboard_csv(drows),
        "dashboard.json": (safe_json({"hub": name, "agencies": drows}, indent=1) + "\n").encode(),
        "search.html": search_page(name).encode(),
        "sitemap.xml": sitemap(rows, settings["site_url"]).encode(),
        "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {settings['site_url']}sitemap.xml\n".encode(),
        ".nojekyll": b"",
    }
    for rel, data in files.items():
        (out / rel).write_bytes(data)

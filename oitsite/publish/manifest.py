"""What assessors and tools read: the manifest of one assessment year and the ITAS CSV.

The build writes them into the site (``oit/<year>/manifest.json``, ``itas.csv``) and
``oitsite export itas`` prints the same rows without a Sphinx run, so the two always agree.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from oitsite.check.site import SiteContext, check_site
from oitsite.findings import STATUS_TH
from oitsite.model.catalog import Item
from oitsite.publish.opendata import csv_safe


def item_docname(year: int, item: Item) -> str:
    """The page of an O-item (docname without .html), the same in site, manifest and QR codes."""
    return f"oit/{year}/{item.slug}"


def _url(site: SiteContext, path: str) -> str:
    base = (site.agency.info.get("site_url") or "").rstrip("/")
    return f"{base}/{path}" if base else path


def build_manifest(site: SiteContext, year: int, downloads: dict[str, list[dict]] | None = None) -> dict:
    rep = site.reports[year]
    assert rep.catalog is not None
    items = []
    for st in rep.statuses:
        doc = item_docname(year, st.item)
        items.append({
            "id": st.item.id,
            "title": st.item.title,
            "subindicator": st.item.subindicator,
            "url": _url(site, doc + ".html"),
            "path": doc + ".html",
            "status": st.status,
            "unit": st.item.unit,
            "period": st.item.period,
            "topics": [{"topic": sl.ref.topic, "fiscal_year": sl.year} for sl in st.slots],
            "last_updated": st.last_updated.isoformat() if st.last_updated else None,
            # the editor's reasons name the agency's files: only in a draft
            "elements": [{"index": es.element.index, "text": es.element.text, "status": es.status,
                          "anchor": es.anchor or None, **({"reasons": es.reasons} if site.draft else {})}
                         for es in st.elements],
            "downloads": [{"label": d["label"], "path": d["path"], "url": _url(site, d["path"]), "bytes": d["bytes"]}
                          for d in (downloads or {}).get(doc, [])],
        })
    return {
        "agency": {"slug": site.agency.slug, "name_th": site.agency.info.get("name_th"),
                   "name_en": site.agency.info.get("name_en"), "type": site.agency.info.get("type")},
        "year": year,
        "build": "draft" if site.draft else "public",
        "catalog": {"title": rep.catalog.title, "source": rep.catalog.source, "items": len(rep.catalog.items),
                    "version": _catalog_version(rep.catalog.file), "verification": rep.catalog.verification()},
        "summary": {s: sum(1 for st in rep.statuses if st.status == s) for s in ("met", "partial", "missing")},
        "items": items,
    }


def itas_csv(manifest: dict) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["ข้อ", "ชื่อข้อมูล", "URL", "สถานะ"])
    for it in manifest["items"]:
        w.writerow([csv_safe(str(c)) for c in (it["id"], it["title"], it["url"], STATUS_TH[it["status"]])])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def manifest(agency_dir: Path, year: int | None = None) -> dict:
    """The manifest of one assessment year (default: the agency's current year)."""
    site = check_site(agency_dir, [year] if year else None)
    return build_manifest(site, year or site.current_year)


def itas_rows(man: dict) -> list[tuple[str, str, str]]:
    return [(it["id"], it["title"], it["url"]) for it in man["items"]]


def _catalog_version(file: str) -> str:
    """sha256 (first 12 hex digits) of the catalog file: which criteria text a manifest was checked against."""
    try:
        return "sha256:" + hashlib.sha256(Path(file).read_bytes()).hexdigest()[:12]
    except OSError:
        return ""

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
from oitsite.model import documents
from oitsite.model.catalog import Item
from oitsite.model.evaluate import ElementStatus, ItemStatus
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
            "unit": st.unit,
            "period": st.item.period,
            "topics": [{"topic": sl.ref.topic, "fiscal_year": sl.year} for sl in st.slots],
            "last_updated": st.last_updated.isoformat() if st.last_updated else None,
            "evidence": _item_evidence(st),
            "elements": [_element(site, es) for es in st.elements],
            "documents": _documents(site, st),
            "downloads": [{"label": d["label"], "path": d["path"], "url": _url(site, d["path"]), "bytes": d["bytes"]}
                          for d in (downloads or {}).get(doc, [])],
        })
    return {
        "agency": {"slug": site.agency.slug, "name_th": site.agency.info.get("name_th"),
                   "name_en": site.agency.info.get("name_en"), "type": site.agency.info.get("type")},
        "year": year,
        "build": "draft" if site.draft else "public",
        "catalog": {"title": rep.catalog.title, "source": rep.catalog.source, "items": len(rep.catalog.items),
                    "version": _catalog_version(rep.catalog.file, rep.catalog.overrides),
                    "verification": rep.catalog.verification(),
                    "overrides": [Path(o).name for o in rep.catalog.overrides]},
        "summary": {s: sum(1 for st in rep.statuses if st.status == s) for s in ("met", "partial", "missing")},
        "items": items,
    }


def _element(site: SiteContext, es: ElementStatus) -> dict:
    out = {"index": es.element.index, "text": es.element.text, "status": es.status,
           "anchor": (es.anchor or None) if es.evidence != "document" else None,
           "evidence": es.evidence or None,
           **({"reasons": es.reasons} if site.draft else {})}  # the editor's reasons name the agency's files: draft only
    shown = [c for c in es.documents if documents.pages_exist(site.agency.document_pages, c)]
    if shown:
        out["documents"] = [{"file": c.file, "title": c.title, "pages": list(c.pages), "path": c.url(),
                             "url": _url(site, c.url()), "checked": documents.checked(site.agency.document_pages, c)}
                            for c in shown]
        if es.evidence == "document":
            first = es.documents[0]
            out.update(url=_url(site, first.url()), checked=all(d["checked"] for d in out["documents"]))
    return out


def _item_evidence(st: ItemStatus) -> str | None:
    """"document" when every met element is met by a document page, else "data" (None: nothing met)."""
    met = [es.evidence for es in st.elements if es.met]
    if not met:
        return None
    return "document" if all(e == "document" for e in met) else "data"


def _documents(site: SiteContext, st: ItemStatus) -> list[dict]:
    """The signed originals on the item's page (every document of its topics' data)."""
    out = []
    for sl in st.slots:
        for doc in documents.documents(site.agency.data(sl.ref.topic, sl.year)):
            if not isinstance(doc.get("file"), str):
                continue
            path = "files/" + doc["file"].removeprefix("files/")
            out.append({"title": doc.get("title"), "file": doc["file"], "path": path, "url": _url(site, path),
                        "topic": sl.ref.topic, "date": _iso(doc.get("date")), "approved": _iso(doc.get("approved")),
                        "pages": len(site.agency.document_pages.get(doc["file"]) or []) or None})
    return out


def _iso(d) -> str | None:
    return d.isoformat() if hasattr(d, "isoformat") else None


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


def _catalog_version(file: str, overrides: list[str] | None = None) -> str:
    """sha256 (first 12 hex digits) of the catalog file and any override files merged into it:
    which criteria text a manifest was checked against."""
    h = hashlib.sha256()
    try:
        for f in [file, *(overrides or [])]:
            h.update(Path(f).read_bytes())
    except OSError:
        return ""
    return "sha256:" + h.hexdigest()[:12]

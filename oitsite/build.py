"""Stage 7: check → render → Sphinx → exports, published atomically.

The site is built in a staging folder next to ``--out`` and swapped in only when everything
succeeded, so a failed build never replaces (or half-replaces) a good site. Output is
deterministic: same input → byte-identical files (SOURCE_DATE_EPOCH honoured).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import available_years, default_year
from .codes import Code, Finding
from .model import Agency, load_agency, shown
from .render import SiteContext, item_docname, write_sources
from .validate import Report, check_years


class BuildFailed(Exception):
    def __init__(self, findings: list[Finding], message: str = ""):
        super().__init__(message or f"{len(findings)} error(s)")
        self.findings = findings


@dataclass
class BuildResult:
    out: Path
    years: list[int]
    pages: int
    seconds: float
    findings: list[Finding] = field(default_factory=list)
    reports: dict[int, Report] = field(default_factory=dict)


def project_root(start: Path | None = None) -> Path:
    """The folder holding conf.py and _templates/ (walks up from ``start``, then the package's parent)."""
    candidates = []
    if start is not None:
        candidates += [start.resolve(), *start.resolve().parents]
    candidates += [Path.cwd(), Path(__file__).resolve().parent.parent]
    for c in candidates:
        if (c / "conf.py").is_file() and (c / "_templates" / "oit").is_dir():
            return c
    raise BuildFailed([Finding(Code.BUILD_ERROR, "ไม่พบโครงการ oitsite (conf.py และ _templates/oit/)",
                               "oitsite project (conf.py, _templates/oit) not found",
                               fix_th="เรียกคำสั่งจากโฟลเดอร์ของโครงการ oitsite")])


def agency_years(agency_dir: Path, years: list[int] | None, catalog_dirs: list[Path] | None = None,
                 agency: Agency | None = None) -> list[int]:
    if years:
        return sorted(set(years))
    if agency is None:
        agency, _ = load_agency(agency_dir)
    avail = available_years(catalog_dirs)
    wanted = [y for y in (agency.info.get("years") if agency else None) or [] if y in avail]
    if wanted:
        return sorted(set(wanted))
    cur = agency.info.get("current_year") if agency else None
    return [cur if cur in avail else default_year(catalog_dirs)]


def load_site(agency_dir: Path, years: list[int] | None = None, *, allow_incomplete: bool = False,
              catalog_dirs: list[Path] | None = None) -> SiteContext:
    """Load the agency once, check it against every year; raise BuildFailed with the findings
    when the site must not be published."""
    agency, load_findings = load_agency(Path(agency_dir))
    if agency is None:
        raise BuildFailed(load_findings)
    years = agency_years(agency_dir, years, catalog_dirs, agency)
    reports = check_years(agency, load_findings, years, catalog_dirs)
    errors: list[Finding] = []
    seen: set[tuple] = set()
    for rep in reports.values():
        if rep.catalog is None:
            raise BuildFailed(rep.findings)
        for f in rep.errors(allow_incomplete):
            key = (f.code, f.file, f.line, f.column, f.message_th)
            if key not in seen:
                seen.add(key)
                errors.append(f)
    if errors:
        raise BuildFailed(sorted(errors, key=Finding.sort_key))
    return SiteContext(agency=agency, reports=reports, project_root=project_root(agency_dir))


def build(agency_dir: Path, out: Path, years: list[int] | None = None, *, allow_incomplete: bool = False,
          catalog_dirs: list[Path] | None = None, quiet: bool = True) -> BuildResult:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from . import sphinxext

    t0 = time.perf_counter()
    agency_dir = Path(agency_dir)
    out = Path(out).resolve()
    site = load_site(agency_dir, years, allow_incomplete=allow_incomplete, catalog_dirs=catalog_dirs)
    root = site.project_root
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        src, html = staging / "src", staging / "html"
        docnames = write_sources(site, src)
        sphinxext.SITE = site
        warnings = io.StringIO()
        # as sphinx-build does: e.g. no "Language th not supported" warning from docutils, and
        # directives/nodes registered per build, so several builds can run in one process
        with patch_docutils(str(root)), docutils_namespace():
            app = Sphinx(
                srcdir=str(src), confdir=str(root), outdir=str(html), doctreedir=str(staging / "doctrees"),
                buildername="html", status=None, warning=warnings, freshenv=True,
                confoverrides={"oitsite_agency": str(agency_dir), "oitsite_years": ",".join(map(str, site.years)),
                               "project": site.agency.name},
                keep_going=True,
            )
            app.build(force_all=True)
        problems = [ln for ln in warnings.getvalue().splitlines() if "WARNING" in ln or "ERROR" in ln]
        if app.statuscode or problems:
            raise BuildFailed([Finding(Code.BUILD_ERROR, "Sphinx รายงานปัญหา: " + p, p) for p in problems[:20]]
                              or [Finding(Code.BUILD_ERROR, "Sphinx สร้างเว็บไซต์ไม่สำเร็จ", "Sphinx failed")])
        _write_extras(site, html)
        _swap(html, out)
        return BuildResult(out, site.years, len(docnames), time.perf_counter() - t0,
                           [f for r in site.reports.values() for f in r.findings], site.reports)
    finally:
        sphinxext.SITE = None
        shutil.rmtree(staging, ignore_errors=True)


def _write_extras(site: SiteContext, html: Path) -> None:
    """Attachments, generated assets (charts, CSV, QR), manifests and ITAS exports."""
    from .cms import write_admin
    from .noticeboard import write_noticeboard

    for rel in sorted(site.attachments):
        src = site.agency.root / rel
        dst = html / "files" / rel.removeprefix("files/")
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    for path, data in sorted(site.assets.items()):
        dst = html / path
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data)
    for year in site.years:
        manifest = build_manifest(site, year)
        folder = html / "oit" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (folder / "itas.csv").write_bytes(itas_csv(manifest))
        write_noticeboard(site, html, year, manifest)  # oit/<year>/noticeboard.html (needs site_url)
    write_admin(html, site.agency.root, info=site.agency.info, years=site.years)  # /admin/ form editor
    (html / ".nojekyll").write_text("")
    apply_csp(html)


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def apply_csp(html_dir: Path) -> None:
    """Give every page a Content-Security-Policy it actually satisfies.

    Scripts may only come from the site itself; the theme's few inline scripts are allowed by
    their sha256 hash (computed per page), so injected script can never run.
    """
    from .sphinxext import CSP

    for page in sorted(html_dir.rglob("*.html")):
        if "admin" in page.relative_to(html_dir).parts:
            continue  # the CMS page carries its own policy
        text = page.read_text(encoding="utf-8")
        hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
                         for m in _INLINE_SCRIPT.finditer(text)})
        policy = CSP.replace("script-src 'self'", "script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'")
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        if 'http-equiv="Content-Security-Policy"' in text:
            continue
        text = re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + "\n    " + meta, text, count=1)
        page.write_text(text, encoding="utf-8")


def _url(site: SiteContext, path: str) -> str:
    base = (site.agency.info.get("site_url") or "").rstrip("/")
    return f"{base}/{path}" if base else path


def build_manifest(site: SiteContext, year: int) -> dict:
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
            "elements": [{"index": es.element.index, "text": es.element.text, "status": es.status,
                          "anchor": es.anchor or None, "reasons": es.reasons} for es in st.elements],
            "downloads": [{"label": d["label"], "path": d["path"], "url": _url(site, d["path"]), "bytes": d["bytes"]}
                          for d in site.downloads.get(doc, [])],
        })
    return {
        "agency": {"slug": site.agency.slug, "name_th": site.agency.info.get("name_th"),
                   "name_en": site.agency.info.get("name_en"), "type": site.agency.info.get("type")},
        "year": year,
        "catalog": {"title": rep.catalog.title, "source": rep.catalog.source, "items": len(rep.catalog.items)},
        "summary": {s: sum(1 for st in rep.statuses if st.status == s) for s in ("met", "partial", "missing")},
        "items": items,
    }


def itas_csv(manifest: dict) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["ข้อ", "ชื่อข้อมูล", "URL", "สถานะ"])
    for it in manifest["items"]:
        w.writerow([it["id"], it["title"], it["url"], {"met": "ครบ", "partial": "ยังไม่ครบ", "missing": "ยังไม่มีข้อมูล"}[it["status"]]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE): a web server
    reading ``b`` sees the old site or the new one, never none. False when unsupported."""
    try:
        import ctypes

        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new``: one atomic exchange where the system allows it, else two
    renames; the old site survives any failure before that."""
    old = None
    if out.exists():
        if out.is_file() or out.is_symlink():
            raise BuildFailed([Finding(Code.BUILD_ERROR, f"{shown(out)} ไม่ใช่โฟลเดอร์", "--out is not a folder")])
        if _exchange(new, out):  # ``new`` now holds the old site, removed with the staging folder
            return
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
    try:
        os.rename(new, out)
    except OSError:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

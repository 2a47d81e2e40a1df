"""Stage 7: check → render → Sphinx → exports, published atomically.

The site is built in a staging folder next to ``--out`` and swapped in only when everything
succeeded, so a failed build never replaces (or half-replaces) a good site. Output is
deterministic: same input → byte-identical files (SOURCE_DATE_EPOCH honoured).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from oitsite.check.site import SiteContext, load_site
from oitsite.check.validate import Report, attachment_key, read_checked_attachment
from oitsite.findings import Code, Finding, FindingsError
from oitsite.model.agency import shown
from oitsite.publish.manifest import build_manifest, itas_csv
from oitsite.publish.opendata import safe_json
from oitsite.site import envstore
from oitsite.site.outsafe import check_out, write_stamp
from oitsite.site.render import PageOutputs, write_sources

#: Below this many pages a parallel Sphinx run costs more (forking, merging) than it saves.
PARALLEL_MIN_PAGES = 24


@dataclass
class BuildResult:
    out: Path
    years: list[int]
    pages: int
    seconds: float
    findings: list[Finding] = field(default_factory=list)
    reports: dict[int, Report] = field(default_factory=dict)
    jobs: int = 1


def project_root(start: Path | None = None) -> Path:
    """The folder holding conf.py and _templates/ (walks up from ``start``, then the package's parent)."""
    candidates = []
    if start is not None:
        candidates += [start.resolve(), *start.resolve().parents]
    candidates += [Path.cwd(), Path(__file__).resolve().parents[2]]
    for c in candidates:
        if (c / "conf.py").is_file() and (c / "_templates" / "oit").is_dir():
            return c
    raise FindingsError([Finding(Code.BUILD_ERROR, "ไม่พบโครงการ oitsite (conf.py และ _templates/oit/)",
                               "oitsite project (conf.py, _templates/oit) not found",
                               fix_th="เรียกคำสั่งจากโฟลเดอร์ของโครงการ oitsite")])




def jobs_for(jobs: int | str | None, pages: int) -> int:
    """``-j``: a number, or "auto" (every core, when the site is big enough to gain from it)."""
    if jobs in (None, "auto"):
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return cores if pages >= PARALLEL_MIN_PAGES else 1
    return max(1, int(jobs))


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class _SphinxProblems(logging.Handler):
    """Sphinx's warnings and errors as they are logged (level, message, location), not as text."""

    def __init__(self, staging: Path | None = None) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self.staging = staging

    def clean(self, text: str) -> str:
        """No colour codes and no names of the staging folder (gone once the build ends)."""
        text = _ANSI.sub("", text)
        if self.staging is not None:
            for prefix in (str(self.staging / "src") + os.sep, str(self.staging / "html") + os.sep, str(self.staging)):
                text = text.replace(prefix, "")
        return text

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def findings(self) -> list[Finding]:
        from sphinx.util.logging import get_node_location

        out = []
        for r in self.records:
            given = getattr(r, "oitsite_finding", None)
            if isinstance(given, Finding):  # our own gate refused something (oitsite.site.extension.refuse)
                out.append(given)
                continue
            loc = getattr(r, "location", None)
            if loc is not None and not isinstance(loc, (str, tuple)):
                loc = get_node_location(loc)
            if isinstance(loc, tuple):
                loc = ":".join(str(x) for x in loc if x is not None)
            loc = self.clean(loc or "") or None
            page, _, line = (loc or "").partition(":")
            page = page.removesuffix(".md")
            msg = self.clean(r.getMessage())
            where = f"หน้า {page}" + (f" บรรทัด {line}" if line else "") if page else "ระหว่างสร้างเว็บไซต์"
            out.append(Finding(Code.BUILD_ERROR, f"Sphinx รายงานปัญหา{where}: {msg}", msg, path=loc or None,
                               fix_th="oitsite check ตรวจไม่พบปัญหานี้ก่อน: แจ้งผู้ดูแลระบบพร้อมข้อความนี้"))
        return out


def build(agency_dir: Path, out: Path, years: list[int] | None = None, *, allow_incomplete: bool = False,
          catalog_dirs: list[Path] | None = None, quiet: bool = True, jobs: int | str | None = "auto",
          admin: bool = True) -> BuildResult:
    """Check, render, run Sphinx (in parallel when it helps) and publish atomically to ``out``.
    Raises FindingsError with Thai findings when the site must not be published (also when the
    /admin/ form editor cannot be written: ``npm ci`` not run; ``admin=False`` leaves it out)."""
    import io

    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    t0 = time.perf_counter()
    agency_dir = Path(agency_dir)
    root = project_root(agency_dir)
    out = check_out(Path(out), agency_dir, root)  # before anything is written
    site = load_site(agency_dir, years, allow_incomplete=allow_incomplete, catalog_dirs=catalog_dirs)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    problems = _SphinxProblems(staging)
    sphinx_logger = logging.getLogger("sphinx")
    try:
        src, html = staging / "src", staging / "html"
        docnames = write_sources(site, src, root)
        nproc = jobs_for(jobs, len(docnames))
        # as sphinx-build does: e.g. no "Language th not supported" warning from docutils, and
        # directives/nodes registered per build, so several builds can run in one process
        with patch_docutils(str(root)), docutils_namespace():
            app = Sphinx(
                srcdir=str(src), confdir=str(root), outdir=str(html), doctreedir=str(staging / "doctrees"),
                buildername="html", status=None, warning=io.StringIO(), freshenv=True,
                confoverrides={"oitsite_agency": str(agency_dir), "oitsite_years": ",".join(map(str, site.years)),
                               "project": site.agency.name},
                keep_going=True, parallel=nproc,
            )
            app.env.oitsite_site = site  # the checked site, read by the directives (oitsite.site.extension)
            sphinx_logger.addHandler(problems)
            app.build(force_all=True)
        found = problems.findings()
        if app.statuscode or found:
            raise FindingsError(found[:20] or [Finding(Code.BUILD_ERROR, "Sphinx สร้างเว็บไซต์ไม่สำเร็จ", "Sphinx failed")])
        _write_extras(site, html, envstore.store(app.env, "oitsite_pages"), admin)
        write_stamp(html, draft=site.draft)
        check_out(out, agency_dir, root)  # still safe to replace (nothing appeared there meanwhile)
        _swap(html, out)
        return BuildResult(out, site.years, len(docnames), time.perf_counter() - t0, site.findings, site.reports, nproc)
    finally:
        sphinx_logger.removeHandler(problems)
        shutil.rmtree(staging, ignore_errors=True)


def _write_extras(site: SiteContext, html: Path, pages: dict[str, PageOutputs], admin: bool = True) -> None:
    """Attachments, generated assets (charts, CSV, QR), manifests and ITAS exports."""
    from oitsite.publish.admin import write_admin
    from oitsite.publish.noticeboard import write_noticeboard
    from oitsite.publish.share import write_icons, write_previews
    from oitsite.publish.siteextras import write_site_extras

    attachments = set().union(*(p.attachments for p in pages.values()))
    assets = {k: v for p in pages.values() for k, v in p.assets.items()}
    downloads = {name: p.downloads for name, p in pages.items()}
    for rel in sorted(attachments):
        data = read_checked_attachment(site.agency.root, rel, site.agency.checked_files.get(attachment_key(rel)))
        dst = html / "files" / rel.removeprefix("files/")
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data)
    for path, data in sorted(assets.items()):
        dst = html / path
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data)
    for year in site.years:
        manifest = build_manifest(site, year, downloads)
        folder = html / "oit" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "manifest.json").write_text(safe_json(manifest, indent=2) + "\n", encoding="utf-8")
        (folder / "itas.csv").write_bytes(itas_csv(manifest))
        write_noticeboard(site, html, year, manifest)  # oit/<year>/noticeboard.html (needs site_url)
    if admin:
        write_admin(html, site.agency.root, info=site.agency.info, years=site.years)  # /admin/ form editor
    write_previews(site, html)  # og/<page>.png: what LINE and Facebook show for a shared link
    write_icons(site, html)  # favicon.png, apple-touch-icon.png from the agency's logo
    write_site_extras(site, html)  # sitemap.xml, robots.txt, 404.html
    (html / ".nojekyll").write_text("")
    apply_csp(html)


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def apply_csp(html_dir: Path) -> None:
    """Give every page a Content-Security-Policy it actually satisfies.

    Scripts may only come from the site itself; the theme's few inline scripts are allowed by
    their sha256 hash (computed per page), so injected script can never run.
    """
    from oitsite.site.extension import CSP

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
            raise FindingsError([Finding(Code.BUILD_ERROR, f"{shown(out)} ไม่ใช่โฟลเดอร์", "--out is not a folder")])
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

"""Sphinx extension: light, Thai, accessible pages on top of sphinx-book-theme.

What the stock theme sends to a phone before any content — about 650 KB gzipped, most of it a
FontAwesome bundle and Bootstrap — is cut down here without changing the theme's look:

* scripts: FontAwesome, Bootstrap, Sphinx's doctools/highlighting and the search scripts are
  not loaded on content pages; what remains (documentation_options, the two theme scripts,
  ``oitsite.js``) is ``defer``-red, and no inline script is left, so the CSP of
  :data:`oitsite.site.extension.CSP` (``script-src 'self'``) holds;
* styles: Sphinx's ``basic.css``, the theme CSS, Pygments and ``oitsite.css`` are served as one
  file, ``_static/oitsite-bundle.css``, from which every rule that cannot match a page of the
  site is dropped (:mod:`oitsite.site.csspurge`); icons are inline SVG masks in ``oitsite.css``;
* fonts: Sarabun (Thai + Latin, 400/700, woff2, ``font-display: swap``) from ``_static/fonts``;
* unused theme files (FontAwesome, Bootstrap, source maps, launch-button logos, theme message
  catalogues) are removed from the output;
* the interface strings of Sphinx and the theme are Thai (``locales/th/LC_MESSAGES/sphinx.po``
  next to conf.py, compiled into the build's doctree folder).

The page templates that use the context set here are ``_templates/layout.html`` and
``_templates/search.html``.
"""

from __future__ import annotations

import gzip
import hashlib
import html as html_lib
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from oitsite.site import csspurge

logger = logging.getLogger(__name__)

BUNDLE = "_static/oitsite-bundle.css"
#: stylesheets served inside the bundle, in cascade order (paths under _static/)
BUNDLED_CSS = ("basic.css", "styles/pydata-sphinx-theme.css", "pygments.css", "styles/sphinx-book-theme.css",
               "oitsite.css", "oitsite-print.css")
#: scripts a content page does not need (the search page loads its own, see search.html)
DROPPED_JS = {"doctools.js", "sphinx_highlight.js", "searchtools.js", "language_data.js",
              "_sphinx_javascript_frameworks_compat.js", "jquery.js"}
#: first script on every page (sets light mode before the theme script runs; back-to-top)
SITE_JS = "oitsite.js"
THEME_JS = "scripts/pydata-sphinx-theme.js"
#: fonts fetched early: the Thai regular face is on every page's first screen
PRELOAD_FONTS = ("fonts/sarabun-thai-400-normal.woff2",)
#: output files nothing on the site uses
PRUNE = ("_static/scripts/fontawesome.js", "_static/scripts/bootstrap.js", "_static/vendor", "_static/locales",
         "_static/images/logo_binder.svg", "_static/images/logo_colab.png", "_static/images/logo_deepnote.svg",
         "_static/images/logo_jupyterhub.svg", "_static/images/logo_jupyterlite.svg", "_static/doctools.js",
         "_static/sphinx_highlight.js", "_static/searchtools.js", "_static/language_data.js",
         "_static/base-stemmer.js", "_static/english-stemmer.js", "_static/file.png", "_static/minus.png",
         "_static/plus.png", "_static/styles/theme.css", "_static/_sphinx_javascript_frameworks_compat.js",
         # theme template fragments Sphinx copies as if they were assets
         "_static/webpack-macros.html", "_static/sbt-webpack-macros.html")


#: Sphinx app id → bundle digest (set at builder-inited, read while pages are written)


def _theme_static_dirs(app: Sphinx) -> list[Path]:
    theme = getattr(app.builder, "theme", None)
    dirs = [Path(d) for d in (theme.get_theme_dirs() if theme else [])]
    out = [d / "static" for d in dirs]
    out += [Path(app.confdir) / p for p in app.config.html_static_path]
    return out


def _bundle_digest(app: Sphinx) -> str:
    """Version tag of the bundle: a hash of its sources (known before pages are written)."""
    h = hashlib.sha256()
    for rel in BUNDLED_CSS:
        for d in _theme_static_dirs(app):
            f = d / rel
            if f.is_file():
                h.update(rel.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:12]


def _compile_catalog(app: Sphinx) -> None:
    """Thai interface strings: ``locales/th/LC_MESSAGES/sphinx.po`` → .mo in the doctree folder."""
    if not (app.config.language or "").startswith("th"):
        return
    po = Path(app.confdir) / "locales" / "th" / "LC_MESSAGES" / "sphinx.po"
    if not po.is_file():
        return
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = Path(app.doctreedir) / "oitsite-locale"
    mo = out / "th" / "LC_MESSAGES" / "sphinx.mo"
    mo.parent.mkdir(parents=True, exist_ok=True)
    with po.open("rb") as f:
        catalog = read_po(f, locale="th")
    with mo.open("wb") as f:
        write_mo(f, catalog)
    app.add_message_catalog("sphinx", str(out))
    # the builder's templates were set up with the catalogue Sphinx found at start-up (none for
    # Thai): give them the merged one so the theme's labels come out in Thai
    from sphinx.locale import get_translator

    translator = get_translator("sphinx")
    env = getattr(getattr(app.builder, "templates", None), "environment", None)
    if env is not None:
        if "jinja2.ext.InternationalizationExtension" not in env.extensions:
            env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(translator)


def _script(filename: str, **attrs: str) -> Any:
    from sphinx.builders.html._assets import _JavaScript

    return _JavaScript(filename, **attrs)


def _static_rel(asset: Any) -> str:
    """``_static/styles/x.css?v=1`` → ``styles/x.css`` ('' for inline scripts)."""
    name = str(getattr(asset, "filename", asset) or "").split("?", 1)[0]
    return name.removeprefix("_static/")


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    css = [c for c in context.get("css_files", []) if _static_rel(c) not in BUNDLED_CSS]
    context["css_files"] = css
    scripts = [_script("_static/" + SITE_JS, defer="defer")]
    for js in context.get("script_files", []):
        rel = _static_rel(js)
        name = str(getattr(js, "filename", js) or "")
        if not rel or rel in DROPPED_JS or rel == SITE_JS:
            continue  # inline scripts (CSP) and the ones content pages do not need
        attrs = {k: v for k, v in getattr(js, "attributes", {}).items() if k not in ("body", "async")}
        attrs["defer"] = "defer"
        scripts.append(_script(name, **attrs))
    context["script_files"] = scripts
    toctree = context.get("generate_toctree_html")
    if callable(toctree) and not getattr(toctree, "_oitsite", False):
        context["generate_toctree_html"] = _named_toggles(toctree)
    context["oitsite_bundle"] = BUNDLE
    context["oitsite_bundle_digest"] = getattr(app.env, "oitsite_bundle_digest", "")
    context["oitsite_theme_js"] = "_static/" + THEME_JS
    context["oitsite_preload_fonts"] = ["_static/" + f for f in PRELOAD_FONTS]


_TOGGLE = re.compile(r'(<a [^>]*>(?P<text>(?:(?!</a>).)*)</a>\s*)?<details(?P<attrs>[^>]*)>\s*<summary>', re.S)


def _named_toggles(generate: Any) -> Any:
    """The theme's sidebar folds (``<details><summary>`` holding only a chevron) get a Thai name."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        html = str(generate(*args, **kwargs))

        def name(m: "re.Match[str]") -> str:
            text = html_lib.escape(html_lib.unescape(re.sub(r"<[^>]+>", "", m.group("text") or "")).strip())
            label = f"รายการย่อยของ {text}" if text else "รายการย่อย"
            return f'{m.group(1) or ""}<details{m.group("attrs")}><summary aria-label="{label}">'

        return _TOGGLE.sub(name, html)

    wrapper._oitsite = True  # type: ignore[attr-defined]
    return wrapper


def builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    _compile_catalog(app)
    app.env.oitsite_bundle_digest = _bundle_digest(app)


def build_finished(app: Sphinx, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    write_bundle(out)
    for rel in PRUNE:
        p = out / rel
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    for p in sorted((out / "_static").rglob("*.map")):
        p.unlink()


def write_bundle(out: Path) -> Path:
    """Concatenate :data:`BUNDLED_CSS` from ``out/_static`` and drop rules no page can use."""
    static = out / "_static"
    pages = [p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))]
    scripts = [p.read_text(encoding="utf-8") for p in sorted(static.rglob("*.js"))
               if p.name not in DROPPED_JS and "fontawesome" not in p.name and "bootstrap" not in p.name]
    used = csspurge.used_names(pages, scripts)
    parts = []
    for rel in BUNDLED_CSS:
        f = static / rel
        if f.is_file():
            text = f.read_text(encoding="utf-8")
            if not rel.startswith("oitsite"):
                text = csspurge.drop_icon_font(text)  # the theme's icon-font rules; ours are SVG masks
            parts.append(_rebase_urls(text, posixpath.dirname(rel)))
    bundle = csspurge.purge("\n".join(parts), used)
    target = out / BUNDLE
    target.write_text(bundle, encoding="utf-8")
    logger.info("oitsite: %s %d bytes (%d gzipped)", BUNDLE, len(bundle.encode()), len(gzip.compress(bundle.encode(), 9)))
    return target


def _rebase_urls(css: str, folder: str) -> str:
    """url(...) in a stylesheet from ``_static/<folder>/`` rewritten relative to ``_static/``."""
    if not folder:
        return css

    def fix(m: "re.Match[str]") -> str:
        q, url = m.group(1), m.group(2)
        if re.match(r"^(?:[a-z]+:|/|#)", url):
            return m.group(0)
        return f"url({q}{posixpath.normpath(posixpath.join(folder, url))}{q})"

    return re.sub(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)", fix, css)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", builder_inited)
    app.connect("html-page-context", page_context, priority=900)  # after the themes add their scripts
    app.connect("build-finished", build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

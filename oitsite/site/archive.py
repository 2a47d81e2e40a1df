"""Archives stay archives: a page of year Y (``oit/<Y>/…``) never links to a newer year in its
navigation (sidebar, previous/next), so adding year Y+1 to an agency's site leaves every
``oit/<Y>/`` page byte-identical (tests/model/test_years.py); the home page, which is not an archive,
links to every year and opens on the current one.
"""

from __future__ import annotations

import copy
import posixpath
import re
from typing import Any

from bs4 import BeautifulSoup

_YEAR_PAGE = re.compile(r"^oit/(\d{4})/")


def _page_year(docname: str) -> int | None:
    m = _YEAR_PAGE.match(docname)
    return int(m.group(1)) if m else None


def _newer_target(pagename: str, href: str, year: int) -> bool:
    """True when ``href`` (relative to ``pagename``) points into ``oit/<Z>/`` with Z newer than ``year``."""
    if not href or "://" in href or href.startswith(("#", "mailto:")):
        return False
    target = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), href.split("#", 1)[0]))
    other = _page_year(target)
    return other is not None and other > year


def archive_page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """On ``oit/<Y>/`` pages, drop navigation links to newer years.

    Sidebar entries of newer years go; a previous/next link into a newer year (the first page of
    year Y follows the last page of year Y+1, newest first) points to the home page instead, as
    it did before year Y+1 existed.
    """
    year = _page_year(pagename)
    if year is None:
        return
    root = app.config.root_doc
    for key in ("prev", "next"):
        link = context.get(key)
        if isinstance(link, dict) and _newer_target(pagename, str(link.get("link") or ""), year):
            context[key] = {"link": app.builder.get_relative_uri(pagename, root),
                            "title": app.builder.render_partial(app.env.titles[root])["title"]}
    rellinks = context.get("rellinks")
    if rellinks:
        home = app.builder.render_partial(app.env.titles[root])["title"]
        context["rellinks"] = [(root, home, *rest) if (_page_year(doc) or 0) > year else (doc, title, *rest)
                               for doc, title, *rest in rellinks]
    original = context.get("generate_toctree_html")
    if original is None or getattr(original, "_oitsite_archive", False):
        return

    def generate_toctree_html(*args: Any, **kwargs: Any) -> Any:
        soup = original(*args, **kwargs)
        if isinstance(soup, str):
            soup = BeautifulSoup(soup, "html.parser")
        else:
            soup = copy.copy(soup)
        for li in soup.select("li.toctree-l1"):
            a = li.find("a")
            if a is not None and _newer_target(pagename, str(a.get("href") or ""), year):
                after = li.next_sibling
                li.decompose()
                if isinstance(after, str) and not after.strip():  # the newline that followed it
                    after.extract()
        return soup

    generate_toctree_html._oitsite_archive = True  # type: ignore[attr-defined]
    context["generate_toctree_html"] = generate_toctree_html


def setup(app: Any) -> dict:
    # after pydata-sphinx-theme adds generate_toctree_html (priority 500)
    app.connect("html-page-context", archive_page_context, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

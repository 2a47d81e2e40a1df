"""Sphinx configuration shared by every agency site built from this repository.

`oitsite build` passes the agency and years (confoverrides); `oitsite serve` passes them through
OITSITE_AGENCY / OITSITE_YEARS. Hosts may change the look here; data never goes here.
"""

import os

project = "oitsite"
author = ""
copyright = ""
language = "th"
#: OITSITE_FRONTEND=stock builds the unmodified sphinx-book-theme (for scripts/bench_*.py comparisons)
STOCK = os.environ.get("OITSITE_FRONTEND", "") == "stock"
extensions = ["myst_parser", "oitsite.site"] + ([] if STOCK else ["oitsite.site.frontend", "oitsite.site.search"])
templates_path = [] if STOCK else ["_templates"]
locale_dirs = []  # Thai interface strings: locales/th/LC_MESSAGES/sphinx.po, compiled by oitsite.site.frontend
exclude_patterns = ["_build", "**/.*"]
html_static_path = ["source/_static"]
html_css_files = ["oitsite.css", "oitsite-print.css"]
html_js_files = [("oitsite-table.js", {"defer": "defer"})]  # filter/sort of large data tables (oitsite.site.renderers.datatable)
html_theme = "sphinx_book_theme"
html_title = ""
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
html_permalinks = True
html_use_index = False  # no empty "ดัชนี" (genindex) page: the site has no index entries
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "collapse_navbar": True,  # expand only the open branch: lighter pages, ~30% faster builds
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_source_button": False,
    "navigation_with_keys": False,
    "show_prev_next": True,
    "back_to_top_button": True,
    "search_as_you_type": False,
    "search_bar_text": "ค้นหาในเว็บไซต์…",
}
html_context = {"default_mode": "light"}  # one palette (the dark one is not shipped, see oitsite.site.frontend)
myst_enable_extensions = []  # editors' Markdown: plain CommonMark + tables; no raw HTML (see oitsite.check.validate)
myst_heading_anchors = 0
suppress_warnings = ["myst.header"]
oitsite_agency = os.environ.get("OITSITE_AGENCY", "")
oitsite_years = os.environ.get("OITSITE_YEARS", "")

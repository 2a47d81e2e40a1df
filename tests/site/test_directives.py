"""The directives in small Sphinx roots (tests/site/roots/test-*), as Sphinx's own tests do."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
BASE = HERE.parent / "badinput" / "base"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return HERE / "roots"


@pytest.mark.sphinx("html", testroot="item", confoverrides={"oitsite_agency": str(BASE), "oitsite_years": "2567"})
def test_item_page_shows_the_data_and_its_element_box(app):
    app.build()
    warnings = [w for w in app._warning.getvalue().splitlines() if w.strip() and 'Language "th"' not in w]
    assert not warnings, warnings  # (docutils has no Thai labels; `oitsite build` patches that away)
    html = (Path(app.outdir) / "o02.html").read_text(encoding="utf-8")
    assert "oit-elements" in html  # the element box
    names = [m["name"] for m in __import__("yaml").safe_load((BASE / "data" / "executives.yaml").read_text(encoding="utf-8"))["members"]]
    assert names and all(n in html for n in names)
    # the page's outputs (QR, downloads) are kept on the environment for the build to write
    assert "o02" in app.env.oitsite_pages


@pytest.mark.sphinx("html", testroot="item", confoverrides={"oitsite_agency": str(BASE), "oitsite_years": "2567"})
def test_index_lists_every_item_of_the_year_with_its_status(app):
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    site = app.env.oitsite_site
    for st in site.reports[2567].statuses:
        assert st.item.id in html


@pytest.mark.sphinx("html", testroot="raw", confoverrides={"oitsite_agency": str(BASE), "oitsite_years": "2567"})
def test_raw_markup_is_removed_and_fails_the_build(app):
    """The guard drops the raw node and logs the finding that `oitsite build` turns into a refusal."""
    app.build()
    assert "oit.raw-html" in app._warning.getvalue() or "Raw markup" in app._warning.getvalue()
    assert "<script>alert(1)</script>" not in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")

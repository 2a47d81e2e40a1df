"""Load once what every Sphinx build of an agency needs (Sphinx, MyST, the theme, the Thai
dictionary), so that worker processes forked afterwards share it instead of loading it again."""

from __future__ import annotations


def warm() -> None:
    import myst_parser  # noqa: F401
    import sphinx.application  # noqa: F401
    import sphinx_book_theme  # noqa: F401

    import oitsite.site.extension  # noqa: F401
    from oitsite.site.search import _dictionary

    _dictionary()

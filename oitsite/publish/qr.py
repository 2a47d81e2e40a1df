"""QR codes of page URLs (error correction M), made once per URL: the item page's code and the
noticeboard's code of the same page are the same symbol, so the matrix is computed once."""

from __future__ import annotations

import io
from functools import lru_cache

import segno


@lru_cache(maxsize=4096)
def _symbol(url: str) -> segno.QRCode:
    return segno.make(url, error="m")


def qr_svg(url: str, *, scale: int, title: str | None = None, svgclass: str | None = None) -> bytes:
    """The QR code of ``url`` as an SVG document (no XML declaration, one line)."""
    buf = io.BytesIO()
    extra = {"svgclass": svgclass} if svgclass else {}
    _symbol(url).save(buf, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True, title=title, nl=False, **extra)
    return buf.getvalue()

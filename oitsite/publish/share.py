"""What a page says about itself when a link is shared or found: title, description, preview image.

People pass the site's links around on LINE and Facebook and reach item pages from the QR codes on
the notice board, so every page needs a ``<title>`` that names the item, the year and the agency,
a ``<meta name="description">``, OpenGraph tags and a preview image (PNG, 1200×630, in Thai).

:func:`share_pages` is the one source for these texts (read by the page templates through
:mod:`oitsite.site.extension` and by :func:`write_previews`, which draws the images after Sphinx).
Images are drawn with Pillow (raqm shaping) in the vendored Sarabun face: its Thai and Latin
subsets are separate files, so text is drawn run by run in the face that has the characters.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from oitsite import thai
from oitsite.check.site import SiteContext
from oitsite.publish.manifest import item_docname

#: preview image size (what LINE and Facebook show without cropping)
WIDTH, HEIGHT = 1200, 630
#: where the images go in the site (``og/<docname>.png``)
FOLDER = "og"
FONTS = Path(__file__).resolve().parents[2] / "source" / "_static" / "fonts"
SEP = " – "


@dataclass(frozen=True)
class Share:
    title: str  #: the page's <title> and og:title
    description: str  #: meta description and og:description
    image: str  #: site-relative path of the preview PNG
    heading: str  #: the big text of the preview image
    kicker: str  #: the line above it (the assessment year)
    alt: str  #: og:image:alt


def short_name(site: SiteContext) -> str:
    return site.agency.info.get("short_name_th") or site.agency.name


def _digits(site: SiteContext, s: str) -> str:
    return thai.to_thai_digits(s) if site.agency.digits == "thai" else s


def _plain(markdown: str) -> str:
    """Markdown → one line of plain text (for the home page description)."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`#>]+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _clip(text: str, limit: int = 200) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def share_pages(site: SiteContext) -> dict[str, Share]:
    """Docname → :class:`Share` for the home page, each year's OIT index and each item page."""
    name, short = site.agency.name, short_name(site)
    d = lambda s: _digits(site, str(s))  # noqa: E731
    out: dict[str, Share] = {}
    desc = _plain(site.agency.info.get("description") or "")
    cur = site.current_year
    out["index"] = Share(
        title=name,
        description=_clip(desc or f"เว็บไซต์การเปิดเผยข้อมูลสาธารณะ (OIT) ของ{name} ตามเกณฑ์การประเมิน ITA ปี {d(cur)}"),
        image=f"{FOLDER}/index.png", heading=name, kicker=f"การเปิดเผยข้อมูลสาธารณะ (OIT) ปี {d(cur)}",
        alt=f"{name} — การเปิดเผยข้อมูลสาธารณะ (OIT) ปี {d(cur)}")
    for year in site.years:
        rep = site.reports[year]
        met = sum(st.status == "met" for st in rep.statuses)
        title = f"การเปิดเผยข้อมูลสาธารณะ (OIT) ปี {d(year)}"
        out[f"oit/{year}/index"] = Share(
            title=f"{title}{SEP}{short}",
            description=f"{name} เปิดเผยข้อมูลครบ {d(met)} จาก {d(len(rep.statuses))} รายการ ตามเกณฑ์การประเมินคุณธรรม"
                        f"และความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ปี {d(year)}",
            image=f"{FOLDER}/oit/{year}/index.png", heading=f"OIT ปี {d(year)}", kicker=name,
            alt=f"{title} — {name}")
        for st in rep.statuses:
            it = st.item
            doc = item_docname(year, it)
            label = f"{d(it.id)} {it.title}"
            out[doc] = Share(
                title=f"{label} ปี {d(year)}{SEP}{short}",
                description=_clip(f"{label} ของ{name} (การเปิดเผยข้อมูลสาธารณะ OIT ปี {d(year)}): "
                                  f"มีข้อมูลครบ {d(st.met_count)} จาก {d(len(st.elements))} องค์ประกอบตามเกณฑ์"),
                image=f"{FOLDER}/{doc}.png", heading=label, kicker=f"{name} · OIT ปี {d(year)}",
                alt=f"{label} — {name} ปี {d(year)}")
    return out


def other_page_title(site: SiteContext, title: str) -> str:
    """The <title> of a page :func:`share_pages` does not know (search, guide): page, then agency."""
    title = title.strip()
    return f"{title}{SEP}{short_name(site)}" if title else site.agency.name


# -- preview images ----------------------------------------------------------------------------

_THAI = re.compile(r"[\u0e00-\u0e7f]+")
#: characters that never start a line (Thai vowels and tone marks written above/below/after)
_NO_BREAK_BEFORE = set("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45\u0e46\u0e47\u0e48"
                       "\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
#: characters that never end a line (Thai vowels written before their consonant)
_NO_BREAK_AFTER = set("\u0e40\u0e41\u0e42\u0e43\u0e44")


@lru_cache(maxsize=16)
def _font(weight: int, subset: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS / f"sarabun-{subset}-{weight}-normal.woff2"), size)


def _runs(text: str) -> list[tuple[str, str]]:
    """Split into (subset, text) runs; spaces stay with the run they are in."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _THAI.finditer(text):
        if m.start() > pos:
            out.append(("latin", text[pos:m.start()]))
        out.append(("thai", m.group()))
        pos = m.end()
    if pos < len(text):
        out.append(("latin", text[pos:]))
    return out


def _width(text: str, weight: int, size: int) -> float:
    return sum(_font(weight, sub, size).getlength(t) for sub, t in _runs(text))


def _draw(draw, xy: tuple[float, float], text: str, weight: int, size: int, fill: int) -> None:
    x, y = xy
    for sub, t in _runs(text):
        f = _font(weight, sub, size)
        draw.text((x, y), t, font=f, fill=fill)
        x += f.getlength(t)


def _words(text: str) -> list[str]:
    """Break opportunities: spaces, and Thai word boundaries (PyThaiNLP when available)."""
    try:
        from pythainlp.tokenize import word_tokenize

        return [w for w in word_tokenize(text, engine="newmm", keep_whitespace=True) if w]
    except Exception:  # pragma: no cover - PyThaiNLP is a dependency; keep drawing without it
        return re.findall(r"\S+\s*", text)


def _wrap(text: str, weight: int, size: int, width: float, max_lines: int) -> list[str] | None:
    lines: list[str] = []
    line = ""
    for w in _words(text):
        trial = line + w
        if line and _width(trial.rstrip(), weight, size) > width:
            lines.append(line.rstrip())
            line = w.lstrip()
            if len(lines) >= max_lines:
                return None
        else:
            line = trial
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines or any(_width(ln, weight, size) > width for ln in lines):
        return None
    return lines


def _fit(text: str, weight: int, sizes: tuple[int, ...], width: float, max_lines: int) -> tuple[int, list[str]]:
    for size in sizes:
        lines = _wrap(text, weight, size, width, max_lines)
        if lines is not None:
            return size, lines
    size = sizes[-1]
    lines = _wrap(text, weight, size, width, 99) or [text]
    kept = lines[:max_lines]
    kept[-1] = kept[-1] + "…" if len(lines) > max_lines else kept[-1]
    return size, kept


#: the image is drawn in levels 0..LEVELS-1 of one ink (0 = white paper, top = full ink) and saved as
#: a palette PNG; palette entries above hold the logo's own colours. 16 levels of anti-aliasing, as
#: font rasterisers use, make the file ~40 % smaller than 192 did (~12-18 KB; a hub keeps one per page)
LEVELS = 16
INK = (11, 52, 120)


def _level(x: float) -> int:
    return round(x * (LEVELS - 1))


def _palette(logo_palette: list[int]) -> list[int]:
    pal: list[int] = []
    for i in range(LEVELS):
        t = i / (LEVELS - 1)
        pal += [round(255 + (c - 255) * t) for c in INK]
    pal += logo_palette
    return pal + [0] * (768 - len(pal))


@lru_cache(maxsize=4)
def _logo(path: str, box: int):
    """The logo as (palette indices from LEVELS up, a mask of its opaque pixels, its palette)."""
    from PIL import Image

    im = Image.open(path).convert("RGBA")
    im.thumbnail((box, box), Image.LANCZOS)
    mask = im.getchannel("A").point(lambda a: 255 if a >= 128 else 0)
    flat = Image.new("RGB", im.size, "white")
    flat.paste(im, (0, 0), im)
    q = flat.quantize(colors=256 - LEVELS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    indices = q.point(lambda i: i + LEVELS)
    pal = (q.getpalette() or [])[:3 * (256 - LEVELS)]
    return indices, mask, pal


def render_preview(share: Share, site_name: str, host: str, logo: Path | None = None) -> bytes:
    """A 1200×630 PNG: the agency's logo and name, the page's heading, its year, the site's host."""
    from PIL import Image, ImageDraw

    ink, muted, accent = _level(1.0), _level(0.72), _level(0.9)
    im = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, WIDTH, 18), fill=accent)
    draw.rectangle((0, HEIGHT - 84, WIDTH, HEIGHT), fill=_level(0.07))
    left = 72
    mark = _logo(str(logo), 150) if logo is not None and logo.is_file() else None
    text_left = left + mark[0].width + 36 if mark else left
    # the agency (top), the page's heading (middle), the year (above it), the host (bottom)
    size, lines = _fit(site_name, 700, (46, 40, 34), WIDTH - text_left - 64, 2)
    y = 78
    for ln in lines:
        _draw(draw, (text_left, y), ln, 700, size, ink)
        y += int(size * 1.45)
    y = max(y, 232)
    if share.heading != site_name:
        _draw(draw, (left, y), share.kicker, 400, 34, muted)
        y += 54
        room = HEIGHT - 84 - 12 - y  # above the bottom band
        for size in (64, 56, 48, 42):
            lines = _wrap(share.heading, 700, size, WIDTH - 2 * left, max(1, int(room // (size * 1.32))))
            if lines is not None:
                break
        else:
            size, lines = _fit(share.heading, 700, (42,), WIDTH - 2 * left, max(1, int(room // (42 * 1.32))))
        for ln in lines:
            _draw(draw, (left, y - int(size * 0.12)), ln, 700, size, accent)
            y += int(size * 1.32)
    else:
        _draw(draw, (left, y), share.kicker, 700, 44, accent)
    _draw(draw, (left, HEIGHT - 66), host, 400, 30, muted)
    out = Image.frombytes("P", im.size, im.tobytes())
    out.putpalette(_palette(mark[2] if mark else []))
    if mark:
        out.paste(mark[0], (left, 60), mark[1])
    buf = io.BytesIO()
    out.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def write_previews(site: SiteContext, html: Path, shares: dict[str, Share] | None = None) -> int:
    """Draw every page's preview image into the built site; returns how many were written."""
    shares = shares if shares is not None else share_pages(site)
    logo_rel = site.agency.info.get("logo")
    logo = (site.agency.root / logo_rel) if logo_rel else None
    host = re.sub(r"^https?://", "", (site.agency.info.get("site_url") or "").rstrip("/")) or short_name(site)
    for share in shares.values():
        dst = html / share.image
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(render_preview(share, site.agency.name, host, logo))
    return len(shares)


def write_icons(site: SiteContext, html: Path) -> list[str]:
    """favicon.png (32 px) and apple-touch-icon.png (180 px) from the agency's logo, square on white."""
    from PIL import Image

    logo_rel = site.agency.info.get("logo")
    if not logo_rel or not (site.agency.root / logo_rel).is_file():
        return []
    src = Image.open(site.agency.root / logo_rel).convert("RGBA")
    written = []
    for name, size in (("favicon.png", 32), ("apple-touch-icon.png", 180)):
        canvas = Image.new("RGBA", (size, size), (255, 255, 255, 255 if name.startswith("apple") else 0))
        mark = src.copy()
        mark.thumbnail((size, size), Image.LANCZOS)
        canvas.paste(mark, ((size - mark.width) // 2, (size - mark.height) // 2), mark)
        if size <= 32:  # fetched with every first visit: a small palette image (~400 bytes)
            canvas = canvas.quantize(colors=16, method=Image.Quantize.FASTOCTREE)
        canvas.save(html / name, "PNG", optimize=True)
        written.append(name)
    return written

"""Content-addressed assets shared by every agency of a hub: ``<out>/_shared/<sha256>.<ext>``.

After an agency's site is built (and before it is published), :func:`share_site` moves its theme
and font files (``_static/``, ``_images/``) and its CMS bundle (``admin/``) into the hub's pool,
named by their content, and rewrites the references to them: ``href``/``src`` attributes of every
page and ``url(…)`` in the style sheets. Identical files of different agencies become one file.
Only files the pages or style sheets reference are moved, so nothing a script looks up by name
is lost. Inline scripts are untouched, so the pages' CSP hashes stay valid.

The CMS bundle loads its chunks next to itself (``new URL("chunks/…", document.currentScript.src)``),
so it moves as one folder ``_shared/cms-<hash>/``; its icon font, which the bundle's styles name
relative to the admin page, is shared as a file and named from the admin page's depth (always
``<slug>/admin/``).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote

POOL = "_shared"
#: Folders of an agency site whose referenced files are shared.
SHARED_DIRS = ("_static", "_images")
SHARED_EXT = {".css", ".js", ".woff2", ".woff", ".ttf", ".otf", ".png", ".jpg", ".jpeg", ".gif", ".svg",
              ".webp", ".ico"}
CMS_DIR = "admin"
CMS_BUNDLE = "sveltia-cms.js"
CMS_PARTS = (CMS_BUNDLE, "chunks")
CMS_FONT_DIR = "fonts"

_ATTR = re.compile(r"""(\s(?:href|src)=)(["'])([^"'<>]*)\2""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""", re.IGNORECASE)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def _local(url: str) -> str | None:
    """The path part of a relative URL to a file of the site, or None (absolute, data:, #…)."""
    if not url or url.startswith(("#", "/", "data:", "mailto:", "tel:", "javascript:")) or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
        return None
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    return unquote(path) if path else None


def _resolve(from_file: str, url: str) -> str | None:
    """``url`` in site file ``from_file`` (POSIX, relative to the site) → site-relative path."""
    path = _local(url)
    if path is None:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), path))
    return None if joined.startswith("..") else joined


def _put(pool: Path, name: str, data: bytes) -> None:
    """Write ``pool/name`` once (content-addressed: an existing file already holds these bytes)."""
    dst = pool / name
    if dst.exists():
        return
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=pool)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, dst)


def _put_dir(pool: Path, name: str, files: dict[str, bytes]) -> None:
    dst = pool / name
    if dst.exists():
        return
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=pool))
    for rel, data in sorted(files.items()):
        p = tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        os.chmod(p, 0o644)
    os.chmod(tmp, 0o755)
    try:
        os.rename(tmp, dst)
    except OSError:  # another worker published the same content first
        shutil.rmtree(tmp, ignore_errors=True)


def _up(site_file: str) -> str:
    """From a site file to the hub root (the site is ``<hub>/<slug>/``)."""
    return "../" * (site_file.count("/") + 1)


def share_site(site: Path, pool: Path, unused: tuple[str, ...] = ()) -> list[str]:
    """Move the shareable files of the agency site ``site`` into ``pool`` and rewrite the
    references; ``unused`` are site files to drop when no page names them (the style sheets the
    build serves inside its bundle). Returns the pool names the site now uses (sorted)."""
    pool.mkdir(parents=True, exist_ok=True)
    files = {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file() and not p.is_symlink()}
    pages = [r for r in files if r.endswith(".html")]
    candidates = {r for r in files if r.split("/", 1)[0] in SHARED_DIRS and Path(r).suffix.lower() in SHARED_EXT}

    referenced: set[str] = set()
    page_text = {r: files[r].read_text(encoding="utf-8") for r in pages}
    for r, text in page_text.items():
        for m in _ATTR.finditer(text):
            target = _resolve(r, m.group(3))
            if target in candidates:
                referenced.add(target)
    css_text: dict[str, str] = {}
    todo = [t for t in sorted(referenced) if t.endswith(".css")]
    while todo:  # style sheets name fonts, images and other style sheets
        css = todo.pop()
        if css in css_text:
            continue
        css_text[css] = files[css].read_text(encoding="utf-8")
        for m in _CSS_URL.finditer(css_text[css]):
            target = _resolve(css, m.group(2))
            if target in candidates and target not in referenced:
                referenced.add(target)
                if target.endswith(".css"):
                    todo.append(target)

    # a style sheet naming a local file that is not shared stays where it is (its relative URL
    # would break in the pool), and so does everything it names
    kept: set[str] = set()
    for css, text in css_text.items():
        for m in _CSS_URL.finditer(text):
            target = _resolve(css, m.group(2))
            if _local(m.group(2)) is not None and target not in candidates:
                kept.add(css)
    todo = sorted(kept)
    while todo:
        css = todo.pop()
        for m in _CSS_URL.finditer(css_text.get(css, "")):
            target = _resolve(css, m.group(2))
            if target in referenced and target not in kept:
                kept.add(target)
                todo.append(target)
    referenced -= kept

    names: dict[str, str] = {}  # site path → pool name

    def name_of(rel: str, seen: tuple[str, ...] = ()) -> str:
        if rel in names:
            return names[rel]
        if rel in css_text and rel not in seen:
            def sub(m: re.Match[str]) -> str:
                target = _resolve(rel, m.group(2))
                if target in referenced and target not in seen:
                    return f"url({m.group(1)}{name_of(target, seen + (rel,))}{m.group(1)})"
                return m.group(0)
            data = _CSS_URL.sub(sub, css_text[rel]).encode("utf-8")
        else:
            data = files[rel].read_bytes()
        name = _digest(data) + Path(rel).suffix.lower()
        _put(pool, name, data)
        names[rel] = name
        return name

    for rel in sorted(referenced):
        name_of(rel)

    # the CMS bundle: one folder, its icon font a shared file named from the admin page
    admin_page = f"{CMS_DIR}/index.html"
    bundle = f"{CMS_DIR}/{CMS_BUNDLE}"
    if admin_page in page_text and bundle in files:
        parts = {r.removeprefix(CMS_DIR + "/"): files[r].read_bytes() for r in files
                 if r.startswith(CMS_DIR + "/") and r.removeprefix(CMS_DIR + "/").split("/", 1)[0] in CMS_PARTS}
        script = parts[CMS_BUNDLE].decode("utf-8")
        fonts = sorted(r for r in files if r.startswith(f"{CMS_DIR}/{CMS_FONT_DIR}/"))
        for font in fonts:
            local = font.removeprefix(CMS_DIR + "/")
            if local in script:
                data = files[font].read_bytes()
                fname = _digest(data) + Path(font).suffix.lower()
                _put(pool, fname, data)
                script = script.replace(local, _up(admin_page) + f"{POOL}/{fname}")
                names[font] = fname
        parts[CMS_BUNDLE] = script.encode("utf-8")
        h = hashlib.sha256()
        for rel, data in sorted(parts.items()):
            h.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
        dname = f"cms-{h.hexdigest()[:20]}"
        _put_dir(pool, dname, parts)
        for rel in parts:
            names[f"{CMS_DIR}/{rel}"] = f"{dname}/{rel}"

    for r, text in page_text.items():
        def attr(m: re.Match[str], r: str = r) -> str:
            target = _resolve(r, m.group(3))
            if target in names:
                return f"{m.group(1)}{m.group(2)}{_up(r)}{POOL}/{names[target]}{m.group(2)}"
            return m.group(0)
        new = _ATTR.sub(attr, text)
        if new != text:
            files[r].write_text(new, encoding="utf-8")
    for rel in sorted(names):
        files[rel].unlink()
    named = {_resolve(r, m.group(3)) for r, text in page_text.items() for m in _ATTR.finditer(text)}
    for rel in unused:
        if rel in files and rel not in names and rel not in named and rel not in referenced:
            files[rel].unlink()
    for d in sorted((p for p in site.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(d.iterdir()):
            d.rmdir()
    return sorted({n.split("/", 1)[0] for n in names.values()})


def prune(pool: Path, used: set[str]) -> None:
    """Remove pool entries no published site uses any more (and leftovers of interrupted writes)."""
    if not pool.is_dir():
        return
    for p in sorted(pool.iterdir()):
        if p.name not in used:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()

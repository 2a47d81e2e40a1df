"""Content-addressed sharing of one agency site's assets (oitsite.hub.shared), on small hand-made sites."""

from __future__ import annotations

from pathlib import Path

from oitsite.hub.shared import POOL, prune, share_site


def _site(root: Path, slug: str, css_extra: str = "") -> Path:
    s = root / slug
    files = {
        "index.html": '<link rel="stylesheet" href="_static/site.css?v=1"><script src="_static/a.js"></script>'
                      '<img src="_images/pic.png"><a href="files/doc.pdf">doc</a><script>inline()</script>',
        "oit/2567/o01.html": '<link rel="stylesheet" href="../../_static/site.css"><a href="#x">x</a>'
                             '<a href="https://example.org/_static/a.js">ext</a>',
        "_static/site.css": '@font-face{src:url("fonts/f.woff2")}.i{background:url(data:image/png;base64,AA==)}' + css_extra,
        "_static/fonts/f.woff2": "FONT",
        "_static/a.js": "console.log(1)",
        "_static/unused.css": "p{}",
        "_static/bundled-source.css": "p{}",
        "_images/pic.png": "PNG",
        "files/doc.pdf": "PDF",
        "admin/index.html": '<link href="config.yml" rel="cms-config-url"><script src="sveltia-cms.js"></script>',
        "admin/config.yml": f"site: {slug}",
        "admin/sveltia-cms.js": 'x=new URL("chunks/r.js",s);css="src:url(fonts/icons.woff2)"',
        "admin/chunks/r.js": "R",
        "admin/fonts/icons.woff2": "ICONS",
    }
    for rel, text in files.items():
        (s / rel).parent.mkdir(parents=True, exist_ok=True)
        (s / rel).write_text(text, encoding="utf-8")
    return s


def test_shared_once_and_rewritten(tmp_path: Path):
    pool = tmp_path / POOL
    a = share_site(_site(tmp_path, "a"), pool, unused=("_static/bundled-source.css",))
    b = share_site(_site(tmp_path, "b"), pool, unused=("_static/bundled-source.css",))
    assert a == b and sorted(p.name for p in pool.iterdir()) == a  # identical files: one copy
    index = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert 'href="../_shared/' in index and 'src="../_shared/' in index
    assert 'href="files/doc.pdf"' in index and "<script>inline()</script>" in index  # attachments, inline scripts stay
    deep = (tmp_path / "a" / "oit" / "2567" / "o01.html").read_text(encoding="utf-8")
    assert 'href="../../../_shared/' in deep and "https://example.org/_static/a.js" in deep
    css = next(pool.glob("*.css")).read_text(encoding="utf-8")
    font = next(n for n in a if n.endswith(".woff2") and (pool / n).read_text() == "FONT")
    assert f'url("{font}")' in css and "data:image/png" in css
    assert not (tmp_path / "a" / "_static" / "site.css").exists()
    assert (tmp_path / "a" / "_static" / "unused.css").exists()  # nothing names it: a script might
    assert not (tmp_path / "a" / "_static" / "bundled-source.css").exists()
    cms = next(pool.glob("cms-*"))
    assert (cms / "chunks" / "r.js").read_text() == "R"
    icons = next(n for n in a if (pool / n).is_file() and (pool / n).read_text() == "ICONS")
    assert f"url(../../{POOL}/{icons})" in (cms / "sveltia-cms.js").read_text()
    admin = (tmp_path / "b" / "admin" / "index.html").read_text(encoding="utf-8")
    assert f'src="../../{POOL}/{cms.name}/sveltia-cms.js"' in admin and 'href="config.yml"' in admin
    assert (tmp_path / "b" / "admin" / "config.yml").read_text() == "site: b"
    prune(pool, set(a) - {icons})
    assert icons not in {p.name for p in pool.iterdir()}


def test_style_sheet_naming_an_unshared_file_stays_in_place(tmp_path: Path):
    site = _site(tmp_path, "c", css_extra='.x{background:url("../files/bg.jpg")}')
    used = share_site(site, tmp_path / POOL)
    assert (site / "_static" / "site.css").exists() and (site / "_static" / "fonts" / "f.woff2").exists()
    assert 'href="_static/site.css?v=1"' in (site / "index.html").read_text(encoding="utf-8")
    assert not any(n.endswith(".css") for n in used)

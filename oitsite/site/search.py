"""Sphinx extension: Thai full-text search that segments words the same way at build and query time.

Sphinx's own search splits Thai at combining vowels, so a Thai word is never found whole. Here:

* **build** — every page's text (title, headings, body) is normalised (:func:`normalize`: Thai
  digits → Arabic, lower case, no zero-width characters) and cut into words with PyThaiNLP's
  ``newmm`` segmenter; compound words are also indexed by their dictionary parts
  (จัดซื้อจัดจ้าง → จัดซื้อ + จัดจ้าง → จัด + ซื้อ + …), so the finer cuts a browser makes still hit;
* **query** — ``_static/oitsite-search.js`` normalises the visitor's words the same way, segments
  them with ``Intl.Segmenter('th')``, then joins adjacent pieces back into the longest word the
  index knows (its vocabulary is the shared dictionary), so index and query agree. A word the
  index does not know is looked up as the start of, then inside, the indexed words (partial words).

The index is ``oitsite-searchindex.js`` at the site root (a script, so the search page also works
from ``file://``), loaded only by ``search.html``; results stay at ``search.html?q=…`` under
``#search-results``. Ranking is BM25 over title (×8), headings (×3) and text (×1).
"""

from __future__ import annotations

import re
import time
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from oitsite.publish.opendata import safe_json
from oitsite.site import envstore

logger = logging.getLogger(__name__)

INDEX_FILE = "oitsite-searchindex.js"
#: field weights (title, headings, text) and the weight of a compound word's parts
W_TITLE, W_HEAD, W_TEXT, W_PART = 8.0, 3.0, 1.0, 0.5
SUMMARY_CHARS = 180
#: pages not worth finding
SKIP_PAGES = {"genindex", "search", "py-modindex"}

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
#: Thai letters, vowels and tone marks — not ฯ ๆ ฿ (punctuation here, so ต่าง ๆ = ต่างๆ = ต่าง)
_THAI_LETTERS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
_RUN = re.compile(rf"[a-z0-9]+|[{_THAI_LETTERS}]+")  # Latin/digit words, Thai runs (mirrored in oitsite-search.js)
_THAI = re.compile(rf"[{_THAI_LETTERS}]")


def normalize(text: str) -> str:
    """The one normalisation both sides apply (mirrored in oitsite-search.js ``norm``)."""
    return unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH).translate(_THAI_DIGITS).lower()


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@lru_cache(maxsize=None)
def _segment_run(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(t for t in word_tokenize(run, engine="newmm", keep_whitespace=False) if _THAI.search(t))


@lru_cache(maxsize=None)
def parts(word: str) -> tuple[str, ...]:
    """Dictionary words a compound is made of (fewest pieces, each ≥ 2 letters), recursively; () if none."""
    if len(word) < 4:
        return ()
    words = _dictionary()
    n = len(word)
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # best[i] = (pieces, previous cut) for word[:i]
    best[0] = (0, 0)
    for i in range(2, n + 1):
        for j in range(max(0, i - 20), i - 1):
            if best[j] is None:
                continue
            piece = word[j:i]
            if piece != word and piece in words and (best[i] is None or best[j][0] + 1 < best[i][0]):
                best[i] = (best[j][0] + 1, j)
    if best[n] is None or best[n][0] < 2:
        return ()
    cuts, i = [], n
    while i > 0:
        j = best[i][1]
        cuts.append(word[j:i])
        i = j
    cuts.reverse()
    out: list[str] = []
    for c in cuts:
        out.append(c)
        out.extend(parts(c))
    return tuple(out)


def tokenize(text: str) -> list[str]:
    """Normalised words of ``text`` in order (Thai by PyThaiNLP newmm, the rest by letters/digits)."""
    out: list[str] = []
    for run in _RUN.findall(normalize(text)):
        if _THAI.match(run):
            out.extend(_segment_run(run))
        else:
            out.append(run)
    return out


def _weighted_terms(text: str, weight: float, into: dict[str, float]) -> int:
    words = tokenize(text)
    for w in words:
        into[w] = into.get(w, 0.0) + weight
        for p in parts(w):
            into[p] = into.get(p, 0.0) + weight * W_PART
    return len(words)


# -- collecting ------------------------------------------------------------------------------

def _page_text(doctree: nodes.document) -> tuple[list[str], str, str]:
    """Headings, all text, and the text a result should quote (an item's data, not its meta table)."""
    heads = [n.astext() for n in doctree.findall(nodes.title)][1:]
    body = doctree.astext()
    topic = next(iter(doctree.findall(lambda n: isinstance(n, nodes.section) and "oit-topic" in n["classes"])), None)
    if topic is not None:
        quote = " ".join(c.astext() for c in topic.children if not isinstance(c, nodes.title))
    else:
        quote = body
    return heads, body, quote


def doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Index a page as it is read, so that parallel readers share the work (the entries are kept
    per document on the environment: :mod:`oitsite.site.envstore`)."""
    docname = app.env.docname
    if docname in SKIP_PAGES:
        return
    node = app.env.titles.get(docname)
    heads, body, quote = _page_text(doctree)
    page = {"title": node.astext() if node is not None else "", "heads": heads, "body": body, "quote": quote}
    envstore.store(app.env, "oitsite_search")[docname] = page_entry(docname, page)


def page_entry(name: str, p: dict[str, Any]) -> dict[str, Any]:
    """One page's search document and its field-weighted terms."""
    terms: dict[str, float] = {}
    _weighted_terms(p["title"], W_TITLE, terms)
    for h in p["heads"]:
        _weighted_terms(h, W_HEAD, terms)
    length = _weighted_terms(p["body"], W_TEXT, terms)
    quote = " ".join(p.get("quote", p["body"]).split())
    if quote.startswith(p["title"]):
        quote = quote[len(p["title"]):].lstrip()
    summary = quote[:SUMMARY_CHARS] + ("…" if len(quote) > SUMMARY_CHARS else "")
    year = re.match(r"oit/(\d{4})/", name)
    # what the title says, as one string (the query is matched inside it); a page of an
    # assessment year is also "of" that year even when its title does not say so
    tn = "".join(tokenize(p["title"]))
    if year and year.group(1) not in tn:
        tn += year.group(1)
    doc = {"u": name + ".html", "t": p["title"], "s": summary, "n": length,
           "y": int(year.group(1)) if year else None, "tn": tn}
    return {"doc": doc, "terms": terms}


def build_index(pages: dict[str, dict[str, Any]], current_year: int | None = None) -> dict[str, Any]:
    """The search index of raw pages (title, heads, body, quote)."""
    return assemble({name: page_entry(name, p) for name, p in pages.items()}, current_year)


def assemble(entries: dict[str, dict[str, Any]], current_year: int | None = None) -> dict[str, Any]:
    """The search index: documents, vocabulary (sorted) and, per word, the pages that have it with
    its field-weighted count (see :func:`_pack` for the encoding)."""
    docs, postings = [], {}
    for i, name in enumerate(sorted(entries)):
        docs.append(entries[name]["doc"])
        for term, w in entries[name]["terms"].items():
            postings.setdefault(term, []).append((i, max(1, round(w * 2))))
    vocab = sorted(postings)
    return {"version": 2, "current": current_year, "docs": docs, "terms": vocab,
            "postings": [_pack(postings[t]) for t in vocab]}


def _pack(entries: list[tuple[int, int]]) -> list[int]:
    """``[(doc, weight×2), …]`` → ``[doc gap, weight×2, …]`` (small numbers: the index gzips to ~⅔)."""
    out, prev = [], 0
    for doc, w in entries:
        out += (doc - prev, w)
        prev = doc
    return out


def unpack(packed: list[int]) -> dict[int, float]:
    """Inverse of the postings encoding: doc → weight (as ``oitsite-search.js`` decodes it)."""
    out, doc = {}, 0
    for i in range(0, len(packed), 2):
        doc += packed[i]
        out[doc] = packed[i + 1] / 2
    return out


def write_index(out: Path, index: dict[str, Any]) -> Path:
    target = out / INDEX_FILE
    payload = safe_json(index, separators=(",", ":"))  # no </script> or <!-- whatever pages say
    target.write_text(f"window.OITSITE_SEARCH_INDEX={payload};\n", encoding="utf-8")
    return target


def document_entries(site: Any, published: set[str]) -> dict[str, dict[str, Any]]:
    """Search entries of the documents' pages (text extracted by oitsite.check.documents): a
    word found only inside a PDF leads to that page of the PDF (``files/x.pdf#page=3``); a
    document without text (a scan) is still found by its title. Only published files."""
    out: dict[str, dict[str, Any]] = {}
    for (_topic, year), td in sorted(site.agency.topics.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        for doc in (td.data or {}).get("documents") or []:
            rel = doc.get("file") if isinstance(doc, dict) else None
            if not isinstance(rel, str) or rel not in published:
                continue
            title = str(doc.get("title") or rel.rsplit("/", 1)[-1])
            path = "files/" + rel.removeprefix("files/")
            pages = site.agency.document_pages.get(rel) or []
            texts = [(n, t) for n, t in enumerate(pages, 1) if t.strip()]
            if not texts:
                out[path] = page_entry(path, {"title": title, "heads": [], "body": title})
                out[path]["doc"].update(u=path, y=year)
                continue
            for n, text in texts:
                suffix = f"#page={n}" if path.lower().endswith(".pdf") else ""
                name = path + suffix
                out[name] = page_entry(name, {"title": f"{title} (หน้า {n})", "heads": [], "body": text})
                out[name]["doc"].update(u=name, y=year)
    return out


def build_finished(app: Sphinx, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    t0 = time.perf_counter()
    site = getattr(app.env, "oitsite_site", None)
    current = site.current_year if site is not None else None
    entries = dict(envstore.store(app.env, "oitsite_search"))
    if site is not None:
        published = set().union(*(p.attachments for p in envstore.store(app.env, "oitsite_pages").values()))
        entries.update(document_entries(site, published))
    index = assemble(entries, current)
    out = Path(app.outdir)
    target = write_index(out, index)
    stock = out / "searchindex.js"  # Sphinx's own index: no page loads it any more
    if stock.exists():
        stock.unlink()
    logger.info("oitsite: search index %s — %d pages, %d words, %d bytes, %.1f s", INDEX_FILE, len(index["docs"]),
                len(index["terms"]), target.stat().st_size, time.perf_counter() - t0)


def builder_inited(app: Sphinx) -> None:
    """Sphinx's own indexer is not used (its index is not Thai-aware and no page loads it): it
    would cost a serial pass over every page. The search page is still written (search_page)."""
    if app.builder.format == "html" and hasattr(app.builder, "search"):
        app.builder.search = False


def search_page(app: Sphinx):
    if app.builder.format == "html":
        yield "search", {}, "search.html"


def page_search_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename == "search":
        context["oitsite_search_index"] = INDEX_FILE
        context["oitsite_search_js"] = "_static/oitsite-search.js"


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", builder_inited)
    app.connect("doctree-read", doctree_read)
    envstore.per_document(app, "oitsite_search")
    app.connect("html-collect-pages", search_page)
    app.connect("html-page-context", page_search_context)
    app.connect("build-finished", build_finished, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = ["normalize", "tokenize", "parts", "build_index", "unpack", "write_index", "INDEX_FILE", "W_TITLE"]

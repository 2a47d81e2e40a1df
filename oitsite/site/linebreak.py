"""Thai lines break between words, never inside one.

Thai has no spaces between words, so a browser breaks a line where its own dictionary (ICU) says,
which splits words such as "ประพฤติ|มิชอบ", "งบ|ประมาณ", "จัด|จ้าง". At build time each Thai run
in a heading, a table cell, an element label or a card (the narrow places) becomes::

    <span class="tw">ประพฤติมิชอบ<wbr>งบประมาณ<wbr>จัดซื้อ<wbr>จัดจ้าง</span>

``span.tw`` does not wrap (``white-space: nowrap``, oitsite.css) except at its ``<wbr>``: the break
opportunities are exactly PyThaiNLP's word boundaries (engine "newmm"). ``<wbr>`` is not text: copy
and paste, find-in-page and the search index (built from the read doctree, before this runs) see
the words unchanged. Each distinct run is segmented once per build (cache on the environment).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes

from oitsite.site.nodes import oit_tag

#: Thai letters, vowels and marks (not digits): a run of them is one unbroken stretch for a browser
THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")
#: a run this short is one word or two short ones ("วันที่"); the browser would still split those
MIN_RUN = 4
#: the narrow places: headings, table cells, terms of a definition list, captions ...
_NODES = (nodes.title, nodes.rubric, nodes.entry, nodes.term, nodes.caption)
#: ... the same written as HTML elements by oitsite's renderers (large data tables) ...
_TAGS = {"th", "td", "caption", "figcaption", "h1", "h2", "h3", "h4", "summary", "dt"}
#: ... and these boxes of oitsite's pages (element labels, cards)
_BOXES = {"oit-elements", "oit-card"}
_SKIP = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.comment, oit_tag)


class wbr(nodes.Inline, nodes.Element):
    """A line-break opportunity: ``<wbr>`` in HTML, nothing in text (``astext()`` is empty)."""


def visit_wbr(self: Any, node: wbr) -> None:
    self.body.append("<wbr>")
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def words(env: Any, run: str) -> list[str]:
    """PyThaiNLP's words of one Thai run, segmented once per build (``env.oitsite_words``)."""
    cache = getattr(env, "oitsite_words", None)
    if cache is None:
        cache = env.oitsite_words = {}
    got = cache.get(run)
    if got is None:
        from pythainlp.tokenize import word_tokenize

        got = cache[run] = [w for w in word_tokenize(run, engine="newmm", keep_whitespace=False) if w]
        if "".join(got) != run:  # never lose or change a letter
            got = cache[run] = [run]
    return got


def _wanted(text: nodes.Text) -> bool:
    node = text.parent
    while node is not None:
        if isinstance(node, nodes.inline) and "tw" in node["classes"]:
            return False
        if isinstance(node, oit_tag):
            if node["tag"] in _TAGS or _BOXES.intersection(node["classes"]):
                return True
        elif isinstance(node, _SKIP):
            return False
        elif isinstance(node, _NODES):
            return True
        node = node.parent
    return False


def broken(env: Any, text: str) -> list[nodes.Node] | None:
    """``text`` as Text and word-broken spans, or None when nothing needs breaking."""
    out: list[nodes.Node] = []
    pos, changed = 0, False
    for m in THAI_RUN.finditer(text):
        if len(m.group(0)) < MIN_RUN:
            continue
        ws = words(env, m.group(0))  # one word too: the browser would split "วัน|ที่"
        if m.start() > pos:
            out.append(nodes.Text(text[pos:m.start()]))
        span = nodes.inline(classes=["tw"])
        for i, w in enumerate(ws):
            if i:
                span += wbr()
            span += nodes.Text(w)
        out.append(span)
        pos, changed = m.end(), True
    if not changed:
        return None
    if pos < len(text):
        out.append(nodes.Text(text[pos:]))
    return out


def break_words(app: Any, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: word breaks in the narrow places of the page being written."""
    env = app.env
    for text in list(doctree.findall(nodes.Text)):
        if not THAI_RUN.search(text) or not _wanted(text):
            continue
        new = broken(env, str(text))
        if new is None:
            continue
        if len(new) > 1 and isinstance(text.parent, nodes.rubric):
            new = [nodes.inline("", "", *new)]  # the theme's rubric is a flex column: one item, not one per piece
        text.parent.replace(text, new)


def setup(app: Any) -> None:
    app.add_node(wbr, html=(visit_wbr, None), latex=(_skip, None), text=(_skip, None), man=(_skip, None),
                 texinfo=(_skip, None))
    app.connect("doctree-resolved", break_words)

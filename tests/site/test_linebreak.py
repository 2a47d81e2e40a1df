"""Thai lines break between words only (oitsite.site.linebreak), measured in Chromium at 360 px.

The browser's own Thai breaking splits words ("ประพฤติมิ|ชอบ", "งบ|ประมาณ", "จัด|จ้าง"); the built
pages put <wbr> at PyThaiNLP's word boundaries inside non-wrapping runs. Each line box of a heading,
table header and element label is read with Range.getClientRects, and no line may start or end
inside a word.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from docutils import nodes

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import browserkit  # noqa: E402

from oitsite.site import linebreak  # noqa: E402

#: words that must never be split (the issue's examples)
WHOLE = ["ประพฤติมิชอบ", "งบประมาณ", "จัดจ้าง"]


class _Env:
    """Stands in for the Sphinx environment: only the cache attribute is used."""


def test_runs_get_word_breaks_and_keep_every_letter():
    env = _Env()
    text = "O23 ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ (ปี ๒๕๖๗)"
    out = linebreak.broken(env, text)
    assert out is not None
    assert "".join(n.astext() for n in out) == text  # copy and paste: the same letters, in order
    span = next(n for n in out if not isinstance(n, nodes.Text))
    pieces = [n.astext() for n in span.children if isinstance(n, nodes.Text)]
    assert "ประพฤติมิชอบ" in pieces and "ทุจริต" in pieces
    assert linebreak.broken(env, "ปี ๒๕๖๗ O16") is None  # nothing long enough to break: unchanged
    assert env.oitsite_words  # segmented once, kept on the environment
    before = dict(env.oitsite_words)
    linebreak.broken(env, text)
    assert env.oitsite_words == before


#: the lines of an element: its text split where Chromium starts a new line box
_LINES = """el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const lines = []; let cur = ""; let top = null; let node;
  while ((node = walker.nextNode())) {
    if (node.parentElement.closest(".headerlink")) continue;
    for (let i = 0; i < node.length; i++) {
      const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
      const rect = r.getClientRects()[0];
      if (!rect || rect.width === 0) { cur += node.data[i]; continue; }
      if (top !== null && rect.top > top + 4) { lines.push(cur); cur = ""; }
      top = rect.top; cur += node.data[i];
    }
  }
  lines.push(cur);
  return lines;
}"""


def _words(text: str) -> set[int]:
    """Offsets in ``text`` where a PyThaiNLP word (or a space) begins or ends."""
    from pythainlp.tokenize import word_tokenize

    cuts, pos = {0, len(text)}, 0
    for w in word_tokenize(text, engine="newmm", keep_whitespace=True):
        pos += len(w)
        cuts.add(pos)
    return cuts


@pytest.mark.browser
@pytest.mark.skipif(not browserkit.chromium_available(), reason="Debian chromium not installed")
def test_no_line_breaks_inside_a_word_at_360px(built_site: Path):
    pages = {"oit/2567/o23.html": "h1, th, .oit-elements li p, .oit-group",
             "oit/2567/o16.html": "h1, h2, th, .oit-elements li p, .oit-group, .rubric",
             "oit/2567/index.html": "caption, td a"}
    bad, wrapped, seen = [], 0, set()
    with browserkit.serve(built_site) as base, browserkit.browser() as browser:
        ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        page = ctx.new_page()
        for path, selector in pages.items():
            page.goto(base + path)
            page.wait_for_load_state("load")
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            for handle in page.query_selector_all(selector):
                lines = handle.evaluate(_LINES)
                text = "".join(lines)
                if len(lines) < 2:
                    continue
                wrapped += 1
                seen.update(w for w in WHOLE if w in text)
                cuts, pos = _words(text), 0
                for line in lines[:-1]:
                    pos += len(line)
                    if pos not in cuts:
                        bad.append(f"{path}: “{line[-12:]}|{text[pos:pos + 12]}” in “{text[:60]}”")
            # copy and paste (and find-in-page) see the words whole: <wbr> is no text
            if path.endswith("o23.html"):
                assert "ประพฤติมิชอบ" in page.inner_text("h1")
        ctx.close()
    assert wrapped >= 10, "the check must see text that actually wraps at 360 px"
    assert {"ประพฤติมิชอบ", "จัดจ้าง"} <= seen, seen
    assert not bad, "\n".join(bad[:20])

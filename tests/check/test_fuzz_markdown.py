"""Property-based fuzzing of the Markdown gate (oitsite/check/markdown.py) against MyST itself.

Random trees of fences (backtick, tilde and colon, of varying lengths, so that nesting sometimes
works and sometimes does not), allowed and forbidden directives, roles, HTML and text are
rendered to a Markdown value. The oracle is myst-parser's own docutils renderer (the parser the
build uses, with conf.py's extensions), with docutils' directive and role lookups spied on: if
the gate accepts a value, MyST must not have looked up any directive or role outside the
allow-list at any depth, the doctree must hold no raw node, and nothing from an outside file (a
sentinel file that the forbidden directives point at) may appear in it.

Budget: 2 properties, 250 + 150 examples, well under 30 s.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oitsite.check.markdown import ALLOWED_DIRECTIVES, ALLOWED_ROLES, MYST_EXTENSIONS, markdown_findings

ROOT = Path(__file__).resolve().parents[2]
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SENTINEL = "SENTINEL-OUTSIDE-FILE-7f3a"


@pytest.fixture(scope="module")
def sentinel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("outside") / "secret.txt"
    p.write_text(f"{SENTINEL}\n\n{SENTINEL}, {SENTINEL}\n", encoding="utf-8")
    return p


FORBIDDEN = ["raw", "include", "literalinclude", "csv-table", "eval-rst", "image", "figure", "toctree",
             "code-block", "math", "oit-item", "unknown-x"]
# Weighted towards what the gate accepts, so that accepted values do nest allowed directives.
_SAFE = st.sampled_from(["ข้อความ", "ประกาศ **สำคัญ**", "H{sub}`2`O", "[ลิงก์](https://example.go.th)", "% comment",
                         "+++", "# หัวข้อ", "- รายการ", "> อ้างอิง", "", "   ", ":class: tip", "---", "1 < 2"])
_BAD = st.sampled_from(["{raw-html}`<b>x</b>`", "{download}`SENT`", "<b>ตัวหนา</b>", "<img src=x onerror=alert(1)",
                        "[ลิงก์](SENT)", "&lt;script&gt;", ".. raw:: html", "(lbl)=", ":file: SENT", "[^1]"])
TEXT = st.one_of(_SAFE, _SAFE, _SAFE, _BAD)
NAMES = st.one_of(st.sampled_from(sorted(ALLOWED_DIRECTIVES)), st.sampled_from(sorted(ALLOWED_DIRECTIVES)),
                  st.sampled_from(FORBIDDEN))


def _fence(draw, depth: int, bad: bool) -> str:
    char = draw(st.sampled_from(["`", "~", ":"]))
    n = draw(st.integers(3, 6))
    name = draw(NAMES if bad else st.sampled_from(sorted(ALLOWED_DIRECTIVES)))
    arg = draw(st.sampled_from(["", "", " หัวเรื่อง", " หัวเรื่อง", " SENT", " html"]))
    opts = draw(st.lists(st.sampled_from([":class: tip", ":class: tip", ":class: tip", ":file: SENT",
                                          ":url: https://x.example/a.csv", ":name: a", ":encoding: utf-8"]
                                         if bad else [":class: tip"]), max_size=2))
    body = draw(st.lists(_block(depth + 1, bad), max_size=3))
    indent = draw(st.sampled_from(["", "", " ", "   "]))
    closing = draw(st.sampled_from([char * n, char * n, char * (n + 1), ""]))
    lines = [f"{char * n}{{{name}}}{arg}", *opts, *body, closing]
    return "\n".join(indent + ln if ln else ln for ln in lines)


def _block(depth: int = 0, bad: bool = True):
    @st.composite
    def block(draw):
        if depth < 4 and draw(st.booleans()):
            return _fence(draw, depth, bad)
        return draw(TEXT if bad else _SAFE)

    return block()


@st.composite
def markdown(draw) -> str:
    """A value: mostly allowed constructs (so accepted values nest), sometimes anything."""
    bad = draw(st.booleans())
    return "\n".join(draw(st.lists(_block(0, bad), min_size=1, max_size=4)))


def myst_render(text: str, sentinel: Path) -> tuple[object, set[str], set[str]]:
    """The doctree MyST (docutils renderer, conf.py's extensions) makes of ``text``, and every
    directive and role name it looked up, at any depth."""
    from docutils.core import publish_doctree
    from docutils.parsers.rst import directives, roles
    from myst_parser.parsers.docutils_ import Parser

    seen_d: set[str] = set()
    seen_r: set[str] = set()
    real_d, real_r = directives.directive, roles.role

    def spy_d(name, *a, **k):
        seen_d.add(name)
        return real_d(name, *a, **k)

    def spy_r(name, *a, **k):
        seen_r.add(name)
        return real_r(name, *a, **k)

    directives.directive, roles.role = spy_d, spy_r
    try:
        doc = publish_doctree(text.replace("SENT", str(sentinel)), parser=Parser(), settings_overrides={
            "report_level": 5, "halt_level": 5, "file_insertion_enabled": True, "raw_enabled": True,
            "myst_enable_extensions": list(MYST_EXTENSIONS), "warning_stream": False,
        })
    finally:
        directives.directive, roles.role = real_d, real_r
    return doc, seen_d, seen_r


def accepted(text: str) -> bool:
    return not [f for f in markdown_findings(text, "x.md", 1) if f.severity == "error"]


@settings(FUZZ, max_examples=250)
@given(markdown())
def test_accepted_markdown_renders_nothing_unsafe(sentinel: Path, text: str) -> None:
    from docutils import nodes

    if not accepted(text):
        return
    doc, used_d, used_r = myst_render(text, sentinel)
    assert used_d <= set(ALLOWED_DIRECTIVES), (text, used_d)
    assert used_r <= set(ALLOWED_ROLES), (text, used_r)
    assert not list(doc.findall(nodes.raw)), text
    assert not list(doc.findall(nodes.image)), text
    assert SENTINEL not in doc.astext(), text
    for ref in doc.findall(nodes.reference):
        uri = ref.get("refuri", "")
        assert not uri or uri.startswith(("https:", "mailto:", "tel:")), (text, uri)


@settings(FUZZ, max_examples=150)
@given(markdown())
def test_gate_refuses_what_myst_would_run(sentinel: Path, text: str) -> None:
    """The other way round: a forbidden directive MyST would really run is always a finding."""
    _, used_d, used_r = myst_render(text, sentinel)
    if used_d - set(ALLOWED_DIRECTIVES) or used_r - set(ALLOWED_ROLES):
        assert not accepted(text), (text, used_d, used_r)


def test_gate_knows_confs_extensions() -> None:
    """The gate parses with conf.py's MyST extensions (colon fences would make :::{x} a directive)."""
    tree = ast.parse((ROOT / "conf.py").read_text(encoding="utf-8"))
    value = next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                 and any(getattr(t, "id", "") == "myst_enable_extensions" for t in n.targets))
    assert tuple(value) == MYST_EXTENSIONS


def test_gate_parser_tokens_match_myst() -> None:
    """Same token stream as myst-parser's create_md_parser, on a text with every construct."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    from oitsite.check.markdown import md_parser

    text = ("# h\n\n````{note}\n:class: x\n```{raw} html\n<b>\n```\n````\n\n~~~{tip}\nx\n~~~\n\n:::{include} a\n:::\n\n"
            "(t)=\n% c\n+++\n[^1] {sub}`x` <https://a.example> [a](#b)\n\n[^1]: n\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    theirs = create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML).parse(text)
    mine = md_parser().parse(text)
    assert [(t.type, t.map, t.info, t.content) for t in mine] == [(t.type, t.map, t.info, t.content) for t in theirs]


@pytest.mark.parametrize("ext", [("colon_fence",)])
def test_colon_fences_judged_when_enabled(ext) -> None:
    from oitsite.check import markdown as gate

    md = gate.md_parser(ext)
    toks = md.parse(":::{include} /etc/passwd\n:::\n")
    assert toks[0].type == "colon_fence" and toks[0].info == "{include} /etc/passwd"

"""The one safety gate for editors' Markdown, shared by ``check`` and the build.

The text is parsed as MyST parses it (markdown-it with the plugins myst-parser 5 enables for this
project's ``myst_enable_extensions``, see :data:`MYST_EXTENSIONS`), and the token tree is judged at
every depth: a fence whose info is ``{name}`` is a directive, and the body of an allowed directive
is itself Markdown, parsed and judged the same way. ``check`` calls :func:`markdown_findings` with
the data file and the line of the value; the build's directive path (``oitsite.site.extension``)
calls the same function before ``nested_parse`` and refuses the text with the same finding, so the
two can never disagree.

No Sphinx, docutils or myst_parser import here (stage 4); tests/check/test_markdown_gate.py checks
that this parser produces the same tokens as ``myst_parser.parsers.mdit.create_md_parser``.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from markdown_it import MarkdownIt
from markdown_it.rules_block import make_fence_rule
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from oitsite.findings import Code, Finding

#: conf.py's ``myst_enable_extensions`` (a test keeps the two equal); "colon_fence" would make
#: ``:::{name}`` a directive too, and the gate judges it like a backtick fence.
MYST_EXTENSIONS: tuple[str, ...] = ()

#: Directives an editor may use, at any depth: admonitions (boxes of text). Their body is Markdown
#: and is judged like the rest. Every other directive (include, literalinclude, raw, eval-rst,
#: image, figure, csv-table, toctree, the oit-* page directives, …) is refused.
ALLOWED_DIRECTIVES: dict[str, str] = {
    "note": "หมายเหตุ", "tip": "คำแนะนำ", "hint": "ข้อแนะนำ", "important": "สำคัญ", "warning": "คำเตือน",
    "attention": "โปรดทราบ", "caution": "ข้อควรระวัง", "seealso": "ดูเพิ่มเติม",
    "admonition": "กล่องข้อความที่ตั้งหัวเรื่องเอง (ต้องมีหัวเรื่องต่อท้ายชื่อคำสั่ง)",
}
#: Directives whose first line (after the name) is a title argument, which they require.
TITLED_DIRECTIVES = {"admonition"}
#: Options an allowed directive may carry (``:class:`` only; ``:name:`` would make page labels
#: that can clash, and nothing else reads a file or an address).
ALLOWED_OPTIONS = {"class"}
#: Inline roles an editor may use.
ALLOWED_ROLES: dict[str, str] = {"sub": "ตัวห้อย", "sup": "ตัวยก", "abbr": "คำย่อพร้อมคำเต็ม"}
LINK_SCHEMES = ("https", "mailto", "tel")
#: Nesting deeper than this is refused (no editor needs it; it bounds the work).
MAX_DEPTH = 8

_DIRECTIVE_RE = re.compile(r"^\{([^{}\s]*)\}\s*(.*)$")
_OPTION_RE = re.compile(r"^:([\w-]+):(.*)$")
#: ``<`` then a letter, ``/``, ``!`` or ``?``: where a browser starts a tag (``< 5`` is text).
TAG_START = _TAG_START = re.compile(r"<[a-zA-Z/!?]")
_REST_RE = re.compile(r"^\s*\.\.\s+[\w:-]+::")


def md_parser(extensions: Iterable[str] = MYST_EXTENSIONS) -> MarkdownIt:
    """markdown-it set up as myst-parser's ``create_md_parser`` does (for the extensions used),
    except that every link is kept (markdown-it drops javascript: links silently; the gate must
    see them to tell the editor)."""
    md = (MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(myst_block_plugin)
          .use(myst_role_plugin).use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True))
    ext = set(extensions)
    unknown = ext - {"colon_fence"}
    if unknown:
        raise ValueError(f"the Markdown gate does not know the MyST extensions {sorted(unknown)}")
    if "colon_fence" in ext:
        md.block.ruler.before("fence", "colon_fence", make_fence_rule(markers=(":",), token_type="colon_fence"),
                              {"alt": ["paragraph", "reference", "blockquote", "list", "footnote_def"]})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_MD = md_parser()


def split_directive(tok: Token) -> tuple[str, str, dict[str, str], str, int]:
    """(name, argument, options, body, line offset of the body) of a ``{name}`` fence, read as
    MyST reads it: ``:key: value`` lines (or a ``---`` YAML block) first, then the body."""
    m = _DIRECTIVE_RE.match(tok.info.strip())
    assert m is not None
    lines = tok.content.split("\n")
    opts: dict[str, str] = {}
    i = 0
    if lines and lines[0].strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), None)
        if end is not None:
            for ln in lines[1:end]:
                key, sep, val = ln.partition(":")
                if sep and key.strip():
                    opts[key.strip()] = val.strip()
                elif ln.strip():
                    opts[ln.strip()] = ""
            i = end + 1
    else:
        while i < len(lines) and (om := _OPTION_RE.match(lines[i])):
            opts[om.group(1)] = om.group(2).strip()
            i += 1
    return m.group(1), m.group(2).strip(), opts, "\n".join(lines[i:]), 1 + i


def _line_in(lines: list[str], first: int, last: int, needle: str) -> int:
    needle = needle.strip()[:24]
    if needle:
        for i in range(first, min(last, len(lines))):
            if needle in lines[i]:
                return i
    return first


def _inline(tokens: Iterable[Token]) -> Iterator[tuple[Token, Token | None]]:
    """Every token with the nearest block token that has a line map."""
    block: Token | None = None
    for tok in tokens:
        if tok.map:
            block = tok
        yield tok, block
        for child in tok.children or ():
            yield child, block


def markdown_findings(text: str, file: str | None, line: int, *, path: str | None = None) -> list[Finding]:
    """Everything unsafe or unbuildable in one Markdown value; ``line`` is the file line of its
    first line. An empty list means the build renders it with no raw node, no outside file and
    no Sphinx warning."""
    out: list[Finding] = []
    _judge(text, file, line, path, 0, out)
    unique: dict[tuple, Finding] = {}
    for f in out:  # one finding per code and line is enough
        unique.setdefault((f.code, f.line, f.message_th), f)
    return list(unique.values())


def _judge(text: str, file: str | None, base: int, path: str | None, depth: int, out: list[Finding]) -> None:
    lines = text.split("\n")

    def add(code: Code, th: str, en: str, at: int, fix: str) -> None:
        out.append(Finding(code, th, en, file=file, line=base + at, fix_th=fix, path=path))

    def at(block: Token | None, needle: str = "") -> int:
        if block is None or not block.map:
            return 0
        return _line_in(lines, block.map[0], block.map[1], needle) if needle else block.map[0]

    if depth > MAX_DEPTH:
        add(Code.UNSAFE_MARKUP, f"คำสั่งซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น", "Directives nested too deep", 0,
            "เขียนกล่องข้อความซ้อนกันไม่เกินสองสามชั้น")
        return
    try:
        tokens = _MD.parse(text)
    except Exception:  # markdown-it is robust; be safe anyway
        add(Code.UNSAFE_MARKUP, "อ่านข้อความ Markdown ไม่ได้", "Unparseable Markdown", 0, "ตรวจรูปแบบข้อความ")
        return
    allowed = ", ".join(sorted(ALLOWED_DIRECTIVES))
    for tok, block in _inline(tokens):
        kind = tok.type
        if kind in ("html_block", "html_inline"):
            add(Code.RAW_HTML, f"ข้อความมี HTML ({tok.content.strip()[:40]}) ซึ่งไม่อนุญาตเพื่อความปลอดภัย",
                "Raw HTML is not allowed", at(block, tok.content),
                "ใช้รูปแบบ Markdown แทน เช่น **ตัวหนา** หรือ [ข้อความ](https://…)")
        elif kind == "text" and (m := _TAG_START.search(tok.content)):
            # Not HTML to markdown-it (no closing >), but a browser or a program reading the data
            # downloads would start a tag here: refused like in plain-text fields.
            add(Code.RAW_HTML, f"ข้อความมีสิ่งที่เหมือนแท็ก HTML ({tok.content[m.start():m.start() + 40]}) ซึ่งไม่อนุญาต",
                "Text looking like an HTML tag is not allowed", at(block, tok.content[m.start():m.start() + 8]),
                "ลบเครื่องหมาย < ที่อยู่หน้าตัวอักษร หรือเขียนในรูปโค้ด `<…>`")
        elif kind in ("fence", "colon_fence") and _DIRECTIVE_RE.match(tok.info.strip()):
            name, arg, opts, body, offset = split_directive(tok)
            where = at(tok)
            if name not in ALLOWED_DIRECTIVES:
                add(Code.UNSAFE_MARKUP, f"ไม่อนุญาตคำสั่ง {{{name}}} ในข้อความ", f"Directive {{{name}}} not allowed", where,
                    f"ใช้ได้เฉพาะ: {allowed}")
                continue
            bad_opts = sorted(set(opts) - ALLOWED_OPTIONS)
            if bad_opts:
                add(Code.UNSAFE_MARKUP, f"คำสั่ง {{{name}}} ใช้ตัวเลือก :{bad_opts[0]}: ไม่ได้",
                    f"Option :{bad_opts[0]}: not allowed on {{{name}}}", where + 1,
                    "ลบบรรทัดตัวเลือกนี้ (ใช้ได้เฉพาะ :class:)")
            if name in TITLED_DIRECTIVES and not arg:
                add(Code.UNSAFE_MARKUP, f"คำสั่ง {{{name}}} ต้องมีหัวเรื่องต่อท้าย เช่น ```{{{name}}} เรื่องที่ต้องทราบ",
                    f"{{{name}}} needs a title", where, "เขียนหัวเรื่องต่อจากชื่อคำสั่งในบรรทัดเดียวกัน")
            content = body if name in TITLED_DIRECTIVES or not arg else arg + "\n" + body
            if not content.strip():
                add(Code.UNSAFE_MARKUP, f"คำสั่ง {{{name}}} ไม่มีข้อความข้างใน", f"{{{name}}} is empty", where,
                    "เขียนข้อความไว้ระหว่างบรรทัดเปิดและปิดของคำสั่ง หรือลบคำสั่งนี้")
            if name in TITLED_DIRECTIVES or not arg:
                _judge(body, file, base + where + offset, path, depth + 1, out)
            else:  # MyST puts the first line of an argument-less directive before its body
                _judge(content, file, base + where + offset - 1, path, depth + 1, out)
            if name in TITLED_DIRECTIVES and arg:
                _judge(arg, file, base + where, path, depth + 1, out)
        elif kind == "myst_role":
            name = tok.meta.get("name", "")
            if name not in ALLOWED_ROLES:
                add(Code.UNSAFE_MARKUP, f"ไม่อนุญาตคำสั่ง {{{name}}} ในข้อความ", f"Role {{{name}}} not allowed",
                    at(block, "{" + name + "}"), f"เขียนเป็นข้อความธรรมดา (ใช้ได้เฉพาะ: {', '.join(sorted(ALLOWED_ROLES))})")
        elif kind == "myst_target":
            add(Code.UNSAFE_MARKUP, f"ไม่อนุญาตป้ายอ้างอิง ({tok.content})= ในข้อความ", "MyST targets are not allowed",
                at(tok), "ลบบรรทัดนี้ (หน้าเว็บสร้างจุดอ้างอิงให้เอง)")
        elif kind == "front_matter":
            add(Code.UNSAFE_MARKUP, "ข้อความขึ้นต้นด้วยบรรทัด --- ซึ่ง Markdown อ่านเป็นข้อมูลหัวเอกสาร",
                "Front matter is not allowed in a Markdown value", at(tok), "ลบบรรทัด --- ที่ขึ้นต้นข้อความ")
        elif kind in ("footnote_ref", "footnote_block_open"):
            label = tok.meta.get("label", "") if tok.meta else ""
            add(Code.UNSAFE_MARKUP, f"ไม่รองรับเชิงอรรถ [^{label}] ในข้อความ", "Footnotes are not supported",
                at(block, "[^"), "เขียนหมายเหตุเป็นย่อหน้าท้ายข้อความแทน")
        elif kind == "image":
            src = str(tok.attrs.get("src") or "")
            add(Code.UNSAFE_MARKUP, f"ไม่อนุญาตรูปภาพในข้อความ Markdown ('{src[:60]}')", "Images in Markdown are not allowed",
                at(block, src[:12] or "!["),
                "ใส่รูปภาพในช่องรูปภาพ (image) ของข้อมูล ซึ่งระบบตรวจว่าเป็นรูปจริงและอยู่ในโฟลเดอร์หน่วยงาน")
        elif kind == "link_open":
            href = str(tok.attrs.get("href") or "").strip()
            scheme = href.lower().split(":", 1)[0] if re.match(r"^[a-zA-Z][\w+.-]*:", href) else ""
            if scheme and scheme not in LINK_SCHEMES:
                add(Code.UNSAFE_MARKUP, f"ลิงก์ '{href[:60]}' ใช้ได้เฉพาะ https://, mailto: หรือ tel:",
                    "Only https/mailto/tel links are allowed", at(block, href[:12]), "เปลี่ยนลิงก์เป็น https://")
            elif scheme and not href[len(scheme) + 1:].strip("/"):
                add(Code.UNSAFE_MARKUP, f"ลิงก์ '{href[:60]}' ไม่มีที่อยู่", "Empty link", at(block, href[:12]),
                    "เขียนที่อยู่เต็ม เช่น https://www.example.go.th/")
            elif href.startswith("#"):
                # Sphinx looks the anchor up among the site's labels and warns when it is not one.
                add(Code.UNSAFE_MARKUP, f"ลิงก์ '{href[:60]}' ชี้ไปยังจุดในหน้า ซึ่งระบบตรวจไม่ได้ว่ามีอยู่จริง",
                    "In-page anchor links are not supported", at(block, href[:12]),
                    "ใช้ลิงก์เต็มของหน้า https://… หรือเขียนเป็นข้อความธรรมดา")
            elif not scheme:
                # A relative link may make Sphinx copy a local file (even ../../etc/passwd) into the site.
                add(Code.UNSAFE_MARKUP, f"ลิงก์ '{href[:60]}' ชี้ไปยังไฟล์ในเครื่อง ซึ่งไม่อนุญาตในข้อความ",
                    "Links to local files are not allowed in Markdown", at(block, href[:12]),
                    "ใส่ไฟล์ในช่องไฟล์แนบ (file) ของข้อมูล หรือใช้ลิงก์ https://")
    for n, ln in enumerate(lines):
        if _REST_RE.match(ln) and not _in_code(tokens, n):
            add(Code.UNSAFE_MARKUP, "ไม่อนุญาตคำสั่งแบบ reStructuredText (.. xxx::)", "reST directive not allowed", n,
                "เขียนเป็น Markdown")


def _in_code(tokens: list[Token], line: int) -> bool:
    """Whether ``line`` lies inside a code block or a plain (non-directive) fence."""
    for tok in tokens:
        if tok.type in ("fence", "code_block") and tok.map and tok.map[0] <= line < tok.map[1]:
            return not (tok.type == "fence" and _DIRECTIVE_RE.match(tok.info.strip()))
    return False


def walk_directives(text: str, depth: int = 0) -> Iterator[tuple[str, dict[str, str], int]]:
    """(name, options, depth) of every directive in ``text`` at every depth — the reference walk
    the fuzz tests compare the gate against."""
    for tok in _MD.parse(text):
        if tok.type in ("fence", "colon_fence") and _DIRECTIVE_RE.match(tok.info.strip()):
            name, arg, opts, body, _ = split_directive(tok)
            yield name, opts, depth
            yield from walk_directives(body if name in TITLED_DIRECTIVES or not arg else arg + "\n" + body, depth + 1)


def allow_list_markdown() -> str:
    """The allow-list, for docs/findings.md (generated through ``findings.codes_markdown``)."""
    out = ["", "## Markdown allowed in data (`oit.unsafe-markup`, `oit.raw-html`)", "",
           "Checked by `oitsite/check/markdown.py` on MyST's own token tree, at every depth (the body",
           "of an allowed directive is checked like the rest); `oitsite build` runs the same gate before",
           "rendering each value. Anything not listed here is refused with a finding.", "",
           "| directive | ใช้สำหรับ |", "|---|---|"]
    out += [f"| `{{{n}}}` | {th} |" for n, th in ALLOWED_DIRECTIVES.items()]
    out += ["", f"Directive options: {', '.join(f'`:{o}:`' for o in sorted(ALLOWED_OPTIONS))} only. "
            "Refused at any depth: every other directive (e.g. `{include}`, `{literalinclude}`, `{raw}`, "
            "`{eval-rst}`, `{image}`, `{figure}`, `{csv-table}`, `{toctree}`), reST `.. x::` blocks, raw HTML, "
            "images, footnotes, `(label)=` targets, front matter, in-page `#anchor` links and links other "
            f"than {', '.join(s + ':' for s in LINK_SCHEMES)}.", "", "| role | ใช้สำหรับ |", "|---|---|"]
    out += [f"| `{{{n}}}` | {th} |" for n, th in ALLOWED_ROLES.items()]
    return "\n".join(out) + "\n"

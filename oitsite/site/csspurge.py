"""Drop CSS rules that cannot match any page of the built site.

The theme ships Bootstrap and its whole component library (~64 KB gzipped); a transparency site
uses a small part of it. :func:`purge` keeps a rule when every class, id, element name and
attribute its selector requires occurs somewhere in the site's HTML, or — for state classes that
scripts add at run time — as a string literal in the site's JavaScript (:func:`used_names`).
The check is conservative: anything it does not understand (``:is()``, ``:has()``, escapes it
cannot read) is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Iterable

#: attribute selectors that never match on an oitsite page (the site is always light mode)
NEVER = {("data-theme", "dark"), ("data-bs-theme", "dark"), ("data-mode", "dark")}
#: names the theme's scripts mention for features an oitsite page never turns on (version switcher,
#: version-warning banner, navbar dropdowns): their rules stay only if a page's HTML uses them
SCRIPT_ONLY = {"version-switcher__menu", "version-switcher__button", "version-switcher__container",
               "dropdown-menu", "dropdown-item", "dropdown-toggle", "dropdown", "dropdown-menu-dark",
               "bd-header-version-warning", "pst-button-link-to-stable-version", "bd-header-announcement",
               "theme-switch-button", "list-group-item", "list-group-item-action",
               # notebook and launch-button features of sphinx-book-theme
               "thebe-launch-button", "copybtn", "cell_output", "jp-RenderedHTMLCommon"}
#: font families never to ship (icons are inline SVG masks instead, see oitsite.css)
DROP_FONTS = ("font awesome",)

_GROUP_ATRULES = ("@media", "@supports", "@layer", "@container", "@document")


@dataclass
class Used:
    """Names that occur in the site: what a selector may require."""

    tags: set[str] = field(default_factory=lambda: {"html", "body"})
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    attrs: set[str] = field(default_factory=set)
    attr_values: set[tuple[str, str]] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # string literals from scripts

    def update(self, other: "Used") -> None:
        for name in ("tags", "classes", "ids", "attrs", "attr_values", "words"):
            getattr(self, name).update(getattr(other, name))


class _Collector(HTMLParser):
    def __init__(self, used: Used):
        super().__init__(convert_charrefs=True)
        self.used = used

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        u = self.used
        u.tags.add(tag.lower())
        for name, value in attrs:
            name = name.lower()
            u.attrs.add(name)
            if value is None:
                continue
            u.attr_values.add((name, value))
            if name == "class":
                u.classes.update(value.split())
            elif name == "id":
                u.ids.add(value)

    handle_startendtag = handle_starttag


_JS_STRING = re.compile(r"""(["'`])((?:\\.|(?!\1)[^\\\n])*)\1""")
_WORD = re.compile(r"-?[A-Za-z_][\w-]*")


def used_names(html_pages: Iterable[str], scripts: Iterable[str] = ()) -> Used:
    used = Used()
    for page in html_pages:
        c = _Collector(used)
        c.feed(page)
        c.close()
    for js in scripts:
        for m in _JS_STRING.finditer(js):
            used.words.update(_WORD.findall(m.group(2)))
    used.words -= SCRIPT_ONLY
    # elements browsers create or scripts insert without them being in the HTML
    used.tags.update({"tbody", "head", "svg", "path", "ul", "li", "a", "p", "span", "mark", "h2"})
    return used


# -- parsing -------------------------------------------------------------------------------


@dataclass
class Rule:
    prelude: str  # selector list, or at-rule prelude
    body: str | list["Rule"] | None  # declarations, nested rules, or None for `@charset …;`
    at: str = ""  # "@media", "@font-face", … or "" for a style rule


def _skip_string(css: str, i: int) -> int:
    q = css[i]
    i += 1
    while i < len(css) and css[i] != q:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _strip_comments(css: str) -> str:
    out, i, n = [], 0, len(css)
    while i < n:
        ch = css[i]
        if ch in "\"'":
            j = _skip_string(css, i)
            out.append(css[i:j])
            i = j
        elif css.startswith("/*", i):
            j = css.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _block_end(css: str, i: int) -> int:
    """Index just after the `}` matching the `{` at css[i]."""
    depth, n = 0, len(css)
    while i < n:
        ch = css[i]
        if ch in "\"'":
            i = _skip_string(css, i)
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def parse(css: str) -> list[Rule]:
    return _parse(_strip_comments(css))


def _parse(css: str) -> list[Rule]:
    rules: list[Rule] = []
    i, n = 0, len(css)
    while i < n:
        while i < n and css[i] in " \t\r\n;":
            i += 1
        if i >= n:
            break
        j = i
        while j < n and css[j] not in "{;":
            if css[j] in "\"'":
                j = _skip_string(css, j)
                continue
            j += 1
        prelude = css[i:j].strip()
        at = prelude.split(None, 1)[0].split("(")[0].lower() if prelude.startswith("@") else ""
        if j >= n or css[j] == ";":
            rules.append(Rule(prelude, None, at))
            i = j + 1
            continue
        end = _block_end(css, j)
        inner = css[j + 1:end - 1]
        if at in _GROUP_ATRULES:
            rules.append(Rule(prelude, _parse(inner), at))
        else:
            rules.append(Rule(prelude, inner, at))
        i = end
    return rules


# -- selector matching ---------------------------------------------------------------------


def split_top(text: str, sep: str = ",") -> list[str]:
    parts, depth, cur, i = [], 0, [], 0
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            j = _skip_string(text, i)
            cur.append(text[i:j])
            i = j
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


_FUNC_PSEUDO = re.compile(r"::?[\w-]+\(")
_IDENT = r"-?(?:[A-Za-z_]|\\.)(?:[\w-]|\\.)*"
_CLASS = re.compile(r"\.(" + _IDENT + ")")
_ID = re.compile(r"#(" + _IDENT + ")")
_TYPE = re.compile(r"(?:^|[\s>+~(])(" + r"[A-Za-z][\w-]*" + r")")
_ATTR = re.compile(r"\[\s*([\w:-]+)\s*(?:([~|^$*]?=)\s*(\"[^\"]*\"|'[^']*'|[^\]\s]+)\s*(?:[is]\s*)?)?\]")


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def _strip_functional_pseudos(sel: str) -> str:
    """Remove `:not(...)`, `:is(...)`, `:nth-child(...)`… with their arguments (conservative)."""
    out, i = [], 0
    while i < len(sel):
        m = _FUNC_PSEUDO.match(sel, i)
        if m:
            depth, j = 1, m.end()
            while j < len(sel) and depth:
                if sel[j] == "(":
                    depth += 1
                elif sel[j] == ")":
                    depth -= 1
                j += 1
            i = j
            continue
        out.append(sel[i])
        i += 1
    return "".join(out)


def selector_matches(sel: str, used: Used) -> bool:
    """Could ``sel`` (one complex selector) match an element of the site? Conservative."""
    attrs = _ATTR.findall(sel)
    for name, op, value in attrs:
        value = value.strip("\"'")
        if op == "=" and (name, value) in NEVER:
            return False
        if name not in used.attrs and name not in used.words:
            return False
        if op == "=" and name not in ("class", "id") and (name, value) not in used.attr_values and value not in used.words:
            return False
    bare = _ATTR.sub("", _strip_functional_pseudos(sel))
    bare = re.sub(r"::?[\w-]+", "", bare)  # pseudo-classes/elements
    known = lambda name, pool: name in pool or name in used.words  # noqa: E731
    for m in _CLASS.finditer(bare):
        if not known(_unescape(m.group(1)), used.classes):
            return False
    for m in _ID.finditer(bare):
        if not known(_unescape(m.group(1)), used.ids):
            return False
    for m in _TYPE.finditer(bare):
        start = m.start(1)
        if start > 0 and bare[start - 1] in ".#-\\":
            continue
        if m.group(1).lower() not in used.tags:
            return False
    return True


_FAMILY = re.compile(r"font-family\s*:\s*([^;]+)", re.I)
_ANIM = re.compile(r"animation(?:-name)?\s*:\s*([^;]+)", re.I)


def _prune(rules: list[Rule], used: Used) -> list[Rule]:
    kept: list[Rule] = []
    for r in rules:
        if r.at == "":
            assert isinstance(r.body, str)
            sels = [s for s in split_top(r.prelude) if selector_matches(s, used)]
            if sels:
                kept.append(Rule(",".join(sels), r.body))
        elif isinstance(r.body, list):
            inner = _prune(r.body, used)
            if inner:
                kept.append(Rule(r.prelude, inner, r.at))
        elif r.at != "@charset":  # a bundle is UTF-8 throughout; @charset is only valid first
            kept.append(r)
    return kept


def _declarations(rules: list[Rule]) -> Iterable[str]:
    for r in rules:
        if r.at == "" and isinstance(r.body, str):
            yield r.body
        elif isinstance(r.body, list):
            yield from _declarations(r.body)


def _drop_unused_atrules(rules: list[Rule], families: str, animations: str) -> list[Rule]:
    out: list[Rule] = []
    for r in rules:
        if r.at == "@font-face" and isinstance(r.body, str):
            m = _FAMILY.search(r.body)
            fam = _unescape(m.group(1)).strip().strip("\"'").lower() if m else ""
            if not fam or fam.startswith(DROP_FONTS) or fam not in families:
                continue
        elif r.at.endswith("keyframes"):
            name = r.prelude.split(None, 1)[1].strip() if " " in r.prelude else ""
            if name and name not in animations:
                continue
        elif isinstance(r.body, list):
            inner = _drop_unused_atrules(r.body, families, animations)
            if not inner:
                continue
            r = Rule(r.prelude, inner, r.at)
        out.append(r)
    return out


def purge(css: str, used: Used) -> str:
    """The rules of ``css`` that can apply to the site, minified lightly (comments removed)."""
    rules = _prune(parse(css), used)
    decls = list(_declarations(rules))
    families = " ".join(_unescape(m.group(1)).lower() for d in decls for m in _FAMILY.finditer(d))
    families += " " + " ".join(d.lower() for d in decls if "--" in d)  # custom properties holding font stacks
    animations = " ".join(m.group(1) for d in decls for m in _ANIM.finditer(d))
    rules = _drop_unused_atrules(rules, families, animations)
    return _serialize(rules) + "\n"


_ICON_SELECTOR = re.compile(r"\.fa(?:[srb]|-[\w-]+)?(?![\w-])")
_ICON_BODY = re.compile(r"font awesome|var\(--_?fa[-\w]*", re.I)


def _without_icon_font(rules: list[Rule]) -> list[Rule]:
    out: list[Rule] = []
    for r in rules:
        if r.at == "" and isinstance(r.body, str):
            if _ICON_BODY.search(r.body):
                continue
            sels = [s for s in split_top(r.prelude) if not _ICON_SELECTOR.search(s)]
            if sels:
                out.append(Rule(",".join(sels), r.body))
        elif isinstance(r.body, list):
            inner = _without_icon_font(r.body)
            if inner:
                out.append(Rule(r.prelude, inner, r.at))
        elif not (r.at == "@font-face" and isinstance(r.body, str) and _ICON_BODY.search(r.body)):
            out.append(r)
    return out


@lru_cache(maxsize=32)
def drop_icon_font(css: str) -> str:
    """(Cached: the theme's stylesheets are the same for every agency built in one process.)
    ``css`` without the Font Awesome rules a theme ships (icons are SVG masks in oitsite.css):
    every selector naming an ``fa``/``fa-*`` class and every rule that uses the icon font."""
    return _serialize(_without_icon_font(parse(css))) + "\n"


def _serialize(rules: list[Rule]) -> str:
    out = []
    for r in rules:
        if r.body is None:
            out.append(r.prelude + ";")
        elif isinstance(r.body, list):
            out.append(r.prelude + "{" + _serialize(r.body) + "}")
        else:
            out.append(r.prelude + "{" + r.body.strip() + "}")
    return "\n".join(out)

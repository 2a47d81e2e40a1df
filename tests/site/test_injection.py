"""Nothing an editor types becomes live markup (issue "Nothing lost, nothing leaked").

Every string field of every topic schema and of agency.yaml gets a hostile payload (round robin
over PAYLOADS, so each payload lands in text, Markdown, url, … fields). ``oitsite check`` must
refuse each payload it does not let through *at that value's file and line*; those values are then
replaced by harmless ones, and what check accepts is built (``--allow-incomplete``) and the whole
site scanned: every .html parsed as a browser would (no event-handler attribute, no
``javascript:`` address, no script holding a payload), every .js/.json/.csv/.svg/.yml searched
for the payloads' live forms.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from minimal_agency import make_agency

from oitsite.check.validate import check
from oitsite.findings import Code
from oitsite.model.schema import FieldDef, agency_schema, load_topics

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)",
    '"><svg onload=alert(1)>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "javascript:alert(1)",
    "{{7*7}}",
    "</script><!--",
    "' onmouseover='alert(1)",
    '" onfocus="alert(1)" autofocus="',
]
NAME = '" onfocus="alert(1)" autofocus="<!-- {{7*7}}'.replace("<!-- ", "")
STRING_TYPES = {"text", "markdown", "url", "email", "phone", "taxid"}


def _taxid() -> str:
    d = [int(c) for c in "010556100123"]
    return "".join(map(str, d)) + str((11 - sum(x * (13 - i) for i, x in enumerate(d)) % 11) % 10)


SAFE = {"text": "ข้อความปกติ", "markdown": "ข้อความปกติ **ตัวหนา**", "url": "https://www.example.go.th/",
        "email": "saraban@example.go.th", "phone": "0 7200 0100", "taxid": _taxid()}


class Writer:
    """Writes YAML one scalar per line (JSON strings are YAML) and remembers each payload's line."""

    def __init__(self, fixed: dict[str, str] | None = None) -> None:
        self.fixed = fixed or {}
        self.n = 0
        self.lines: list[str] = []
        self.at: dict[int, tuple[FieldDef, str]] = {}  # line → (field, payload)

    def scalar(self, fd: FieldDef) -> str:
        t = fd.type
        if t in STRING_TYPES:
            payload = self.fixed.get(fd.name) or PAYLOADS[self.n % len(PAYLOADS)]
            self.n += 1
            self.at[len(self.lines) + 1] = (fd, payload)
            return json.dumps(payload, ensure_ascii=False)
        return {"date": "2024-01-15", "fiscal_year": "2567", "int": "3", "number": "2.5", "baht": "1500",
                "bool": "true", "file": "files/announcement-th.pdf", "image": "files/images/executive.png",
                "choice": json.dumps(next(iter(fd.options), ""), ensure_ascii=False),
                "list_of_int": "[2567]", "list_of_text": "[\"editor-a\"]"}.get(t, '""')

    def fields(self, fields: dict[str, FieldDef], indent: str, first_prefix: str | None = None) -> None:
        for i, (name, fd) in enumerate(fields.items()):
            lead = first_prefix if (i == 0 and first_prefix is not None) else indent
            if fd.is_list:
                self.lines.append(f"{lead}{json.dumps(name)}:")  # quoted: `no:` would be the key False
                self.fields(fd.fields, indent + "    ", indent + "  - ")
            else:
                self.lines.append(f"{lead}{json.dumps(name)}: " + self.scalar(fd))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def write_agency(root: Path) -> dict[Path, Writer]:
    files: dict[Path, Writer] = {}
    for p in (root / "data").rglob("*"):
        if p.is_file():
            p.unlink()
    fields = {k: v for k, v in agency_schema().fields.items() if k not in ("suppress", "years", "current_year")}
    # name_th passes check: reaches <title>, navbar, sidebar, home page; units[].topic must name a topic
    w = Writer({"name_th": NAME, "topic": "procurement"})
    w.lines += ["years: [2567]", "current_year: 2567"]
    w.fields(fields, "")
    files[root / "agency.yaml"] = w
    for tid, tdef in load_topics().items():
        w = Writer()
        w.fields(tdef.fields, "")
        path = root / "data" / ("2567" if tdef.yearly else "") / f"{tid}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        files[path] = w
    for path, w in files.items():
        path.write_text(w.text(), encoding="utf-8")
    return files


class LiveMarkup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value and \
                    re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "data:text")):
                self.bad.append(f"<{tag} {name}={value!r}>")
            if name == "autofocus":
                self.bad.append(f"<{tag} autofocus>")
        self.script = tag == "script"

    def handle_endtag(self, tag):
        self.script = False

    def handle_data(self, data):
        if self.script and "alert(" in data:
            self.bad.append(f"<script>{data[:60]}")

    handle_startendtag = handle_starttag


LIVE = [re.compile(p, re.I) for p in (r"<script[^>]*>\s*alert", r"<img[^>]*onerror", r"<svg[^>]*onload",
                                      r"</script>\s*<!--")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    from oitsite.site.build import build

    tmp = tmp_path_factory.mktemp("inject")
    root = make_agency(tmp)
    files = write_agency(root)
    refused: list[tuple[str, int, str]] = []
    for _ in range(4):
        report = check(root)
        errors = [f for f in report.findings if f.severity == "error" and f.code.info.kind != "content"]
        if not errors:
            break
        done = set()
        for f in errors:
            if (f.file, f.line) in done:  # two findings on one value
                continue
            done.add((f.file, f.line))
            path = Path(os.path.abspath(f.file)) if f.file else None
            w = files.get(path) if path else None
            assert w is not None and f.line in w.at, f"finding not on a payload line: {f.file}:{f.line} {f.message_th}"
            fd, payload = w.at.pop(f.line)
            refused.append((fd.type, f.line, payload))
            lines = w.lines
            key = lines[f.line - 1].split(": ", 1)[0]
            lines[f.line - 1] = f"{key}: " + json.dumps(SAFE[fd.type], ensure_ascii=False)
            path.write_text(w.text(), encoding="utf-8")
    else:
        pytest.fail("check still refuses after replacing every refused payload")
    kept = [(fd.type, p) for w in files.values() for fd, p in w.at.values()]
    result = build(root, tmp / "site", allow_incomplete=True, jobs=1)
    return result.out, refused, kept


def test_check_refuses_tags_in_every_text_field(built):
    _, refused, kept = built
    for typ, payload in kept:  # what check let through: never a tag in a plain-text field
        if typ == "text":
            assert not re.search(r"<[a-zA-Z/!?]", payload), (typ, payload)
        assert typ != "url" or payload.startswith("https://"), (typ, payload)
    assert {p for t, _, p in refused if t == "text"} >= {PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[6]}
    assert any(t == "markdown" and p == PAYLOADS[0] for t, _, p in refused)
    assert len(kept) > 50  # the build below does see many payloads


def test_nothing_live_in_the_site(built):
    out, _, kept = built
    assert any("onmouseover" in p for _, p in kept) and any("&lt;" in p for _, p in kept)
    bad = []
    scanned = 0
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".js", ".json", ".csv", ".svg", ".yml", ".xml", ".txt"):
            continue
        if path.suffix == ".js" and "_static" in path.parts and path.name != "oitsite-searchindex.js":
            continue  # the theme's own code, not data
        if "admin" in path.relative_to(out).parts and path.suffix == ".js":
            continue  # the CMS bundle
        text = path.read_text(encoding="utf-8", errors="replace")
        scanned += 1
        rel = path.relative_to(out)
        for rx in LIVE:
            for m in rx.finditer(text):
                bad.append(f"{rel}: {text[max(0, m.start() - 30):m.end() + 30]!r}")
        if path.suffix in (".html", ".svg"):
            p = LiveMarkup()
            p.feed(text)
            bad += [f"{rel}: {b}" for b in p.bad]
        if path.suffix in (".js", ".json"):
            for needle in ("</script", "<!--", "<script"):
                if needle in text.lower():
                    bad.append(f"{rel}: {needle} in a script/JSON file")
    assert scanned > 20
    assert not bad, "\n".join(bad[:30])


def test_template_payload_not_evaluated(built):
    out, _, kept = built
    home = (out / "index.html").read_text(encoding="utf-8")
    names = [p for t, p in kept if t == "text"]
    assert "{{7*7}}" in names
    assert "{{7*7}}" in (out / "oitsite-searchindex.js").read_text(encoding="utf-8") or "{{7*7}}" in home


def test_search_index_is_script_safe(built):
    out, _, _ = built
    text = (out / "oitsite-searchindex.js").read_text(encoding="utf-8")
    assert "<" not in text and ">" not in text.replace("=>", "")
    assert Code.RAW_HTML  # the code exists (the check side is covered above)


def test_agency_name_escaped_in_theme(built):
    """The name is printed by the theme (navbar, sidebar, <title>), whose templates do not escape."""
    out, _, kept = built
    home = (out / "index.html").read_text(encoding="utf-8")
    p = LiveMarkup()
    p.feed(home)
    assert p.bad == []
    title = re.search(r'<p class="title logo__title">(.*?)</p>', home, re.S).group(1)  # navbar
    assert "alert(1)" in title and "<" not in title
    assert re.search(r"<title>[^<]*alert\(1\)[^<]*</title>", home)


def test_page_context_escapes_project():
    from markupsafe import Markup

    from oitsite.site.extension import page_context

    class App:
        class env:
            pass

    ctx = {"project": "<script>x</script>", "docstitle": '"><b>', "theme_logo": {"text": "<i>"}}
    page_context(App(), "index", "page.html", ctx, None)
    assert ctx["project"] == "&lt;script&gt;x&lt;/script&gt;" and isinstance(ctx["project"], Markup)
    assert ctx["docstitle"] == "&#34;&gt;&lt;b&gt;" and ctx["theme_logo"]["text"] == "&lt;i&gt;"

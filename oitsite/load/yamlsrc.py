"""Stage 1: read YAML and Markdown files, keeping the line and column of every value.

Nothing here knows about topics or catalogs: it turns bytes into Python values plus a map
``path → (line, column)`` so that every later finding can name the file and line.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from oitsite.findings import Code, Finding, data_path

PathKey = tuple[Any, ...]

#: Limits that keep a hostile or broken file cheap to refuse (issue #3): the file size, how deep
#: lists and records may nest, how many values a file may hold, and how many values aliases
#: (``*name``) may add by repeating earlier ones ("billion laughs"). Worst case within them (a file
#: of 600,000 one-letter values, refused at MAX_NODES): ~15 s and ~250 MB. The size limit leaves
#: room for a year of about 20,000 procurement records (~590 bytes, ~25 values each), which is
#: what ``oitsite import`` may write.
MAX_YAML_BYTES = 12 * 1024 * 1024
MAX_DEPTH = 50
MAX_NODES = 600_000
MAX_ALIAS_EXPANSION = 100_000
#: Tags an editor may write explicitly (``!!str 0812``); anything else (``!!binary``,
#: ``!!python/…``, ``!!set``, local ``!tags``) is refused.
ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "merge")}


@dataclass
class Source:
    """A loaded file: its data and where each value came from."""

    file: str  # path shown to users (relative to the agency folder's parent when possible)
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    #: line on which the text of each scalar value begins (the line after ``|`` for block text)
    text_lines: dict[PathKey, int] = field(default_factory=dict)

    def pos(self, path: PathKey) -> tuple[int | None, int | None]:
        """Line/column of ``path`` or of its nearest ancestor that has one (1-based)."""
        path = tuple(path)
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def text_line(self, path: PathKey) -> int | None:
        """Line on which the text at ``path`` begins: line ``n`` of a ``|`` block is this + n."""
        return self.text_lines.get(tuple(path)) or self.pos(path)[0]

    def finding(self, code: Code, path: PathKey, message_th: str, **kw: Any) -> Finding:
        """A finding at ``path`` of this file: its line and column, and its data path."""
        line, col = self.pos(path)
        kw.setdefault("path", data_path(PurePosixPath(self.file or "").stem, tuple(path)) if path else None)
        return Finding(code, message_th, file=self.file, line=line, column=col, **kw)


class _Refused(yaml.MarkedYAMLError):
    """A document the loader refuses before building it; ``th`` is the Thai reason."""

    def __init__(self, problem: str, mark: yaml.Mark, th: str, context_mark: yaml.Mark | None = None) -> None:
        super().__init__(None, context_mark, problem, mark)
        self.th = th


def _tag_name(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


try:  # libyaml scans and parses in C (6× faster); composing stays in Python, where the limits are
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

if _CParser is not None:
    class _SafeBase(yaml.composer.Composer, _CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover
    _SafeBase = yaml.SafeLoader  # type: ignore[misc,assignment]


class _Loader(_SafeBase):
    """SafeLoader that leaves dates and zero-led numbers as text for oitsite.thai to read:
    PyYAML would crash on 2567-02-29 (not a Gregorian leap day) and turn 021234567 into an
    octal number.

    Its composer refuses, while reading and before anything is built, what would make a small
    file cost a lot of time or memory: nesting deeper than MAX_DEPTH (PyYAML composes
    recursively), more than MAX_NODES values, aliases that would repeat more than
    MAX_ALIAS_EXPANSION values, an alias to the list or record that contains it (a cycle), and
    explicit tags outside ALLOWED_TAGS."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0
        self._expanded = 0
        self._size: dict[int, int] = {}  # id(node) -> values it stands for, aliases expanded
        self._open: set[str] = set()  # anchors of lists/records still being read

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            name = event.anchor
            if name in self._open:
                raise _Refused(f"recursive alias *{name}", event.start_mark,
                               f"alias *{name} อ้างถึงรายการที่ตัวเองอยู่ข้างใน (วนซ้ำไม่รู้จบ)")
            if name in self.anchors:
                self._expanded += self._size.get(id(self.anchors[name]), 1)
                if self._expanded > MAX_ALIAS_EXPANSION:
                    raise _Refused(f"aliases expand to more than {MAX_ALIAS_EXPANSION} values", event.start_mark,
                                   f"alias (*{name}) ทำให้ข้อมูลซ้ำเกิน {MAX_ALIAS_EXPANSION:,} ค่า "
                                   "(ไฟล์ที่ขยายตัวแบบนี้อาจทำให้ระบบค้าง)")
            return super().compose_node(parent, index)
        event = self.peek_event()
        tag = getattr(event, "tag", None)  # set only when written explicitly (!!binary, !local)
        if tag not in (None, "!") and tag not in ALLOWED_TAGS:
            raise _Refused(f"tag {_tag_name(tag)} not allowed", event.start_mark,
                           f"ไม่อนุญาตแท็ก {_tag_name(tag)} ในข้อมูล (ใช้ได้เฉพาะข้อความ ตัวเลข true/false รายการ และช่องข้อมูล)")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(f"more than {MAX_NODES} values", event.start_mark,
                           f"ไฟล์มีข้อมูลเกิน {MAX_NODES:,} ค่า")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(f"nested deeper than {MAX_DEPTH} levels", event.start_mark,
                           f"ข้อมูลซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น (วงเล็บ [ หรือ {{ ซ้อนกันมากเกินไป)")
        anchor = event.anchor
        if anchor is not None and not isinstance(event, yaml.ScalarEvent):
            self._open.add(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor is not None:
                self._open.discard(anchor)
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        self._size[id(node)] = 1 + sum(self._size.get(id(c), 1) for c in children)
        return node


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


def _int_or_text(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode):
    value = loader.construct_scalar(node)
    digits = value.replace("_", "").lstrip("+-")
    if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
        return value  # phone numbers, ids: keep the leading zero
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _int_or_text)


def _construct(loader: _Loader, node: yaml.Node, path: PathKey, src: Source, findings: list) -> Any:
    file = src.file
    src.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        # ``<<: *base`` (YAML 1.1 merge): flatten_mapping puts the merged pairs first; a key
        # written in the mapping itself overrides a merged one, which is not a duplicate.
        explicit = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        written: set[str] = set()
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)):
                findings.append(
                    Finding(Code.WRONG_TYPE, "ชื่อช่องข้อมูลต้องเป็นข้อความ", "Keys must be text", file=file,
                            line=key_node.start_mark.line + 1, column=key_node.start_mark.column + 1,
                            fix_th="เขียนเป็น ชื่อช่อง: ค่า โดยชื่อช่องเป็นคำภาษาอังกฤษ เช่น name: …")
                )
                continue
            if not isinstance(key, str):
                key = str(key)
            is_explicit = id(key_node) in explicit
            if key in written and is_explicit:
                findings.append(
                    Finding(Code.YAML_DUPLICATE_KEY, f"ช่องข้อมูล '{key}' ซ้ำกันในระดับเดียวกัน ค่าหลังจะทับค่าแรก",
                            f"Duplicate key '{key}'", file=file, line=key_node.start_mark.line + 1,
                            column=key_node.start_mark.column + 1, fix_th="ลบหรือรวมช่องข้อมูลที่ซ้ำให้เหลือช่องเดียว")
                )
            if is_explicit:
                written.add(key)
            out[key] = _construct(loader, value_node, path + (key,), src, findings)
            src.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, v, path + (i,), src, findings) for i, v in enumerate(node.value)]
    if isinstance(node, yaml.ScalarNode):
        # Block scalars (| and >) start on the line after the indicator; others where they stand.
        src.text_lines[path] = node.start_mark.line + (2 if node.style in ("|", ">") else 1)
    return loader.construct_object(node, deep=True)


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Finding]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Finding(Code.FILE_ENCODING, "ไฟล์ไม่ได้บันทึกเป็น UTF-8 (อาจบันทึกจากโปรแกรมเป็น ANSI/TIS-620)",
                    "File is not valid UTF-8", file=file, line=line,
                    fix_th="เปิดไฟล์ด้วยโปรแกรมแก้ไขข้อความแล้วบันทึกใหม่เป็น UTF-8")
        ]


def load_yaml(path: Path, shown_as: str) -> tuple[Source | None, list[Finding]]:
    """Load one YAML file. Never raises for bad content: returns findings instead."""
    raw, findings = read_limited(path, shown_as)
    if raw is None:
        return None, findings
    text, findings = _decode(raw, shown_as)
    if text is None:
        return None, findings
    return parse_yaml(text, shown_as)


def read_limited(path: Path, shown_as: str, limit: int | None = None) -> tuple[bytes | None, list[Finding]]:
    """The bytes of a regular file no bigger than ``limit`` (MAX_YAML_BYTES), or findings: the
    size is checked before reading, so a huge or endless file (a FIFO, /dev/zero) costs nothing."""
    limit = MAX_YAML_BYTES if limit is None else limit
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            return None, [Finding(Code.BAD_FILE, "ไม่ใช่ไฟล์ข้อมูลธรรมดา (อาจเป็นอุปกรณ์หรือช่องทางพิเศษของระบบ)",
                                  "Not a regular file", file=shown_as, line=1, fix_th="ลบรายการนี้ แล้วสร้างเป็นไฟล์ข้อความธรรมดา")]
        if st.st_size > limit:
            return None, [Finding(Code.FILE_TOO_LARGE, f"ไฟล์ใหญ่เกิน {limit // 1048576} MB (ขนาด {st.st_size / 1048576:.1f} MB)",
                                  f"File over {limit // 1048576} MB", file=shown_as, line=1,
                                  fix_th="แยกข้อมูลเป็นหลายปีงบประมาณ หรือใช้คำสั่ง oitsite import")]
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        return None, [Finding(Code.MISSING_FILE, f"อ่านไฟล์ไม่ได้: {exc.strerror or exc}", str(exc), file=shown_as, line=1)]
    if len(raw) > limit:  # grew while being read
        return None, [Finding(Code.FILE_TOO_LARGE, f"ไฟล์ใหญ่เกิน {limit // 1048576} MB", f"File over {limit // 1048576} MB",
                              file=shown_as, line=1)]
    return raw, []


#: The line breaks YAML counts (so that line numbers agree with PyYAML's marks).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def parse_yaml(text: str, shown_as: str) -> tuple[Source | None, list[Finding]]:
    findings: list[Finding] = []
    if "\t" in text:
        lines = _LINE_BREAK.split(text)
        for n, line in enumerate(lines, 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                return None, [Finding(Code.YAML_SYNTAX, "ใช้ปุ่ม Tab ย่อหน้า YAML ต้องย่อหน้าด้วยเว้นวรรคเท่านั้น",
                                       "Tab used for indentation", file=shown_as, line=n, column=len(line) - len(stripped) + 1,
                                       fix_th=_tab_fix(lines, n - 1))]
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # a control character anywhere in the text
        return None, [_reader_finding(exc, text, shown_as)]
    try:
        node = loader.get_single_node()
        if node is None:
            return Source(shown_as, None, {(): (1, 1)}), findings
        src = Source(shown_as, None)
        src.data = _construct(loader, node, (), src, findings)
        return src, findings
    except _Refused as exc:
        mark = exc.problem_mark
        return None, [
            Finding(Code.YAML_SYNTAX, f"รูปแบบ YAML ไม่ถูกต้อง: {exc.th}", f"YAML refused: {exc.problem}",
                    file=shown_as, line=mark.line + 1, column=mark.column + 1,
                    fix_th="เขียนข้อมูลตรง ๆ แบบในตัวอย่าง agencies/demo/ (ไม่ใช้ alias, แท็ก หรือวงเล็บซ้อนกันลึก)")
        ]
    except yaml.MarkedYAMLError as exc:
        problem = (exc.problem or "").strip()
        context = (exc.context or "").strip()
        mark = exc.problem_mark or exc.context_mark
        explained = _explain(problem)
        opened = None
        if context.startswith("while scanning a quoted scalar") and exc.context_mark is not None:
            opened = exc.context_mark  # the file ended inside the quotes
        elif exc.problem_mark is not None:
            opened = _quote_run_on(text, exc.problem_mark)
        fix = "ตรวจการย่อหน้า (เว้นวรรคให้ตรงกัน) เครื่องหมาย : หลังชื่อช่อง และใส่เครื่องหมายคำพูดรอบข้อความที่มี : หรือ #"
        line, column = ((mark.line + 1), (mark.column + 1)) if mark else (None, None)
        if opened is not None:
            # A quote opened and never closed swallows the following lines up to the next quote
            # character; the scanner complains where it gives up, but the line an editor must fix
            # is the one where the quote opens.
            explained = "เปิดเครื่องหมายคำพูดแล้วไม่ได้ปิด" + (
                f" (ข้อความในเครื่องหมายคำพูดยาวต่อไปถึงบรรทัด {exc.problem_mark.line + 1})"
                if exc.problem_mark is not None and exc.problem_mark.line != opened.line else "")
            quote = text[opened.index] if opened.index < len(text) else '"'
            line, column = opened.line + 1, opened.column + 1
            fix = f"ปิดเครื่องหมายคำพูด {quote} ท้ายข้อความในบรรทัด {line}"
        elif (context.startswith(("while parsing a flow sequence", "while parsing a flow mapping"))
              and exc.context_mark is not None and exc.problem_mark is not None
              and exc.context_mark.line != exc.problem_mark.line):
            # ``[a, b`` without its ``]``: the parser reads on and gives up lines below; the
            # editor must close the bracket where it opens.
            bracket = "[" if "sequence" in context else "{"
            close = "]" if bracket == "[" else "}"
            line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
            explained = f"เปิดวงเล็บ {bracket} แล้วไม่ได้ปิดด้วย {close}"
            fix = f"ใส่ {close} ปิดท้ายรายการในบรรทัด {line} (หรือเขียนแต่ละค่าเป็นบรรทัด - ค่า)"
        elif exc.problem_mark is not None and (indent := _indentation_problem(text, problem, exc.problem_mark)):
            line, column, explained, fix = indent
        elif problem.startswith("mapping values are not allowed") and exc.problem_mark is not None:
            row = _LINE_BREAK.split(text)[exc.problem_mark.line]
            key, _, value = row.strip().partition(": ")
            if value and not value.startswith(("'", '"')):
                fix = f'ใส่เครื่องหมายคำพูดรอบข้อความทั้งหมดหลัง {key}: เช่น {key}: "{value.strip()[:40]}"'
        return None, [
            Finding(Code.YAML_SYNTAX, f"รูปแบบ YAML ไม่ถูกต้อง: {explained}", f"YAML syntax error: {context} {problem}".strip(),
                    file=shown_as, line=line, column=column, fix_th=fix)
        ]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_finding(exc, text, shown_as)]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        return None, [Finding(Code.YAML_SYNTAX, f"รูปแบบ YAML ไม่ถูกต้อง: อ่านไฟล์ไม่ได้ ({type(exc).__name__})", str(exc),
                              file=shown_as, line=1, column=1)]
    finally:
        loader.dispose()


def _reader_finding(exc: yaml.reader.ReaderError, text: str, shown_as: str) -> Finding:
    char = exc.character if isinstance(exc.character, int) else (ord(exc.character) if isinstance(exc.character, str) and exc.character else 0)
    # The reader stops at the first such character; its ``position`` counts bytes with libyaml
    # and characters without, so find the character itself.
    position = text.find(chr(char)) if char else -1
    before = _LINE_BREAK.split(text[:max(position, 0)])
    return Finding(Code.YAML_SYNTAX, f"มีอักขระพิเศษที่มองไม่เห็น (รหัส U+{char:04X}) ซึ่งใช้ในไฟล์ YAML ไม่ได้",
                   f"Unacceptable character #x{char:04x}", file=shown_as, line=len(before), column=len(before[-1]) + 1,
                   fix_th="ลบอักขระนั้นออก (มักติดมาจากการคัดลอกข้อความจากโปรแกรมอื่น) แล้วพิมพ์ใหม่")


def _content_lines(lines: list[str], before: int) -> list[int]:
    """Indexes of the lines before ``before`` that hold data (not blank, not a comment), nearest first."""
    return [i for i in range(before - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")]


def _key_column(line: str) -> int:
    """Where the key (or value) of ``line`` begins, after its indentation and any ``- `` markers."""
    col = len(line) - len(line.lstrip(" "))
    while line[col:col + 2] == "- " or line[col:] == "-":
        col += 1
        while col < len(line) and line[col] == " ":
            col += 1
    return col


def _indent_unit(lines: list[str]) -> int:
    """The file's indentation step: the smallest indentation of a data line (2 when none)."""
    steps = [len(ln) - len(ln.lstrip(" ")) for ln in lines if ln.strip() and not ln.lstrip().startswith(("#", "\t"))]
    return min([s for s in steps if s > 0], default=2)


def _opens_block(line: str) -> bool:
    body = re.sub(r"\s+#.*$", "", line).rstrip()
    return body.endswith(":") or bool(re.search(r":\s*[|>][-+0-9]*$", body))


def _tab_fix(lines: list[str], n: int) -> str:
    """How many spaces replace the Tab of line ``n`` (0-based): those of the level around it."""
    prev = _content_lines(lines, n)
    if not prev:
        return "ลบ Tab ออก ข้อมูลระดับแรกไม่ต้องย่อหน้า"
    p = prev[0]
    key = lines[p].strip().lstrip("- ").split(":")[0][:30]
    if _opens_block(lines[p]):
        want = _key_column(lines[p]) + _indent_unit(lines)
        return (f"ลบ Tab แล้วเว้นวรรค {want} ช่องแทน (ลึกกว่า '{key}' ในบรรทัด {p + 1} อีก "
                f"{want - _key_column(lines[p])} ช่อง ตามการย่อหน้าของไฟล์นี้)")
    want = _key_column(lines[p])
    return f"ลบ Tab แล้วเว้นวรรค {want} ช่องแทน (ให้ตรงกับ '{key}' ในบรรทัด {p + 1})"


_KEY_START = re.compile(r"[^\s#:\-\[\]{}'\"][^:#]*?:(\s|$)")


def _indentation_problem(text: str, problem: str, mark: yaml.Mark) -> tuple[int, int, str, str] | None:
    """When the parser's complaint comes from a line indented differently from its siblings (a
    key glued to the value above it is read as a stray ``:``; one space too few is read as a
    missing ``-``), the mis-indented line, its column and the Thai explanation and fix."""
    if not problem.startswith(("mapping values are not allowed", "did not find expected '-' indicator",
                               "did not find expected key", "expected <block end>")):
        return None
    lines = _LINE_BREAK.split(text)
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    indent = len(line) - len(line.lstrip(" "))
    body = line[indent:]
    if problem.startswith("mapping values"):
        # only when the ``:`` is that of the line's own key (a ``:`` inside a value is another mistake)
        m = _KEY_START.match(body)
        if not m or indent + m.end(0) - len(m.group(1)) - 1 != mark.column:
            return None
    prev = _content_lines(lines, mark.line)
    if not prev:
        return None
    if body.startswith("- ") or body == "-":
        dashes = [i for i in prev if lines[i].lstrip(" ").startswith("-")]
        if not dashes:
            return None
        p = dashes[0]
        want = len(lines[p]) - len(lines[p].lstrip(" "))
        if want == indent:
            return None
        return (mark.line + 1, indent + 1,
                f"รายการ (-) ย่อหน้า {indent} ช่อง ไม่ตรงกับรายการก่อนหน้าในบรรทัด {p + 1} ({want} ช่อง)",
                f"ย่อหน้าขีด - ของบรรทัด {mark.line + 1} ให้เท่ากับบรรทัด {p + 1} ({want} ช่อง)")
    if not _KEY_START.match(body):
        return None
    p = prev[0]
    if _opens_block(lines[p]):
        return None
    want = _key_column(lines[p])
    if want == indent:
        return None
    key = lines[p].strip().lstrip("- ").split(":")[0][:30]
    more = "มากกว่า" if indent > want else "น้อยกว่า"
    return (mark.line + 1, indent + 1,
            f"บรรทัดนี้ย่อหน้า {indent} ช่อง {more}ช่องข้อมูล '{key}' ในบรรทัด {p + 1} ({want} ช่อง) ที่อยู่ระดับเดียวกัน",
            f"เว้นวรรคหน้าบรรทัด {mark.line + 1} ให้เป็น {want} ช่อง เท่ากับบรรทัด {p + 1}")


def _quote_run_on(text: str, problem: yaml.Mark) -> yaml.Mark | None:
    """Start of a quoted text that runs over several lines and ends on the line of a syntax error
    (the sign of a missing closing quote), or None."""
    scanner = _CParser(text) if _CParser is not None else yaml.SafeLoader(text)
    last = None
    try:
        while scanner.check_token():
            tok = scanner.get_token()
            if tok.start_mark.index >= problem.index:
                break
            if isinstance(tok, yaml.ScalarToken) and tok.style in ('"', "'") and tok.end_mark.line > tok.start_mark.line:
                last = tok
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    if last is not None and last.end_mark.line == problem.line:
        return last.start_mark
    return None


_EXPLAIN = {
    "mapping values are not allowed": "มีเครื่องหมาย : ในตำแหน่งที่ไม่ควรมี (ข้อความที่มี : ต้องใส่เครื่องหมายคำพูด)",
    "did not find expected '-' indicator": "รายการ (-) ย่อหน้าไม่ตรงกัน",
    "found character that cannot start any token": "มีอักขระที่ใช้ขึ้นต้นค่าไม่ได้ (เช่น @ หรือ `) ให้ใส่เครื่องหมายคำพูดรอบข้อความ",
    "did not find expected ',' or": "วงเล็บ [ ] หรือ { } ไม่ครบคู่ หรือขาดเครื่องหมาย , คั่นค่า",
    "did not find expected node content": "ไม่พบค่าที่ควรมีในตำแหน่งนี้",
    "could not find expected ':'": "ไม่พบเครื่องหมาย : หลังชื่อช่องข้อมูล",
    "found character '\\t' that cannot start any token": "มีตัวอักษร Tab",
    "did not find expected key": "การย่อหน้าไม่ตรงกัน",
    "expected <block end>, but found '-'": "รายการ (-) ย่อหน้าไม่ตรงกัน",
    "found undefined alias": "อ้างถึง alias ที่ไม่มี",
    "found unexpected end of stream": "ไฟล์จบก่อนปิดเครื่องหมายคำพูดหรือวงเล็บ",
}


def _explain(problem: str) -> str:
    for en, th in _EXPLAIN.items():
        if problem.startswith(en):
            return th
    return problem or "ไม่ทราบสาเหตุ"

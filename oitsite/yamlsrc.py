"""Stage 1: read YAML and Markdown files, keeping the line and column of every value.

Nothing here knows about topics or catalogs: it turns bytes into Python values plus a map
``path → (line, column)`` so that every later finding can name the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .codes import Code, Finding

PathKey = tuple[Any, ...]

MAX_YAML_BYTES = 20 * 1024 * 1024


@dataclass
class Source:
    """A loaded file: its data and where each value came from."""

    file: str  # path shown to users (relative to the agency folder's parent when possible)
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def pos(self, path: PathKey) -> tuple[int | None, int | None]:
        """Line/column of ``path`` or of its nearest ancestor that has one (1-based)."""
        path = tuple(path)
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def finding(self, code: Code, path: PathKey, message_th: str, **kw: Any) -> Finding:
        line, col = self.pos(path)
        return Finding(code, message_th, file=self.file, line=line, column=col, **kw)


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates and zero-led numbers as text for oitsite.thai to read:
    PyYAML would crash on 2567-02-29 (not a Gregorian leap day) and turn 021234567 into an
    octal number."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _int_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    value = loader.construct_scalar(node)
    digits = value.replace("_", "").lstrip("+-")
    if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
        return value  # phone numbers, ids: keep the leading zero
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _int_or_text)


def _construct(loader: _Loader, node: yaml.Node, path: PathKey, positions: dict, findings: list, file: str) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                findings.append(
                    Finding(Code.WRONG_TYPE, "ชื่อช่องข้อมูลต้องเป็นข้อความ", "Keys must be text", file=file,
                            line=key_node.start_mark.line + 1, column=key_node.start_mark.column + 1)
                )
                continue
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                findings.append(
                    Finding(Code.YAML_DUPLICATE_KEY, f"ช่องข้อมูล '{key}' ซ้ำกันในระดับเดียวกัน ค่าหลังจะทับค่าแรก",
                            f"Duplicate key '{key}'", file=file, line=key_node.start_mark.line + 1,
                            column=key_node.start_mark.column + 1, fix_th="ลบหรือรวมช่องข้อมูลที่ซ้ำให้เหลือช่องเดียว")
                )
            out[key] = _construct(loader, value_node, path + (key,), positions, findings, file)
            positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, v, path + (i,), positions, findings, file) for i, v in enumerate(node.value)]
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
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Finding(Code.MISSING_FILE, f"อ่านไฟล์ไม่ได้: {exc.strerror}", str(exc), file=shown_as)]
    if len(raw) > MAX_YAML_BYTES:
        return None, [Finding(Code.FILE_TOO_LARGE, "ไฟล์ YAML ใหญ่เกิน 20 MB", "YAML file over 20 MB", file=shown_as,
                              fix_th="แยกข้อมูลเป็นหลายปีงบประมาณ หรือใช้คำสั่ง oitsite import")]
    text, findings = _decode(raw, shown_as)
    if text is None:
        return None, findings
    return parse_yaml(text, shown_as)


def parse_yaml(text: str, shown_as: str) -> tuple[Source | None, list[Finding]]:
    findings: list[Finding] = []
    if "\t" in text:
        for n, line in enumerate(text.splitlines(), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                return None, [Finding(Code.YAML_SYNTAX, "ใช้ปุ่ม Tab ย่อหน้า YAML ต้องย่อหน้าด้วยเว้นวรรคเท่านั้น",
                                       "Tab used for indentation", file=shown_as, line=n, column=len(line) - len(stripped) + 1,
                                       fix_th="ลบ Tab แล้วเว้นวรรค 2 ช่องแทน")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Source(shown_as, None, {(): (1, 1)}), findings
        positions: dict[PathKey, tuple[int, int]] = {}
        data = _construct(loader, node, (), positions, findings, shown_as)
        return Source(shown_as, data, positions), findings
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or "").strip()
        return None, [
            Finding(Code.YAML_SYNTAX, f"รูปแบบ YAML ไม่ถูกต้อง: {_explain(problem)}", f"YAML syntax error: {problem}",
                    file=shown_as, line=(mark.line + 1) if mark else None, column=(mark.column + 1) if mark else None,
                    fix_th="ตรวจการย่อหน้า (เว้นวรรคให้ตรงกัน) เครื่องหมาย : หลังชื่อช่อง และใส่เครื่องหมายคำพูดรอบข้อความที่มี : หรือ #")
        ]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        return None, [Finding(Code.YAML_SYNTAX, f"รูปแบบ YAML ไม่ถูกต้อง: {exc}", str(exc), file=shown_as)]
    finally:
        loader.dispose()


_EXPLAIN = {
    "mapping values are not allowed here": "มีเครื่องหมาย : ในตำแหน่งที่ไม่ควรมี (ข้อความที่มี : ต้องใส่เครื่องหมายคำพูด)",
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

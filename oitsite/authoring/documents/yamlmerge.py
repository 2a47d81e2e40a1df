"""Add ``documents:`` entries to a topic data file without losing what the editor wrote — pure text.

The new entries are appended as text (comments, order and quoting of the rest of the file stay
byte for byte) when the file has no ``documents`` key yet, or when its ``documents`` block list is
the file's last key. Every result is read back and compared with the old data plus the new
entries; only when appending cannot give that is the file written anew (the caller keeps a
backup and says so).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from oitsite.authoring.importer.write import _plain, _SafeLoader, dump_yaml


class MergeError(ValueError):
    """The existing file cannot be merged into (not YAML, not a mapping, ``documents`` not a list)."""


def load(text: str) -> dict:
    try:
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise MergeError(f"อ่านไฟล์ไม่ได้ ({exc.__class__.__name__})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise MergeError("ไฟล์ไม่ใช่กลุ่มข้อมูลแบบ ชื่อช่อง: ค่า")
    docs = data.get("documents")
    if docs is not None and not isinstance(docs, list):
        raise MergeError("ช่อง documents ในไฟล์ไม่ใช่รายการ")
    return data


def _items_text(entries: list[dict], indent: int) -> str:
    body = dump_yaml({"documents": _plain(entries)}, "")
    lines = body.splitlines()[1:]  # without "documents:"
    return "".join(" " * indent + ln + "\n" for ln in lines)


_TOP_KEY = re.compile(r"^(?!#)([^\s\-#][^:]*?|'[^']*'|\"[^\"]*\")\s*:(?:\s|$)")


def _last_top_key(text: str) -> tuple[str | None, int]:
    """The last top-level key of a block mapping and the line it is on."""
    key, at = None, -1
    for i, line in enumerate(text.splitlines()):
        m = _TOP_KEY.match(line)
        if m:
            key, at = m.group(1).strip("'\""), i
    return key, at


def merge(text: str | None, entries: list[dict], header: str) -> tuple[str, str]:
    """(new file text, how: ``new`` | ``appended`` | ``rewritten``) with ``entries`` added to the
    file's ``documents`` list. Raises MergeError for a file that cannot be merged into."""
    if text is None or not text.strip():
        return header + dump_yaml({"documents": _plain(entries)}, ""), "new"
    old = load(text)
    want = dict(old)
    want["documents"] = list(old.get("documents") or []) + _plain(entries)
    nl = "\r\n" if "\r\n" in text else "\n"  # a file saved on Windows keeps its line ends

    def ends(t: str) -> str:
        return t.replace("\n", nl) if nl != "\n" else t

    base = text if text.endswith("\n") else text + nl
    candidate = None
    if "documents" not in old:
        candidate = base + ends("documents:\n" + _items_text(entries, 0))
    else:
        key, at = _last_top_key(text)
        lines = text.splitlines()
        if key == "documents" and re.fullmatch(r"documents:\s*(#.*)?", lines[at]):
            first = next((ln for ln in lines[at + 1:] if ln.strip() and not ln.lstrip().startswith("#")), "- ")
            indent = len(first) - len(first.lstrip(" "))
            candidate = base + ends(_items_text(entries, indent))
    if candidate is not None:
        try:
            if load(candidate) == want:
                return candidate, "appended"
        except MergeError:
            pass
    return ends(dump_yaml(want, header)), "rewritten"


def document_files(data: Any) -> list[str]:
    """The ``file`` of every entry of a loaded data file's ``documents``."""
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        return []
    return [str(d["file"]) for d in data["documents"] if isinstance(d, dict) and isinstance(d.get("file"), str)]

"""Unfilled templates are never data: the scaffold's placeholder marker, ``((กรอก: ชื่อ))``, and
the instruction text of the NACC's forms that published documents leave in ("หน่วยงานวิเคราะห์
ประเด็นใดก็ได้ … ที่ยกมาเป็นเพียงตัวอย่างว่าจะวิเคราะห์อย่างไร", a lone "หน่วยงานวิเคราะห์", "(ระบุ…)").

``oitsite new`` writes placeholders for every text value; ``oitsite check`` reports each one
(oit.placeholder, file and line, read from the raw YAML). Everything else — evaluation, pages,
totals, charts, the manifest, ITAS and open-data exports, the importer — reads the agency's
validated data, from which :func:`without_placeholders` has removed them: a value holding the
marker is missing, a text that is nothing but form instructions is missing (oit.template-text
names it), and a record left with nothing but placeholders is not a record.
"""

from __future__ import annotations

import re
from typing import Any

PLACEHOLDER_RE = re.compile(r"\(\((.*?)\)\)")

#: Instruction sentences of the NACC's O34 analysis form (seed 003 left them in every issue), and a
#: value that is only a bracketed instruction "(ระบุ…)". Spaces inside are as loose as PDF text.
TEMPLATE_RE = re.compile(
    r"(?:ให้)?หน่วยงาน\s*วิเคราะห์\s*ประเด็นใด\s*ก็ได้[^\n■▪•]*?(?:อย่างไร|$)"
    r"|ทั้ง\s*3\s*ประเด็น\s*ที่ยกมา\s*เป็นเพียง\s*ตัวอย่าง[^\n■▪•]*?(?:อย่างไร|$)"
    r"|ให้หน่วยงาน\s*(?:วิเคราะห์|ระบุ|กรอก)[^\n■▪•]*"
    r"|^\s*(?:ให้)?หน่วยงาน\s*วิเคราะห์\s*$"
    r"|^\s*[(（]\s*ระบุ[^)）]*[)）]\s*$",
    re.MULTILINE)
#: what a form leaves around its blanks: bullets, the three analysis headings, colons
_FORM_LEFTOVER_RE = re.compile(r"[■▪•\-–*:：\s]|ข้อบกพร่อง\s*/\s*ข้อปรับปรุง|การพัฒนา|การรักษาระดับ|<[^>]*>")

_GONE = object()


def is_placeholder(value: Any) -> bool:
    """True for a text still holding the marker (a half-filled ``ชื่อ ((กรอก: นามสกุล))`` too)."""
    return isinstance(value, str) and PLACEHOLDER_RE.search(value) is not None


def template_text(value: Any) -> str | None:
    """The first NACC form instruction in a text (for the finding), or None."""
    if not isinstance(value, str):
        return None
    m = TEMPLATE_RE.search(value)
    return " ".join(m.group(0).split()) if m else None


def is_template_only(value: Any) -> bool:
    """True for a text that holds form instructions and nothing of the agency's own (what is left
    once the instructions, the form's headings and bullets are taken out is empty)."""
    if not isinstance(value, str) or not TEMPLATE_RE.search(value):
        return False
    return not _FORM_LEFTOVER_RE.sub("", TEMPLATE_RE.sub("", value))


def holds_placeholder(value: Any) -> bool:
    """True when the value or anything inside it (records, lists) holds the marker."""
    if isinstance(value, dict):
        return any(holds_placeholder(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_placeholder(v) for v in value)
    return is_placeholder(value)


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _strip(value: Any, path: tuple = (), moved: dict | None = None) -> Any:
    if is_placeholder(value) or is_template_only(value):
        return _GONE
    if isinstance(value, dict):
        out = {k: s for k, v in value.items() if (s := _strip(v, path + (k,), moved)) is not _GONE}
        # a record that held only placeholders (and blanks) is not a record
        if holds_placeholder(value) and all(_blank(v) for v in out.values()):
            return _GONE
        return out
    if isinstance(value, list):
        kept: list[Any] = []
        original: list[int] = []
        for i, v in enumerate(value):
            s = _strip(v, path + (len(kept),), moved)
            if s is not _GONE:
                kept.append(s)
                original.append(i)
        if moved is not None and len(kept) != len(value):
            moved[path] = original
        return kept
    return value


def without_placeholders(data: dict | None, moved: dict | None = None) -> dict | None:
    """``data`` without placeholder values and without records made only of placeholders
    (a new copy; ``data`` itself is not changed). A topic made only of placeholders is ``{}``.

    ``moved``, when given, receives for every list that lost records the original positions of
    the records kept (list path → [original index, …]), so :func:`raw_path` can find a value of
    the result in the file."""
    if data is None:
        return None
    return {k: s for k, v in data.items() if (s := _strip(v, (k,), moved)) is not _GONE}


def raw_path(path: tuple | list, moved: dict) -> tuple:
    """The path in the file's data of ``path`` in :func:`without_placeholders`' result."""
    out: list[Any] = []
    for n, part in enumerate(path):
        positions = moved.get(tuple(path[:n])) if isinstance(part, int) else None
        out.append(positions[part] if positions is not None and 0 <= part < len(positions) else part)
    return tuple(out)

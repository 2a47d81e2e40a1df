"""The scaffold's placeholder marker, ``((กรอก: ชื่อ))``: an unfilled template value is never data.

``oitsite new`` writes placeholders for every text value; ``oitsite check`` reports each one
(oit.placeholder, file and line, read from the raw YAML). Everything else — evaluation, pages,
totals, charts, the manifest, ITAS and open-data exports, the importer — reads the agency's
validated data, from which :func:`without_placeholders` has removed them: a value holding the
marker is missing, and a record left with nothing but placeholders is not a record.
"""

from __future__ import annotations

import re
from typing import Any

PLACEHOLDER_RE = re.compile(r"\(\((.*?)\)\)")

_GONE = object()


def is_placeholder(value: Any) -> bool:
    """True for a text still holding the marker (a half-filled ``ชื่อ ((กรอก: นามสกุล))`` too)."""
    return isinstance(value, str) and PLACEHOLDER_RE.search(value) is not None


def holds_placeholder(value: Any) -> bool:
    """True when the value or anything inside it (records, lists) holds the marker."""
    if isinstance(value, dict):
        return any(holds_placeholder(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_placeholder(v) for v in value)
    return is_placeholder(value)


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _strip(value: Any) -> Any:
    if is_placeholder(value):
        return _GONE
    if isinstance(value, dict):
        out = {k: s for k, v in value.items() if (s := _strip(v)) is not _GONE}
        # a record that held only placeholders (and blanks) is not a record
        if holds_placeholder(value) and all(_blank(v) for v in out.values()):
            return _GONE
        return out
    if isinstance(value, list):
        return [s for v in value if (s := _strip(v)) is not _GONE]
    return value


def without_placeholders(data: dict | None) -> dict | None:
    """``data`` without placeholder values and without records made only of placeholders
    (a new copy; ``data`` itself is not changed). A topic made only of placeholders is ``{}``."""
    if data is None:
        return None
    return {k: s for k, v in data.items() if (s := _strip(v)) is not _GONE}

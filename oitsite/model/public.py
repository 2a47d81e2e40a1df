"""What the public site may show of an agency: its data without any unfilled template value.

A scaffold's placeholder ``((กรอก: …))`` is never data (oitsite.model.evaluate): the public build
renders from :func:`public_agency`, where every placeholder value is gone — a record that held
nothing else is gone too — so no page, table, card, share text or search entry can show one.
Pure: the loaded agency is not changed.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from oitsite.model.agency import Agency
from oitsite.model.evaluate import PLACEHOLDER_RE

_GONE = object()


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and PLACEHOLDER_RE.search(value) is not None


def without_placeholders(value: Any) -> Any:
    """``value`` with every placeholder string removed (keys dropped, list entries dropped, a
    mapping left empty by it dropped from its list)."""
    out = _strip(value)
    return None if out is _GONE else out


def _strip(value: Any) -> Any:
    if is_placeholder(value):
        return _GONE
    if isinstance(value, dict):
        kept = {k: v2 for k, v in value.items() if (v2 := _strip(v)) is not _GONE}
        return kept if kept or not value else _GONE
    if isinstance(value, list):
        return [v2 for v in value if (v2 := _strip(v)) is not _GONE]
    return value


def public_agency(agency: Agency) -> Agency:
    """A copy of ``agency`` for the public site: no placeholder in its info, data or Markdown."""
    topics = {}
    for key, td in agency.topics.items():
        data = None if td.data is None else (without_placeholders(td.data) or {})
        body = None if is_placeholder(td.body) else td.body
        topics[key] = dataclasses.replace(td, data=data, body=body)
    info = without_placeholders(agency.info) or {}
    return dataclasses.replace(agency, info=info, topics=topics)

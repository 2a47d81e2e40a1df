"""Header detection and matching: where the header row is, which column is which field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

from oitsite import thai

from .fields import (
    _SUB_DATE,
    _SUB_NAME,
    _SUB_NO,
    _SUB_PRICE,
    _SUB_TAXID,
    ALIASES,
    BIDDER_NAME,
    BIDDER_PRICE,
    CONTRACT_REF,
    HEADER_SCAN_ROWS,
    SEQ,
    WINNER,
)


def col_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def norm_header(value: Any) -> str:
    """Header text reduced to what matters for matching."""
    if value is None:
        return ""
    s = thai.to_arabic_digits(str(value))
    s = s.replace("\u0e4d\u0e32", "\u0e33")  # นิคหิต + สระอา (from PDF copies) → สระอำ
    s = re.sub(r"\(\s*\d+\s*\)", "", s)  # (1) numbering
    s = re.sub(r"^\s*\d+\s*[.)]\s*", "", s)  # 1. or 1) numbering
    s = re.sub(r"\(?\s*บาท\s*\)?", "", s)
    s = re.sub(r"[\s\u200b\u200c\u200d\ufeff\u00a0*:;,.()\[\]\-–—/\\\"'_]+", "", s)
    return s.lower()


_ALIAS_LIST: list[tuple[str, str]] = sorted(
    ((norm_header(a), target) for target, aliases in ALIASES.items() for a in aliases),
    key=lambda p: -len(p[0]),
)


def match_header(text: Any) -> tuple[str, int] | None:
    """Best (target, score) for one header cell: 3 exact, 2 prefix, 1 contained."""
    h = norm_header(text)
    if not h:
        return None
    best: tuple[int, int, str] | None = None
    for alias, target in _ALIAS_LIST:
        if h == alias:
            score = 3
        elif len(alias) >= 6 and h.startswith(alias):
            score = 2
        elif len(alias) >= 8 and alias in h:
            score = 1
        else:
            continue
        cand = (score, len(alias), target)
        if best is None or cand[:2] > best[:2]:
            best = cand
    return (best[2], best[0]) if best else None


@dataclass
class Column:
    index: int
    target: str
    header: str  # as shown to users (original text, one line)

    @property
    def letter(self) -> str:
        return col_letter(self.index)


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"\s+", " ", str(v)).strip()


def _is_subheader(row: Sequence[Any]) -> bool:
    texts = [_cell_text(v) for v in row]
    filled = [t for t in texts if t]
    if not filled:
        return False
    if any(re.search(r"\d{3,}", thai.to_arabic_digits(t)) for t in filled):
        return False  # a data row (amounts, ids), not a sub-header
    return any(_SUB_NAME.search(t) or _SUB_PRICE.search(t) or _SUB_NO.search(t) or _SUB_DATE.search(t) for t in filled)


_NUMBERING = re.compile(r"\(?\d{1,2}\)?\.?")


def _is_numbering_row(row: Sequence[Any]) -> bool:
    """A row of column numbers like (1) (2) (3) under the header (cheap on data rows: it stops
    at the first cell that is not a short number)."""
    filled = 0
    for v in row:
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, str):
            t = v.strip()
            if not t:
                continue
            if len(t) > 6:
                return False
        elif isinstance(v, (int, float)):
            t = _cell_text(v)
        else:
            return False
        if not _NUMBERING.fullmatch(thai.to_arabic_digits(t)):
            return False
        filled += 1
    return filled >= 3


def detect_header(rows: Sequence[Sequence[Any]]) -> tuple[int, int, list[Column]] | None:
    """Find the header in the first rows. Returns (header row index, rows used, columns)."""
    best: tuple[int, int] | None = None  # (distinct targets, row index)
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        targets = {m[0] for m in (match_header(v) for v in row) if m and m[0] != SEQ}
        if len(targets) >= 3 and (best is None or len(targets) > best[0]):
            best = (len(targets), r)
    if best is None:
        return None
    r = best[1]
    header = list(rows[r])
    sub = list(rows[r + 1]) if r + 1 < len(rows) and _is_subheader(rows[r + 1]) else None
    width = max(len(header), len(sub) if sub else 0)
    header += [None] * (width - len(header))
    if sub is not None:
        sub += [None] * (width - len(sub))
    candidates: list[tuple[int, int, int, str, str]] = []  # (score, -col, col, target, shown)
    parent_text = ""
    for c in range(width):
        own = _cell_text(header[c])
        if own:
            parent_text = own
        sub_text = _cell_text(sub[c]) if sub else ""
        shown = own or parent_text
        target_score: tuple[str, int] | None = None
        if sub_text:
            parent = match_header(parent_text)
            shown = f"{parent_text} / {sub_text}" if parent_text and parent_text != sub_text else sub_text
            target_score = _sub_target(parent[0] if parent else None, sub_text)
            if target_score is None:
                target_score = match_header(sub_text) or (match_header(own) if own else None)
        elif own:
            target_score = match_header(own)
        if target_score:
            candidates.append((target_score[1], -c, c, target_score[0], shown))
    # every target goes to its best column (highest score, then leftmost); a column takes one target
    used_cols: set[int] = set()
    used_targets: set[str] = set()
    columns: list[Column] = []
    for score, _neg, c, target, shown in sorted(candidates, reverse=True):
        if c in used_cols or target in used_targets:
            continue
        used_cols.add(c)
        used_targets.add(target)
        columns.append(Column(c, target, shown))
    columns.sort(key=lambda col: col.index)
    return r, (2 if sub is not None else 1), columns


def _sub_target(parent: str | None, sub_text: str) -> tuple[str, int] | None:
    """A sub-column under a merged group header of the สขร.1 form."""
    s = norm_header(sub_text)
    is_name = bool(re.match(r"(ราย)?ชื่อ|ผู้", s))
    is_price = not is_name and bool(_SUB_PRICE.search(s))
    if parent == WINNER:
        if _SUB_TAXID.search(s):
            return "vendor_tax_id", 3
        if is_price:
            return "contract_price", 3
        if is_name or _SUB_NAME.search(s):
            return "vendor_name", 3
    if parent == "bidders":
        if is_price:
            return BIDDER_PRICE, 3
        if is_name or _SUB_NAME.search(s):
            return BIDDER_NAME, 3
    if parent == CONTRACT_REF:
        if _SUB_DATE.search(s):
            return "contract_date", 3
        if _SUB_NO.search(s):
            return "contract_no", 3
    return None

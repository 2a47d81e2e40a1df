"""Automatic summaries computed from record-level data (pure functions, no I/O).

* procurement (O16/O17): count, budget and contract price by procurement method, by month of
  the contract date (fiscal-year order, ตุลาคม → กันยายน) and by status;
* complaint statistics (O24 in 2567): total / finished / in progress, from records or counts;
* service statistics (O12 in 2567): walk-in vs e-service per service, from counts or records.

Inputs are the validated topic dicts (dates as ``datetime.date``, amounts as ``Decimal``), but
raw YAML values (strings, floats) are accepted too, so the functions can run on any data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from oitsite import thai

ZERO = Decimal("0.00")

NO_METHOD = "ไม่ระบุวิธี"
NO_STATUS = "ไม่ระบุสถานะ"
NO_DATE = "ไม่ระบุวันที่ลงนามในสัญญา"
OUTSIDE_YEAR = "นอกปีงบประมาณ"


# ---------------------------------------------------------------------------------------------
# Value coercion (tolerant: a value that cannot be read counts as missing)


def as_decimal(v: Any) -> Decimal | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, Decimal):
        return v
    try:
        return thai.parse_baht(v)
    except thai.ThaiValueError:
        return None


def as_date(v: Any) -> dt.date | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return thai.parse_date(v).value
    except thai.ThaiValueError:
        return None


def as_int(v: Any) -> int | None:
    if v is None or isinstance(v, bool) or v == "":
        return None
    try:
        return thai.parse_int(v)
    except thai.ThaiValueError:
        return None


def _clean(s: Any) -> str:
    return re.sub(r"\s+", " ", thai.to_arabic_digits(str(s or ""))).strip()


# ---------------------------------------------------------------------------------------------
# Procurement


@dataclass(frozen=True)
class SummaryRow:
    label: str
    count: int
    contract_total: Decimal  # sum of ราคาที่ตกลงซื้อหรือจ้าง
    budget_total: Decimal  # sum of วงเงินงบประมาณที่ได้รับจัดสรร
    key: str = ""  # stable machine key (method code, YYYY-MM, status text)


@dataclass
class ProcurementSummary:
    fiscal_year: int | None
    total: SummaryRow
    by_method: list[SummaryRow]
    by_month: list[SummaryRow]
    by_status: list[SummaryRow]


#: canonical procurement methods: (key, Thai label, OCDS procurementMethod, patterns)
METHODS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("e-bidding", "วิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", "open",
     ("ebidding", "ประกวดราคาอิเล็กทรอนิกส์", "ประกวดราคาด้วยวิธีการทางอิเล็กทรอนิกส์")),
    ("e-market", "วิธีตลาดอิเล็กทรอนิกส์ (e-market)", "open", ("emarket", "ตลาดอิเล็กทรอนิกส์")),
    ("specific", "วิธีเฉพาะเจาะจง", "direct", ("เฉพาะเจาะจง",)),
    ("selection", "วิธีคัดเลือก", "selective", ("คัดเลือก",)),
    ("price-inquiry", "วิธีสอบราคา", "open", ("สอบราคา",)),
    ("bidding", "วิธีประกวดราคา", "open", ("ประกวดราคา",)),
    ("price-agreement", "วิธีตกลงราคา", "direct", ("ตกลงราคา",)),
    ("special", "วิธีพิเศษ", "limited", ("วิธีพิเศษ", "กรณีพิเศษ")),
)
_METHOD_BY_KEY = {m[0]: m for m in METHODS}


def method_key(method: Any) -> str:
    """Canonical key of a procurement method as staff write it ('เฉพาะเจาะจง', 'วิธี e-bidding')."""
    raw = _clean(method)
    if not raw:
        return ""
    squashed = re.sub(r"[\s\-_.()]", "", raw).lower()
    for key, _label, _ocds, patterns in METHODS:
        if any(p.lower() in squashed for p in patterns):
            return key
    return "other:" + raw


def method_label(key: str) -> str:
    if not key:
        return NO_METHOD
    if key.startswith("other:"):
        return key[6:]
    return _METHOD_BY_KEY[key][1]


def method_ocds(method: Any) -> str | None:
    """OCDS ``procurementMethod`` (open / selective / limited / direct) of a Thai method, if known."""
    key = method_key(method)
    return _METHOD_BY_KEY[key][2] if key in _METHOD_BY_KEY else None


def _row(label: str, recs: list[dict], key: str = "") -> SummaryRow:
    return SummaryRow(
        label=label,
        count=len(recs),
        contract_total=sum((as_decimal(r.get("contract_price")) or ZERO for r in recs), ZERO),
        budget_total=sum((as_decimal(r.get("budget")) or ZERO for r in recs), ZERO),
        key=key,
    )


def _grouped(records: Iterable[dict], keyfunc: Any) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for r in records:
        if isinstance(r, dict):
            groups.setdefault(keyfunc(r), []).append(r)
    return groups


def _by_size(rows: list[SummaryRow]) -> list[SummaryRow]:
    return sorted(rows, key=lambda r: (-r.count, -r.contract_total, thai.thai_sort_key(r.label)))


def procurement_totals(records: Iterable[dict]) -> SummaryRow:
    return _row("รวมทั้งสิ้น", [r for r in records if isinstance(r, dict)], "total")


def procurement_by_method(records: Iterable[dict]) -> list[SummaryRow]:
    """Count and amounts per procurement method; most frequent first, 'not given' last."""
    groups = _grouped(records, lambda r: method_key(r.get("method")))
    rows = _by_size([_row(method_label(k), v, k or "none") for k, v in groups.items() if k])
    if "" in groups:
        rows.append(_row(NO_METHOD, groups[""], "none"))
    return rows


def procurement_by_status(records: Iterable[dict]) -> list[SummaryRow]:
    groups = _grouped(records, lambda r: _clean(r.get("status")))
    rows = _by_size([_row(k, v, k) for k, v in groups.items() if k])
    if "" in groups:
        rows.append(_row(NO_STATUS, groups[""], "none"))
    return rows


def infer_fiscal_year(records: Iterable[dict]) -> int | None:
    """The fiscal year most contract dates fall in (ties: the later year)."""
    years = Counter(thai.fiscal_year(d) for r in records if isinstance(r, dict) and (d := as_date(r.get("contract_date"))))
    if not years:
        return None
    return max(years.items(), key=lambda kv: (kv[1], kv[0]))[0]


def fiscal_months(fiscal_year: int) -> list[tuple[int, int]]:
    """(CE year, month) of the twelve months of a BE fiscal year, October first."""
    ce = fiscal_year - thai.BE_OFFSET
    return [(ce - 1, m) for m in (10, 11, 12)] + [(ce, m) for m in range(1, 10)]


def month_label(year_ce: int, month: int) -> str:
    return f"{thai.THAI_MONTHS[month - 1]} {year_ce + thai.BE_OFFSET}"


def procurement_by_month(records: Iterable[dict], fiscal_year: int | None = None) -> list[SummaryRow]:
    """Twelve rows, ตุลาคม → กันยายน (months without contracts show 0), by contract date.

    Records without a readable contract date, or dated outside the fiscal year, get their own
    rows at the end (only when there are any)."""
    recs = [r for r in records if isinstance(r, dict)]
    fy = fiscal_year or infer_fiscal_year(recs)
    groups: dict[tuple[int, int] | str, list[dict]] = {}
    months = fiscal_months(fy) if fy else []
    inside = set(months)
    for r in recs:
        d = as_date(r.get("contract_date"))
        if d is None:
            k: tuple[int, int] | str = NO_DATE
        elif (d.year, d.month) in inside:
            k = (d.year, d.month)
        else:
            k = OUTSIDE_YEAR
        groups.setdefault(k, []).append(r)
    rows = [_row(month_label(y, m), groups.get((y, m), []), f"{y:04d}-{m:02d}") for y, m in months]
    for extra, key in ((OUTSIDE_YEAR, "outside"), (NO_DATE, "none")):
        if groups.get(extra):
            rows.append(_row(extra, groups[extra], key))
    return rows


def procurement_summary(records: Iterable[dict] | None, fiscal_year: int | None = None) -> ProcurementSummary:
    recs = [r for r in (records or []) if isinstance(r, dict)]
    fy = fiscal_year or infer_fiscal_year(recs)
    return ProcurementSummary(
        fiscal_year=fy,
        total=procurement_totals(recs),
        by_method=procurement_by_method(recs),
        by_month=procurement_by_month(recs, fy),
        by_status=procurement_by_status(recs),
    )


# ---------------------------------------------------------------------------------------------
# Complaint statistics


_FINISHED = {"finished", "แล้วเสร็จ", "ดำเนินการแล้วเสร็จ", "เสร็จสิ้น", "ยุติ", "ยุติเรื่อง"}
_IN_PROGRESS = {"in_progress", "อยู่ระหว่างดำเนินการ", "ระหว่างดำเนินการ", "กำลังดำเนินการ"}


def complaint_status(v: Any) -> str:
    """'finished', 'in_progress' or '' for a record's status (value or Thai label)."""
    s = _clean(v)
    if s in _FINISHED:
        return "finished"
    if s in _IN_PROGRESS:
        return "in_progress"
    return ""


@dataclass
class ComplaintRow:
    label: str
    total: int
    finished: int
    in_progress: int


@dataclass
class ComplaintSummary:
    total: int | None
    finished: int | None
    in_progress: int | None
    source: str  # "records" | "counts" | "none"
    by_subject: list[ComplaintRow] = field(default_factory=list)
    unknown_status: int = 0  # records whose status is neither
    #: Thai notes when stated counts and records disagree (or counts do not add up)
    mismatches: list[str] = field(default_factory=list)


def complaint_summary(data: dict | None) -> ComplaintSummary:
    data = data or {}
    records = [r for r in (data.get("records") or []) if isinstance(r, dict)]
    stated = {k: as_int(data.get(k)) for k in ("total", "finished", "in_progress")}
    if records:
        statuses = [complaint_status(r.get("status")) for r in records]
        out = ComplaintSummary(len(records), statuses.count("finished"), statuses.count("in_progress"), "records",
                               unknown_status=statuses.count(""))
        groups = _grouped(records, lambda r: _clean(r.get("subject")) or "ไม่ระบุประเภท")
        rows = []
        for label, recs in groups.items():
            st = [complaint_status(r.get("status")) for r in recs]
            rows.append(ComplaintRow(label, len(recs), st.count("finished"), st.count("in_progress")))
        out.by_subject = sorted(rows, key=lambda r: (-r.total, thai.thai_sort_key(r.label)))
        names = {"total": "จำนวนเรื่องทั้งหมด", "finished": "ดำเนินการแล้วเสร็จ", "in_progress": "อยู่ระหว่างดำเนินการ"}
        computed = {"total": out.total, "finished": out.finished, "in_progress": out.in_progress}
        for k, v in stated.items():
            if v is not None and v != computed[k]:
                out.mismatches.append(f"{names[k]}ที่กรอกไว้ ({v}) ไม่ตรงกับที่นับจากรายเรื่อง ({computed[k]})")
        return out
    total, finished, in_progress = stated["total"], stated["finished"], stated["in_progress"]
    if total is None and finished is None and in_progress is None:
        return ComplaintSummary(None, None, None, "none")
    if total is None and finished is not None and in_progress is not None:
        total = finished + in_progress
    out = ComplaintSummary(total, finished, in_progress, "counts")
    if total is not None and finished is not None and in_progress is not None and finished + in_progress != total:
        out.mismatches.append(
            f"แล้วเสร็จ ({finished}) + อยู่ระหว่างดำเนินการ ({in_progress}) ไม่เท่ากับจำนวนทั้งหมด ({total})")
    return out


# ---------------------------------------------------------------------------------------------
# Service statistics


@dataclass(frozen=True)
class ServiceRow:
    name: str
    walk_in: int
    e_service: int

    @property
    def total(self) -> int:
        return self.walk_in + self.e_service


@dataclass
class ServiceSummary:
    rows: list[ServiceRow]
    source: str  # "counts" | "records" | "none"

    @property
    def total(self) -> ServiceRow:
        return ServiceRow("รวมทั้งสิ้น", sum(r.walk_in for r in self.rows), sum(r.e_service for r in self.rows))

    @property
    def e_service_share(self) -> Decimal | None:
        """Percentage of services delivered through e-service (two decimals), None without data."""
        t = self.total
        if not t.total:
            return None
        return (Decimal(t.e_service) * 100 / Decimal(t.total)).quantize(Decimal("0.01"))


def _channel(v: Any) -> str:
    s = _clean(v).lower().replace("-", "_").replace(" ", "_")
    if s in ("walk_in", "walkin", "ณ_จุดบริการ", "ณจุดบริการ"):
        return "walk_in"
    if s in ("e_service", "eservice", "online", "ออนไลน์"):
        return "e_service"
    return ""


def service_summary(data: dict | None) -> ServiceSummary:
    """Per-service walk-in / e-service counts: the stated counts when given, else counted records."""
    data = data or {}
    services = [s for s in (data.get("services") or []) if isinstance(s, dict)]
    if services:
        rows = [ServiceRow(_clean(s.get("name")) or "ไม่ระบุงานบริการ", as_int(s.get("walk_in")) or 0,
                           as_int(s.get("e_service")) or 0) for s in services]
        return ServiceSummary(rows, "counts")
    records = [r for r in (data.get("records") or []) if isinstance(r, dict)]
    if not records:
        return ServiceSummary([], "none")
    counts: dict[str, Counter] = {}
    for r in records:
        counts.setdefault(_clean(r.get("service")) or "ไม่ระบุงานบริการ", Counter())[_channel(r.get("channel"))] += 1
    rows = [ServiceRow(name, c["walk_in"], c["e_service"]) for name, c in counts.items()]
    rows.sort(key=lambda r: (-r.total, thai.thai_sort_key(r.name)))
    return ServiceSummary(rows, "records")

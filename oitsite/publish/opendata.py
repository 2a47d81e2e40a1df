"""Open-data exports: CSV and JSON of any list field of any topic, and OCDS for procurement.

Everything is schema-driven (oitsite/catalogs/topics/*.yaml) and deterministic: the same data
gives the same bytes (no clock, no random ids).

* CSV: UTF-8 with BOM (so Excel shows Thai), CRLF line ends, one header row of the schema's Thai
  titles, every column of the schema in schema order, dates as ISO ``YYYY-MM-DD`` (Gregorian),
  amounts as plain numbers (``1234.50``), choices as their Thai labels.
* JSON: ``{"topic", "field", "fiscal_year", "fields": [...], "records": [...]}`` with the same
  values typed (numbers, booleans, ISO dates, choice keys).
* OCDS 1.1 release package (https://standard.open-contracting.org/1.1/): one release per
  procurement record, with planning.budget, tender (reference price, method), award (supplier,
  price) and contract (signature date, period).

Supplier identifiers: a 13-digit Thai tax id of a juristic person registered with the Department
of Business Development (starts with 0, but not 099…) uses the org-id.guide scheme ``TH-DBD``;
other ids (government bodies, foundations, natural persons) use ``TH-TIN`` — a local scheme name
for the Revenue Department's 13-digit taxpayer id, which org-id.guide does not list yet.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from typing import Any, Iterable

from oitsite import thai
from oitsite.model.fieldtypes import json_number, json_record
from oitsite.model.schema import FieldDef, TopicDef, load_topics
from oitsite.model.summaries import as_date, as_decimal, method_ocds

#: Written as \\u escapes in every JSON file of the site: no ``<script``, ``</script>`` or ``<!--``
#: can appear in one (or in a script that embeds it), whatever the data holds. JSON only has them
#: inside strings, so the document reads back the same.
_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def safe_json(value: Any, **kw: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, **kw)`` that is also safe inside HTML/JavaScript."""
    text = json.dumps(value, ensure_ascii=False, **kw)
    for ch, esc in _JSON_ESCAPES:
        text = text.replace(ch, esc)
    return text

OCDS_VERSION = "1.1"
CURRENCY = "THB"
SCHEME_DBD = "TH-DBD"
SCHEME_TIN = "TH-TIN"
THAI_TZ = "+07:00"


def topic_def(topic_id: str) -> TopicDef:
    topics = load_topics()
    if topic_id not in topics:
        raise KeyError(f"unknown topic {topic_id!r}")
    return topics[topic_id]




def _list_def(topic_id: str, field: str) -> FieldDef:
    fd = topic_def(topic_id).fields.get(field)
    if fd is None or not fd.is_list:
        raise KeyError(f"{topic_id}.{field} is not a list field")
    return fd


# ---------------------------------------------------------------------------------------------
# Values


def csv_value(fd: FieldDef, v: Any) -> str:
    """A value as CSV text: ISO dates, plain numbers (1234.50), Thai choice labels, ใช่/ไม่ใช่."""
    return "" if v is None or v == "" else fd.ftype.csv(fd, v)


# ---------------------------------------------------------------------------------------------
# CSV / JSON


def table(topic_id: str, field: str, records: Iterable[dict]) -> tuple[list[str], list[list[str]]]:
    """(Thai headers, rows of text) of a list field: every schema column, in schema order."""
    fd = _list_def(topic_id, field)
    headers = [sub.title for sub in fd.fields.values()]
    rows = [[csv_value(sub, rec.get(name)) for name, sub in fd.fields.items()] for rec in records if isinstance(rec, dict)]
    return headers, rows


#: Field types whose CSV text the code formats itself as a number (1234.50, 12, -3): kept as is.
NUMERIC_TYPES = {"int", "number", "baht", "fiscal_year"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(cell: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (OWASP CSV injection): a cell
    beginning with = + - @ Tab or CR gets a leading apostrophe. JSON downloads keep raw values."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell


def to_csv(topic_id: str, field: str, records: Iterable[dict]) -> bytes:
    headers, rows = table(topic_id, field, records)
    numeric = [sub.type in NUMERIC_TYPES for sub in _list_def(topic_id, field).fields.values()]
    rows = [[cell if num else csv_safe(cell) for cell, num in zip(row, numeric, strict=True)] for row in rows]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in headers])
    writer.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_json(topic_id: str, field: str, records: Iterable[dict], *, fiscal_year: int | None = None,
            agency: str | None = None) -> bytes:
    tdef = topic_def(topic_id)
    fd = _list_def(topic_id, field)
    recs = [json_record(fd, r) for r in records if isinstance(r, dict)]
    doc: dict[str, Any] = {
        "topic": topic_id,
        "title": tdef.title,
        "field": field,
        "field_title": fd.title,
        "fiscal_year": fiscal_year,
        "agency": agency,
        "fields": [
            {"key": name, "title": sub.title, "type": sub.type, **({"options": sub.options} if sub.options else {})}
            for name, sub in fd.fields.items()
        ],
        "count": len(recs),
        "records": recs,
    }
    return (safe_json(doc, separators=(",", ":")) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# OCDS


def supplier_scheme(tax_id: str) -> str:
    return SCHEME_DBD if tax_id.startswith("0") and not tax_id.startswith("099") else SCHEME_TIN


def _hash(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def _datetime(d: dt.date) -> str:
    return f"{d.isoformat()}T00:00:00{THAI_TZ}"


def _value(amount: Any) -> dict | None:
    n = json_number(amount)
    return {"amount": n, "currency": CURRENCY} if n is not None else None


def _contract_status(status: Any) -> str | None:
    s = str(status or "")
    if "ยกเลิก" in s:
        return "cancelled"
    if any(w in s for w in ("แล้วเสร็จ", "เสร็จสิ้น", "สิ้นสุด", "ส่งมอบแล้ว", "ตรวจรับแล้ว")):
        return "terminated"
    if any(w in s for w in ("ระหว่าง", "ลงนาม", "ทำสัญญา")):
        return "active"
    return None


def _local_id(rec: dict, fiscal_year: int | None) -> str:
    pid = str(rec.get("project_id") or "").strip()
    if pid:
        return thai.to_arabic_digits(pid).replace(" ", "")
    d = as_date(rec.get("contract_date"))
    return f"{fiscal_year or 'x'}-" + _hash(rec.get("name"), d, rec.get("vendor_name"), as_decimal(rec.get("contract_price")))


def published_date(records: list[dict], fiscal_year: int | None, as_of: Any = None) -> str:
    """Deterministic package date: ``as_of``, else the latest contract date, else fiscal-year end."""
    d = as_date(as_of)
    if d is None:
        dates = [x for r in records if (x := as_date(r.get("contract_date")))]
        d = max(dates) if dates else None
    if d is None and fiscal_year:
        d = thai.fiscal_year_range(fiscal_year)[1]
    return _datetime(d or dt.date(1970, 1, 1))


def ocds_release(rec: dict, *, ocid_prefix: str, buyer: dict, fiscal_year: int | None, seq: int,
                 default_date: str) -> dict:
    local = _local_id(rec, fiscal_year)
    ocid = f"{ocid_prefix}-{local}"
    name = str(rec.get("name") or "")
    signed = as_date(rec.get("contract_date"))
    end = as_date(rec.get("contract_end"))
    parties: list[dict] = [{"id": buyer["id"], "name": buyer["name"], "roles": ["buyer", "procuringEntity"]}]
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{local}-{seq}",
        "date": _datetime(signed) if signed else default_date,
        "tag": ["tender"],
        "initiationType": "tender",
        "language": "th",
        "parties": parties,
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
    }
    budget: dict[str, Any] = {}
    if (v := _value(rec.get("budget"))) is not None:
        budget["amount"] = v
    if rec.get("source"):
        budget["description"] = str(rec["source"])
    if rec.get("project_id"):
        budget["projectID"] = local
    if budget:
        release["planning"] = {"budget": budget}
    tender: dict[str, Any] = {"id": f"{local}-tender-{seq}", "title": name}
    if rec.get("method"):
        if (m := method_ocds(rec["method"])) is not None:
            tender["procurementMethod"] = m
        tender["procurementMethodDetails"] = str(rec["method"])
    if (v := _value(rec.get("reference_price"))) is not None:
        tender["value"] = v
    release["tender"] = tender

    supplier: dict[str, Any] | None = None
    vendor = str(rec.get("vendor_name") or "").strip()
    tax_id = str(rec.get("vendor_tax_id") or "").strip()
    if vendor or tax_id:
        scheme = supplier_scheme(tax_id) if tax_id else None
        sid = f"{scheme}-{tax_id}" if tax_id else f"supplier-{_hash(vendor)}"
        supplier = {"id": sid, "name": vendor or tax_id}
        party: dict[str, Any] = {"id": sid, "name": vendor or tax_id, "roles": ["supplier"]}
        if tax_id:
            party["identifier"] = {"scheme": scheme, "id": tax_id, **({"legalName": vendor} if vendor else {})}
        parties.append(party)
    price = _value(rec.get("contract_price"))
    if supplier is not None or price is not None:
        award: dict[str, Any] = {"id": f"{local}-award-{seq}", "title": name, "status": "active"}
        if price is not None:
            award["value"] = price
        if supplier is not None:
            award["suppliers"] = [supplier]
        if signed:
            award["date"] = _datetime(signed)
        release["awards"] = [award]
        release["tag"].append("award")
        if signed or end or price is not None:
            contract: dict[str, Any] = {"id": f"{local}-contract-{seq}", "awardID": award["id"], "title": name}
            if rec.get("contract_no"):
                contract["description"] = f"เลขที่สัญญาหรือข้อตกลง {rec['contract_no']}"
            if (cs := _contract_status(rec.get("status"))) is not None:
                contract["status"] = cs
            if price is not None:
                contract["value"] = price
            if signed:
                contract["dateSigned"] = _datetime(signed)
            if signed or end:
                contract["period"] = {**({"startDate": _datetime(signed)} if signed else {}),
                                      **({"endDate": _datetime(end)} if end else {})}
            release["contracts"] = [contract]
            release["tag"].append("contract")
    return release


def ocds_package(records: Iterable[dict], *, agency_name: str, agency_id: str, fiscal_year: int | None,
                 ocid_prefix: str, uri: str | None = None, as_of: Any = None,
                 license_url: str | None = None) -> dict:
    """An OCDS 1.1 release package with one release per record (records in the given order)."""
    recs = [r for r in records if isinstance(r, dict)]
    date = published_date(recs, fiscal_year, as_of)
    buyer = {"id": agency_id, "name": agency_name}
    seqs: dict[str, int] = {}
    releases = []
    for rec in recs:
        local = _local_id(rec, fiscal_year)
        seqs[local] = seqs.get(local, 0) + 1
        releases.append(ocds_release(rec, ocid_prefix=ocid_prefix, buyer=buyer, fiscal_year=fiscal_year,
                                     seq=seqs[local], default_date=date))
    package: dict[str, Any] = {
        "uri": uri or f"urn:oitsite:{agency_id}:procurement:{fiscal_year or 'all'}",
        "version": OCDS_VERSION,
        "publishedDate": date,
        "publisher": {"name": agency_name},
    }
    if license_url:
        package["license"] = license_url
    package["releases"] = releases
    return package


def ocds_json(records: Iterable[dict], **kw: Any) -> bytes:
    return (safe_json(ocds_package(records, **kw), separators=(",", ":")) + "\n").encode("utf-8")


def default_ocid_prefix(slug: str) -> str:
    """Used when agency.yaml names no registered prefix: ``ocds-oitsite-<slug>``."""
    return f"ocds-oitsite-{slug}"

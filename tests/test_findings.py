"""Findings carry their location as data (file, line, column, data path, sheet/row/col), and
``--format json`` exposes every one of them as a field: a tool never has to parse Thai."""

from __future__ import annotations

import json

from minimal_agency import make_agency

from oitsite.cli import main
from oitsite.findings import Code, Finding, data_path, dedupe


def test_data_path_reads_as_tools_address_it():
    assert data_path("procurement", ("records", 12, "price")) == "procurement.records[12].price"
    assert data_path("contact", ()) == "contact"


def test_a_schema_error_carries_file_line_and_data_path(tmp_path, capsys):
    agency = make_agency(tmp_path)
    p = agency / "data" / "contact.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("email: saraban@thotsop.example", "email: not-an-email"),
                 encoding="utf-8")
    assert main(["check", str(agency), "--format", "json"]) == 1
    found = [f for f in json.loads(capsys.readouterr().out) if f["code"] == Code.BAD_EMAIL.value]
    assert found, "a bad e-mail is reported"
    f = found[0]
    assert f["file"].endswith("data/contact.yaml") and f["line"] and f["path"] == "contact.email"
    assert {"sheet", "row", "col", "column", "items", "fix_th", "message_en"} <= set(f)


def test_a_cell_is_shown_from_its_fields_not_written_into_the_text():
    f = Finding(Code.BAD_AMOUNT, "จำนวนเงินไม่ถูกต้อง", file="ผลจัดซื้อ.xlsx", sheet="สขร.1", row=12, col="G")
    assert f.as_dict()["row"] == 12 and f.as_dict()["col"] == "G"
    assert "(ชีต สขร.1 แถว 12 คอลัมน์ G)" in f.format() and "แถว" not in f.message_th


def test_dedupe_keeps_order_and_distinguishes_locations():
    a = Finding(Code.BAD_DATE, "x", file="a.yaml", line=3)
    b = Finding(Code.BAD_DATE, "x", file="a.yaml", line=4)
    assert dedupe([a, b, a]) == [a, b]

"""oitsite import procurement (issue #5): messy workbooks, the สขร.1 form, errors that name the
cell, nothing written on errors, idempotent re-import."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from oitsite import thai
from oitsite.authoring.importer import (
    detect_header,
    import_procurement,
    match_header,
    split_contract,
    split_winner,
)
from oitsite.cli import main
from oitsite.findings import Code
from oitsite.model.schema import load_topics, validate_data

CRITERIA = ["งานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง",
            "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
            "เลขประจำตัวผู้เสียภาษี/เลขประจำตัวประชาชน", "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการ",
            "วันที่ลงนามในสัญญา", "วันสิ้นสุดสัญญา"]


def tid(first12: str) -> str:
    return first12 + str(thai.thai_id_check_digit(first12))


COMPANY = tid("010555607598")  # juristic person: starts with 0
PERSON = tid("310070071621")


def messy_workbook(path: Path, rows: list[list] | None = None) -> Path:
    """Merged title rows, a header with line breaks/odd spaces/numbering/missing "(บาท)", a
    numbering row, Thai digits, BE text dates, Excel dates and serials, commas, a totals row,
    a signature line, and an extra notes sheet without a header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ผลการจัดซื้อ 2567"
    ws.append(["แบบรายงานผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"])
    ws.merge_cells("A1:L1")
    ws.append(["องค์การบริหารส่วนตำบลทดสอบ  อำเภอเมือง"])
    ws.merge_cells("A2:L2")
    ws.append([])
    ws.append(["(๑) งานที่ซื้อ\nหรือจ้าง", "วงเงินงบประมาณ  ที่ได้รับ\nจัดสรร", " แหล่งที่มาของงบประมาณ ", "สถานะการจัดซื้อจัดจ้าง",
               "วิธีการจัดซื้อ จัดจ้าง", "ราคากลาง", "ราคาที่ตกลงซื้อหรือจ้าง  ( บาท )",
               "เลขประจำตัวผู้เสียภาษี / เลขประจำตัวประชาชน", "รายชื่อผู้ประกอบการ\nที่ได้รับการคัดเลือก", "เลขที่โครงการ",
               "วันที่ลงนาม ในสัญญา", "วันสิ้นสุด สัญญา"])
    ws.append([f"({n})" for n in range(1, 13)])
    for row in rows if rows is not None else [
        ["จัดซื้อวัสดุสำนักงาน\nกองคลัง", "๑๒,๐๐๐", "ข้อบัญญัติ", "ดำเนินการแล้วเสร็จ", "เฉพาะเจาะจง", 12000, "11,500.50",
         thai.to_thai_digits(COMPANY), "ร้าน ก การค้า", "๖๗๐๑๙๑๒๓๔๕๖", dt.datetime(2023, 11, 15), "15/12/2566"],
        ["ก่อสร้างถนน คสล. หมู่ที่ ๓", 2500000, "เงินอุดหนุนเฉพาะกิจ", "อยู่ระหว่างดำเนินการ", "e-bidding", "2,480,000.00",
         2390000, int(COMPANY), "หจก. ข ก่อสร้าง", 67019876543, "๓ มกราคม ๒๕๖๗", 45500],
        ["จ้างเหมาทำความสะอาด", "36,000 บาท", "ข้อบัญญัติ", "ลงนามในสัญญาแล้ว", "วิธีเฉพาะเจาะจง", "36,000.-", "35,000",
         PERSON, "นาย ค ขยัน", None, "1 ต.ค. 2566", "30 กันยายน 2567"],
    ]:
        ws.append(row)
    ws.append(["รวม", 2548000, None, None, None, None, 2436500.5])
    ws.append(["ลงชื่อ ................................ ผู้จัดทำ"])
    notes = wb.create_sheet("หมายเหตุ")
    notes.append(["ข้อมูลจากระบบ e-GP"])
    wb.save(path)
    return path


def load_out(agency: Path, year: int = 2567) -> dict:
    return yaml.safe_load((agency / "data" / str(year) / "procurement.yaml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------


def test_header_matching_is_tolerant():
    assert match_header("วงเงินงบประมาณ\nที่ได้รับจัดสรร  (บาท)")[0] == "budget"
    assert match_header("(๗) ราคาที่ตกลงซื้อหรือจ้าง")[0] == "contract_price"
    assert match_header("เลขประจำตัวผู้เสียภาษี/เลขประจำตัวประชาชนของผู้ประกอบการที่ได้รับการคัดเลือก")[0] == "vendor_tax_id"
    assert match_header("ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง")[0] == "_winner"
    assert match_header("ลําดับที่")[0] == "_seq"  # นิคหิต + สระอา as PDF copies write it
    assert match_header("หมายเหตุ") is None
    found = detect_header([["ชื่อเรื่อง"], [], CRITERIA])
    assert found is not None and found[0] == 2
    assert [c.target for c in found[2]] == ["name", "budget", "source", "status", "method", "reference_price",
                                            "contract_price", "vendor_tax_id", "vendor_name", "project_id",
                                            "contract_date", "contract_end"]


def test_messy_workbook_imports(tmp_path: Path, agency: Path):
    res = import_procurement(messy_workbook(tmp_path / "messy.xlsx"), agency, 2567)
    assert res.ok and res.written, res.format_text()
    assert res.layout == "criteria" and res.sheets == ["ผลการจัดซื้อ 2567"]
    data = load_out(agency)
    recs = data["records"]
    assert len(recs) == 3  # totals row, signature and notes sheet ignored
    by_name = {r["name"]: r for r in recs}
    a = by_name["จัดซื้อวัสดุสำนักงาน กองคลัง"]  # line break in the cell collapsed
    assert a["budget"] == 12000 and a["contract_price"] == 11500.5
    assert a["vendor_tax_id"] == COMPANY and a["project_id"] == "67019123456"
    assert a["contract_date"] == dt.date(2023, 11, 15) and a["contract_end"] == dt.date(2023, 12, 15)
    b = by_name["ก่อสร้างถนน คสล. หมู่ที่ ๓"]
    assert b["vendor_tax_id"] == COMPANY  # numeric cell lost its leading 0: restored
    assert b["project_id"] == "67019876543" and b["reference_price"] == 2480000
    assert b["contract_date"] == dt.date(2024, 1, 3)
    assert b["contract_end"] == dt.date(1899, 12, 30) + dt.timedelta(days=45500)  # Excel serial
    c = by_name["จ้างเหมาทำความสะอาด"]
    assert c["budget"] == 36000 and c["reference_price"] == 36000 and "project_id" not in c
    assert c["contract_date"] == dt.date(2023, 10, 1) and c["contract_end"] == dt.date(2024, 9, 30)
    # ordered by contract date; ids quoted so no YAML reader turns them into numbers
    assert [r["contract_date"] for r in recs] == sorted(r["contract_date"] for r in recs)
    text = (agency / "data" / "2567" / "procurement.yaml").read_text(encoding="utf-8")
    assert f"vendor_tax_id: '{COMPANY}'" in text
    # the written file validates against the topic schema
    clean, problems = validate_data(load_topics()["procurement"], data)
    assert problems == [] and clean["records"][0]["budget"] == Decimal("36000.00")


def test_reimport_is_byte_identical_and_replaces(tmp_path: Path, agency: Path):
    src = messy_workbook(tmp_path / "messy.xlsx")
    assert import_procurement(src, agency, "๒๕๖๗").written
    out = agency / "data" / "2567" / "procurement.yaml"
    first = out.read_bytes()
    res = import_procurement(src, agency, 2567)
    assert res.written and out.read_bytes() == first
    assert (res.added, res.replaced, res.kept) == (0, 3, 0)

    # the editor adds notes and a hand-written record; a corrected workbook replaces by project id
    data = yaml.safe_load(first)
    data["problems"] = "งบประมาณล่าช้า"
    data["records"].append({"name": "ซื้อหนังสือพิมพ์", "contract_price": 1200, "contract_date": "2567-02-01"})
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rows = [
        ["จัดซื้อวัสดุสำนักงาน กองคลัง", 12000, "ข้อบัญญัติ", "ดำเนินการแล้วเสร็จ", "เฉพาะเจาะจง", 12000, 11900,
         COMPANY, "ร้าน ก การค้า", "67019123456", dt.date(2023, 11, 15), dt.date(2023, 12, 15)],
    ]
    res = import_procurement(messy_workbook(tmp_path / "fix.xlsx", rows), agency, 2567)
    assert res.written and (res.added, res.replaced, res.kept) == (0, 1, 3)
    data = load_out(agency)
    assert data["problems"] == "งบประมาณล่าช้า"
    assert len(data["records"]) == 4
    fixed = [r for r in data["records"] if r.get("project_id") == "67019123456"]
    assert len(fixed) == 1 and fixed[0]["contract_price"] == 11900
    assert any(r["name"] == "ซื้อหนังสือพิมพ์" for r in data["records"])


def test_bad_workbook_names_sheet_row_column_and_writes_nothing(tmp_path: Path, agency: Path):
    rows = [
        ["ซื้อวัสดุ", "1,000", "ข้อบัญญัติ", "แล้วเสร็จ", "เฉพาะเจาะจง", 1000, 900, "0105556075981",  # bad checksum
         "ร้าน ก", "67019000001", "31 กุมภาพันธ์ 2567", "2024-03-31"],
        ["ซื้อน้ำมัน", "หนึ่งพันบาท", "ข้อบัญญัติ", "แล้วเสร็จ", "เฉพาะเจาะจง", 1000, 900, COMPANY,  # amount in words
         "ร้าน ข", "67019000002", "1/3/2567", "ยังไม่กำหนด"],
        [None, 5000, "ข้อบัญญัติ", None, None, None, 4900],  # data without a name
    ]
    res = import_procurement(messy_workbook(tmp_path / "bad.xlsx", rows), agency, 2567)
    assert not res.written and not res.ok
    assert not (agency / "data" / "2567" / "procurement.yaml").exists()
    errors = {(f.code, f.row, f.col): f for f in res.errors}
    sheet = "ผลการจัดซื้อ 2567"
    assert all(f.sheet == sheet for f in errors.values())
    taxid = errors[(Code.BAD_TAXID, 6, "H")]
    assert "แถว 6" not in taxid.message_th  # the cell is data on the finding, not text in the message
    assert taxid.message_th.startswith("เลขประจำตัวผู้เสียภาษี / เลขประจำตัวประชาชน: ")
    assert "หลักสุดท้าย" in taxid.message_th and taxid.fix_th
    assert errors[(Code.BAD_DATE, 6, "K")].message_th
    assert errors[(Code.BAD_AMOUNT, 7, "B")].message_th
    assert errors[(Code.BAD_DATE, 7, "L")].message_th.startswith("วันสิ้นสุด สัญญา: ")
    assert "ไม่มีชื่องาน" in errors[(Code.IMPORT_ERROR, 8, "A")].message_th
    src = tmp_path / "bad.xlsx"
    assert all(f.file == str(src) for f in res.errors)
    assert taxid.as_dict()["sheet"] == sheet and taxid.as_dict()["row"] == 6 and taxid.as_dict()["col"] == "H"
    text = res.format_text()
    assert "ยังไม่ได้บันทึกไฟล์" in text and f"{src}: ผิดพลาด oit.bad-taxid (ชีต {sheet} แถว 6 คอลัมน์ H)" in text


def test_force_writes_and_leaves_bad_cells_empty(tmp_path: Path, agency: Path):
    rows = [["ซื้อวัสดุ", "1,000", "ข้อบัญญัติ", "แล้วเสร็จ", "เฉพาะเจาะจง", 1000, 900, "0105556075981",
             "ร้าน ก", "67019000001", "31 กุมภาพันธ์ 2567", "2024-03-31"]]
    res = import_procurement(messy_workbook(tmp_path / "bad.xlsx", rows), agency, 2567, force=True)
    assert res.written and res.ok
    assert {f.code for f in res.findings if f.severity == "warning"} >= {Code.BAD_TAXID, Code.BAD_DATE}
    rec = load_out(agency)["records"][0]
    assert "vendor_tax_id" not in rec and "contract_date" not in rec
    assert rec["contract_end"] == dt.date(2024, 3, 31) and rec["contract_price"] == 900


def test_missing_required_column_is_an_error(tmp_path: Path, agency: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["งานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)"])
    ws.append(["ซื้อวัสดุ", 1000, "เฉพาะเจาะจง", 1000])
    wb.save(tmp_path / "nocol.xlsx")
    res = import_procurement(tmp_path / "nocol.xlsx", agency, 2567)
    assert not res.written
    assert any("ราคาที่ตกลงซื้อหรือจ้าง" in f.message_th and f.severity == "error" for f in res.findings)
    # a file without any recognisable header says what the header must contain
    ws.delete_rows(1)
    wb.save(tmp_path / "nohead.xlsx")
    res = import_procurement(tmp_path / "nohead.xlsx", agency, 2567)
    assert not res.written and "ไม่พบแถวหัวตาราง" in res.errors[0].message_th


def test_missing_criteria_columns_and_empty_cells_are_warnings(tmp_path: Path, agency: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["งานที่ซื้อหรือจ้าง", "วิธีการจัดซื้อจัดจ้าง", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)", "วันที่ลงนามในสัญญา"])
    ws.append(["ซื้อวัสดุ", "เฉพาะเจาะจง", 900, "1 พ.ย. 2566"])
    ws.append(["ซื้อน้ำมัน", None, 500, "2 พ.ย. 2566"])
    wb.save(tmp_path / "few.xlsx")
    res = import_procurement(tmp_path / "few.xlsx", agency, 2567)
    assert res.written
    warnings = [f.message_th for f in res.findings if f.severity == "warning"]
    assert any("ไม่มีคอลัมน์ที่เกณฑ์กำหนด 8 คอลัมน์" in w for w in warnings)
    assert any("คอลัมน์ วิธีการจัดซื้อจัดจ้าง ว่าง 1 แถว (แถว 3)" in w for w in warnings)
    empty = next(f for f in res.findings if "ว่าง 1 แถว" in f.message_th)
    assert (empty.row, empty.col) == (3, "B")


def test_dates_outside_the_fiscal_year_are_reported(tmp_path: Path, agency: Path):
    rows = [["ซื้อวัสดุ", 1000, "ข้อบัญญัติ", "แล้วเสร็จ", "เฉพาะเจาะจง", 1000, 900, COMPANY, "ร้าน ก", "1",
             "1 ต.ค. 2567", None]]
    res = import_procurement(messy_workbook(tmp_path / "late.xlsx", rows), agency, 2567)
    assert res.written
    assert any(f.code is Code.STALE_PERIOD for f in res.findings)


def test_csv_in_windows_874_and_utf8_bom(tmp_path: Path, agency: Path):
    header = ",".join(f'"{h}"' for h in CRITERIA)
    line = f'"ซื้อวัสดุ","1,500.00","ข้อบัญญัติ","แล้วเสร็จ","เฉพาะเจาะจง","1,500","1,450.25","{COMPANY}","ร้าน ก","670190001","5/11/2566","5/12/2566"'
    for enc, name in (("cp874", "tis.csv"), ("utf-8-sig", "bom.csv")):
        path = tmp_path / name
        path.write_bytes(("รายงาน\r\n" + header + "\r\n" + line + "\r\n").encode(enc))
        res = import_procurement(path, agency, 2567, replace=True)
        assert res.written, res.format_text()
        rec = load_out(agency)["records"][0]
        assert rec["contract_price"] == 1450.25 and rec["contract_date"] == dt.date(2023, 11, 5)
        assert rec["vendor_tax_id"] == COMPANY


def skr1_workbook(path: Path) -> Path:
    """Two monthly สขร.1 sheets: one header row; and a merged group header over sub-columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ต.ค. 66"
    ws.append(["แบบ สขร.1"])
    ws.append(["สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม 2566"])
    ws.append(["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง (บาท)", "ราคากลาง (บาท)", "วิธีซื้อหรือจ้าง",
               "รายชื่อผู้เสนอราคาและราคาที่เสนอ", "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", "เหตุผลที่คัดเลือกโดยสังเขป",
               "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง"])
    ws.append([1, "จัดซื้อน้ำดื่ม", "5,000", "5,000", "เฉพาะเจาะจง", "ร้านน้ำใส / 4,800 บาท", "ร้านน้ำใส / 4,800.00 บาท",
               "ราคาต่ำสุด", "1/2567 ลว. 2 ต.ค. 66"])
    ws.append([2, "จ้างซ่อมรถยนต์", "๒๐,๐๐๐", "19,500", "เฉพาะเจาะจง", "อู่ช่างเอ 19,000 บาท\nอู่ช่างบี 19,400 บาท",
               f"อู่ช่างเอ เลขประจำตัวผู้เสียภาษี {COMPANY}\nราคาที่ตกลง 19,000.- บาท", "เป็นผู้มีอาชีพรับจ้าง",
               "ใบสั่งจ้างเลขที่ 5/2567 ลงวันที่ 15 ตุลาคม 2566"])
    ws2 = wb.create_sheet("พ.ย. 66")
    ws2.append(["ลำดับ", "งานจัดซื้อจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง", "ราคากลาง", "วิธีซื้อ/จ้าง",
                "รายชื่อผู้เสนอราคาและราคาที่เสนอ", None, "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", None,
                "เหตุผลที่คัดเลือกโดยสรุป", "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง", None])
    ws2.append([None, None, None, None, None, "ชื่อผู้เสนอราคา", "ราคาที่เสนอ", "ผู้ได้รับคัดเลือก", "จำนวนเงิน (บาท)", None,
                "เลขที่", "วันที่"])
    ws2.append([1, "ซื้อวัสดุคอมพิวเตอร์", 30000, 30000, "เฉพาะเจาะจง", "บ. คอมพ์ดี จำกัด", 29500, "บ. คอมพ์ดี จำกัด", 29500,
                "ราคาต่ำสุด", "10/2567", "3/11/2566"])
    ws2.append([None, "ไม่มีการจัดซื้อจัดจ้างเพิ่มเติม"])
    wb.save(path)
    return path


def test_skr1_monthly_form(tmp_path: Path, agency: Path):
    src = skr1_workbook(tmp_path / "skr1.xlsx")
    refused = import_procurement(src, agency, 2567)  # two sheets with a header: the editor chooses
    assert not refused.written and [f.code for f in refused.errors] == [Code.IMPORT_SHEETS]
    assert "'ต.ค. 66', 'พ.ย. 66'" in refused.errors[0].message_th and "--sheet" in refused.errors[0].fix_th
    res = import_procurement(src, agency, 2567, sheet=["ต.ค. 66", "พ.ย. 66"])
    assert res.written, res.format_text()
    assert res.layout == "skr1" and res.sheets == ["ต.ค. 66", "พ.ย. 66"]
    # the form has no tax-id/status/source/project-id columns: a warning, not an error
    assert any("ไม่มีคอลัมน์ที่เกณฑ์กำหนด" in f.message_th and f.severity == "warning" for f in res.findings)
    recs = {r["name"]: r for r in load_out(agency)["records"]}
    water = recs["จัดซื้อน้ำดื่ม"]
    assert (water["vendor_name"], water["contract_price"], water["budget"]) == ("ร้านน้ำใส", 4800, 5000)
    assert water["contract_no"] == "1/2567" and water["contract_date"] == dt.date(2023, 10, 2)  # "66" read as 2566
    assert water["selection_reason"] == "ราคาต่ำสุด"
    car = recs["จ้างซ่อมรถยนต์"]
    assert car["vendor_name"] == "อู่ช่างเอ" and car["vendor_tax_id"] == COMPANY and car["contract_price"] == 19000
    assert car["bidders"] == "อู่ช่างเอ 19,000 บาท\nอู่ช่างบี 19,400 บาท"
    assert car["contract_no"] == "ใบสั่งจ้างเลขที่ 5/2567" and car["contract_date"] == dt.date(2023, 10, 15)
    pc = recs["ซื้อวัสดุคอมพิวเตอร์"]
    assert (pc["vendor_name"], pc["contract_price"], pc["contract_no"]) == ("บ. คอมพ์ดี จำกัด", 29500, "10/2567")
    assert pc["contract_date"] == dt.date(2023, 11, 3) and pc["bidders"] == "บ. คอมพ์ดี จำกัด 29,500.00 บาท"
    assert len(recs) == 3


def test_split_helpers():
    assert split_winner("ร้าน ก. 5,000.00 บาท") == ("ร้าน ก.", Decimal("5000.00"), None, 1)
    assert split_winner("หจก. ข / ๑๒,๕๐๐.- บาท")[:2] == ("หจก. ข", Decimal("12500.00"))
    assert split_winner("ร้าน ค")[:2] == ("ร้าน ค", None)
    assert split_contract("สัญญาเลขที่ 12/2567 ลงวันที่ 3 มกราคม 2567") == ("สัญญาเลขที่ 12/2567", "3 มกราคม 2567")
    assert split_contract("ใบสั่งซื้อ 7/2567 ลว. 05/10/2566") == ("ใบสั่งซื้อ 7/2567", "05/10/2566")
    assert split_contract("12/2567") == ("12/2567", None)


def test_cli_json_and_exit_codes(tmp_path: Path, agency: Path, capsys):
    src = messy_workbook(tmp_path / "messy.xlsx")
    assert main(["import", "procurement", str(src), "--agency", str(agency), "--fiscal-year", "2567", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["written"] and out["records_imported"] == 3 and out["errors"] == 0
    assert main(["import", "procurement", str(src), "--agency", str(agency), "--fiscal-year", "2024"]) == 1
    assert "ค.ศ." in capsys.readouterr().out
    assert main(["import", "procurement", str(tmp_path / "none.xlsx"), "--agency", str(agency), "--fiscal-year", "2567"]) == 1
    with pytest.raises(SystemExit):
        main(["import", "procurement", str(src)])  # --agency and --fiscal-year are required


def test_oitsite_import_command_is_registered(tmp_path: Path, agency: Path, capsys):
    from oitsite.cli import main

    src = messy_workbook(tmp_path / "messy.xlsx")
    assert main(["import", "procurement", str(src), "--agency", str(agency), "--fiscal-year", "2567"]) == 0
    assert "นำเข้าแล้ว 3 รายการ" in capsys.readouterr().out
    assert len(load_out(agency)["records"]) == 3


def test_written_file_stays_readable(tmp_path: Path, agency: Path):
    out = agency / "data" / "2567" / "procurement.yaml"
    assert import_procurement(messy_workbook(tmp_path / "m.xlsx"), agency, 2567).written
    umask = os.umask(0o022)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # as a plain new file, not mkstemp's 0600
    out.chmod(0o640)
    assert import_procurement(messy_workbook(tmp_path / "m.xlsx"), agency, 2567).written
    assert out.stat().st_mode & 0o777 == 0o640  # a re-import keeps the file's mode


def test_output_over_the_data_file_limit_is_refused(tmp_path: Path, agency: Path, monkeypatch):
    from oitsite.load import yamlsrc

    monkeypatch.setattr(yamlsrc, "MAX_YAML_BYTES", 1500)
    res = import_procurement(messy_workbook(tmp_path / "m.xlsx"), agency, 2567)
    assert not res.written
    assert [f.code for f in res.errors] == [Code.FILE_TOO_LARGE]
    assert "MB" in res.errors[0].message_th
    assert not (agency / "data" / "2567" / "procurement.yaml").exists()

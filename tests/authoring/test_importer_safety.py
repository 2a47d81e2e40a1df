"""oitsite import procurement with hostile or broken input (the safety issue): every case is a Thai
finding with a code, the imported file and where possible the sheet/row/column, exit 1 from the
command, never a traceback; nothing is written outside the agency folder.

The malicious workbooks are made here with openpyxl/zipfile (no binary fixtures)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oitsite import thai
from oitsite.authoring import importer
from oitsite.authoring.importer import import_procurement, read, records, to_date
from oitsite.cli import main
from oitsite.findings import Code, Finding
from oitsite.model.schema import load_topics, validate_data

THAI = re.compile(r"[\u0e01-\u0e5b]")
CRITERIA = ["งานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง",
            "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
            "เลขประจำตัวผู้เสียภาษี/เลขประจำตัวประชาชน", "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการ",
            "วันที่ลงนามในสัญญา", "วันสิ้นสุดสัญญา"]
COMPANY = "010555607598" + str(thai.thai_id_check_digit("010555607598"))


def row(name: str = "ซื้อวัสดุ", pid: str = "67019000001", date: object = "1 พ.ย. 2566", vendor: str = "ร้าน ก") -> list:
    return [name, 1000, "ข้อบัญญัติ", "แล้วเสร็จ", "เฉพาะเจาะจง", 1000, 900, COMPANY, vendor, pid, date, "30/11/2566"]


def workbook(path: Path, rows: list[list] | None = None, *, title: str = "ผลการจัดซื้อ") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(CRITERIA)
    for r in rows if rows is not None else [row()]:
        ws.append(r)
    wb.save(path)
    return path


def xlsx_bytes(rows: list[list] | None = None) -> bytes:
    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(CRITERIA)
    for r in rows if rows is not None else [row()]:
        ws.append(r)
    wb.save(buf)
    return buf.getvalue()


def out_file(agency: Path, year: int = 2567) -> Path:
    return agency / "data" / str(year) / "procurement.yaml"


def refused(res: importer.ImportResult, code: Code, src: Path) -> Finding:
    """The import wrote nothing and reported ``code`` in Thai, naming the imported file."""
    assert not res.written, res.format_text()
    hits = [f for f in res.errors if f.code == code]
    assert hits, res.format_text()
    for f in res.findings:
        assert THAI.search(f.message_th) and f.file == str(src), f
    return hits[0]


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """The file must be refused before openpyxl opens it."""

    def boom(*a, **k):
        raise AssertionError("openpyxl.load_workbook was called")

    monkeypatch.setattr(openpyxl, "load_workbook", boom)


# --------------------------------------------------------------------------------------------- not a real .xlsx


def test_renamed_text_file_is_refused(tmp_path: Path, agency: Path, no_openpyxl):
    src = tmp_path / "data.xlsx"
    src.write_text(",".join(CRITERIA) + "\nซื้อวัสดุ,1000\n", encoding="utf-8")
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_BAD_FILE, src)
    assert "ไฟล์ข้อความ" in f.message_th and ".csv" in f.fix_th
    assert not out_file(agency).exists()


def test_random_bytes_and_empty_file_are_refused(tmp_path: Path, agency: Path, no_openpyxl):
    src = tmp_path / "noise.xlsx"
    src.write_bytes(bytes(range(256)) * 4)
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_BAD_FILE, src)
    assert "ไม่ใช่ไฟล์ Excel" in f.message_th
    src.write_bytes(b"")
    assert "ไฟล์ว่าง" in refused(import_procurement(src, agency, 2567), Code.IMPORT_BAD_FILE, src).message_th


def test_truncated_zip_is_refused(tmp_path: Path, agency: Path, no_openpyxl):
    src = tmp_path / "half.xlsx"
    src.write_bytes(xlsx_bytes()[:1500])
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_BAD_FILE, src)
    assert "ไม่ครบ" in f.message_th


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path, agency: Path, no_openpyxl):
    src = tmp_path / "docs.xlsx"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    assert "zip" in refused(import_procurement(src, agency, 2567), Code.IMPORT_BAD_FILE, src).message_th


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize("name", ["old.xls", "old-renamed.xlsx"])
def test_old_xls_says_save_as_xlsx(tmp_path: Path, agency: Path, no_openpyxl, name: str):
    src = tmp_path / name
    src.write_bytes(OLE_HEADER + "Workbook".encode("utf-16-le") + b"\x00" * 2048)
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_BAD_FILE, src)
    assert ".xls" in f.message_th and "รุ่นเก่า" in f.message_th and ".xlsx" in f.fix_th


def test_encrypted_workbook_is_refused(tmp_path: Path, agency: Path, no_openpyxl):
    src = tmp_path / "secret.xlsx"
    src.write_bytes(OLE_HEADER + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
                    + "EncryptedPackage".encode("utf-16-le") + os.urandom(2048))
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_ENCRYPTED, src)
    assert "รหัสผ่าน" in f.message_th and "รหัสผ่าน" in f.fix_th


def test_unsupported_suffix(tmp_path: Path, agency: Path):
    src = tmp_path / "data.ods"
    src.write_bytes(b"PK\x03\x04")
    refused(import_procurement(src, agency, 2567), Code.IMPORT_ERROR, src)


# --------------------------------------------------------------------------------------------- decompression bombs


def _lie_about_size(path: Path, member: str, size: int) -> None:
    """Rewrite a member's declared uncompressed size (local header and central directory), as a
    real bomb's central directory reports it."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for sig, off_size, off_name_len, head in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            n = struct.unpack_from("<H", data, i + off_name_len)[0]
            if data[i + head: i + head + n] == name:
                struct.pack_into("<I", data, i + off_size, size)
            start = i + 4
    path.write_bytes(bytes(data))


def test_bomb_declaring_gigabytes_is_refused_before_openpyxl(tmp_path: Path, agency: Path, no_openpyxl):
    src = workbook(tmp_path / "bomb.xlsx")
    _lie_about_size(src, "xl/worksheets/sheet1.xml", 3_000_000_000)
    assert zipfile.ZipFile(src).getinfo("xl/worksheets/sheet1.xml").file_size == 3_000_000_000
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_TOO_LARGE, src)
    assert "ขยาย" in f.message_th


def test_highly_compressed_member_is_refused(tmp_path: Path, agency: Path, no_openpyxl):
    """A real (small) bomb: 24 MB of repeated rows that compress to a few tens of KB."""
    src = tmp_path / "ratio.xlsx"
    base = xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(base)) as zin, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</sheetData>", b'<row r="3"><c r="A3" t="inlineStr"><is><t>'
                                    + b"A" * (24 * 1024 * 1024) + b"</t></is></c></row></sheetData>")
            zout.writestr(info.filename, body)
    assert src.stat().st_size < 1_500_000
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_TOO_LARGE, src)
    assert "เท่า" in f.message_th


def test_too_many_members_is_refused(tmp_path: Path, agency: Path, no_openpyxl):
    src = tmp_path / "many.xlsx"
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as zin, zipfile.ZipFile(src, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        for i in range(read.MAX_ZIP_MEMBERS + 1):
            zout.writestr(f"xl/media/x{i}.bin", b"")
    assert "ไฟล์ย่อย" in refused(import_procurement(src, agency, 2567), Code.IMPORT_TOO_LARGE, src).message_th


def test_large_shared_strings_is_refused(tmp_path: Path, agency: Path, monkeypatch: pytest.MonkeyPatch, no_openpyxl):
    monkeypatch.setattr(read, "MAX_SHARED_STRINGS", 200)
    src = workbook(tmp_path / "strings.xlsx")
    with zipfile.ZipFile(src, "a") as zf:  # openpyxl writes inline strings: add the table Excel writes
        zf.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    + "".join(f"<si><t>งาน {i}</t></si>" for i in range(20)) + "</sst>")
    assert "sharedStrings" in refused(import_procurement(src, agency, 2567), Code.IMPORT_TOO_LARGE, src).message_th


def test_entity_declarations_are_refused(tmp_path: Path, agency: Path, no_openpyxl):
    src = tmp_path / "lol.xlsx"
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
           b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes()), "r") as zin, zipfile.ZipFile(src, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, lol if info.filename == "xl/sharedStrings.xml" else zin.read(info))
        if "xl/sharedStrings.xml" not in zin.namelist():
            zout.writestr("xl/sharedStrings.xml", lol)
    assert "ENTITY" in refused(import_procurement(src, agency, 2567), Code.IMPORT_TOO_LARGE, src).message_th


def test_row_limits_while_reading(tmp_path: Path, agency: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(records, "MAX_ROWS", 30)
    src = workbook(tmp_path / "rows.xlsx", [row(name=f"งาน {i}", pid=str(67019000000 + i)) for i in range(40)])
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_TOO_LARGE, src)
    assert (f.sheet, f.row) == ("ผลการจัดซื้อ", 32)
    monkeypatch.setattr(read, "MAX_SHEET_ROWS", 100)
    wb = openpyxl.load_workbook(workbook(tmp_path / "far.xlsx"))
    wb.active["A5000"] = "ท้ายตาราง"  # a stray cell far below: 5,000 rows to walk
    wb.save(tmp_path / "far.xlsx")
    f = refused(import_procurement(tmp_path / "far.xlsx", agency, 2567), Code.IMPORT_TOO_LARGE, tmp_path / "far.xlsx")
    assert f.sheet == "ผลการจัดซื้อ" and f.row == 101


def test_damaged_sheet_xml_is_a_finding(tmp_path: Path, agency: Path):
    src = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes()), "r") as zin, zipfile.ZipFile(src, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) - 40]  # cut inside the XML
            zout.writestr(info.filename, body)
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_BAD_FILE, src)
    assert "เสีย" in f.message_th


# --------------------------------------------------------------------------------------------- sheets


def test_hidden_sheet_rows_are_not_imported_silently(tmp_path: Path, agency: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ข้อมูล"
    ws.append(CRITERIA)
    ws.append(row())
    hidden = wb.create_sheet("ลับ")
    hidden.append(CRITERIA)
    hidden.append(row(name="รายการในชีตที่ซ่อน", pid="67019000099"))
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("ลับมาก")
    very.append(["x"])
    very.sheet_state = "veryHidden"
    wb.save(tmp_path / "hidden.xlsx")
    res = import_procurement(tmp_path / "hidden.xlsx", agency, 2567)
    assert res.written and res.sheets == ["ข้อมูล"], res.format_text()
    assert [r["name"] for r in res.records] == ["ซื้อวัสดุ"]
    notice = next(f for f in res.findings if f.code == Code.IMPORT_HIDDEN_SHEET)
    assert notice.severity == "notice" and "'ลับ', 'ลับมาก'" in notice.message_th
    assert "ชีตที่ซ่อนซึ่งมีหัวตาราง: 'ลับ'" in notice.message_th and "--sheet" in notice.fix_th
    # named explicitly, a hidden sheet is read
    res = import_procurement(tmp_path / "hidden.xlsx", agency, 2567, sheet="ลับ", replace=True)
    assert res.written and [r["name"] for r in res.records] == ["รายการในชีตที่ซ่อน"]


def test_several_visible_sheets_with_a_header_are_refused(tmp_path: Path, agency: Path, capsys):
    wb = openpyxl.Workbook()
    for i, title in enumerate(["ปี 2567", "ตัวอย่าง", "หมายเหตุ"]):
        ws = wb.active if i == 0 else wb.create_sheet(title)
        ws.title = title
        if title != "หมายเหตุ":
            ws.append(CRITERIA)
            ws.append(row(pid=f"6701900000{i}"))
    wb.save(tmp_path / "two.xlsx")
    src = tmp_path / "two.xlsx"
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_SHEETS, src)
    assert "'ปี 2567', 'ตัวอย่าง'" in f.message_th and "หมายเหตุ" not in f.message_th
    assert "--sheet ชื่อชีต" in f.fix_th
    assert not out_file(agency).exists()
    assert main(["import", "procurement", str(src), "--agency", str(agency), "--fiscal-year", "2567",
                 "--sheet", "ปี 2567"]) == 0
    assert [r["name"] for r in yaml.safe_load(out_file(agency).read_text(encoding="utf-8"))["records"]] == ["ซื้อวัสดุ"]
    assert main(["import", "procurement", str(src), "--agency", str(agency), "--fiscal-year", "2567",
                 "--sheet", "ไม่มีชีตนี้"]) == 1
    assert "ไม่พบชีต 'ไม่มีชีตนี้'" in capsys.readouterr().out


def test_chart_sheets_are_skipped(tmp_path: Path, agency: Path):
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(CRITERIA)
    ws.append(row())
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=2))
    wb.create_chartsheet("กราฟ").add_chart(chart)
    wb.save(tmp_path / "chart.xlsx")
    assert import_procurement(tmp_path / "chart.xlsx", agency, 2567).written
    src = tmp_path / "chart.xlsx"
    assert "แผนภูมิ" in refused(import_procurement(src, agency, 2567, sheet="กราฟ"), Code.IMPORT_SHEETS, src).message_th


def test_csv_cell_over_the_field_limit(tmp_path: Path, agency: Path):
    src = tmp_path / "quote.csv"
    src.write_text(",".join(CRITERIA) + '\n"ไม่ได้ปิดเครื่องหมายคำพูด' + "ก" * 140_000 + "\n", encoding="utf-8")
    f = refused(import_procurement(src, agency, 2567), Code.IMPORT_TOO_LARGE, src)
    assert f.row == 2 and "คำพูด" in f.fix_th


# --------------------------------------------------------------------------------------------- dates agree with check


DATES = [("29 ก.พ. 2566", None), ("29/02/2566", None), ("2023-02-29", None), ("31/04/2567", None),
         ("29/02/2567", dt.date(2024, 2, 29)), ("29 กุมภาพันธ์ 2567", dt.date(2024, 2, 29)),
         ("2024-02-29", dt.date(2024, 2, 29)), ("๒๙ ก.พ. ๒๕๖๗", dt.date(2024, 2, 29))]


@pytest.mark.parametrize("text,want", DATES, ids=[d[0] for d in DATES])
def test_leap_days_agree_with_check(tmp_path: Path, agency: Path, text: str, want: dt.date | None):
    # the importer's converter and the schema (what `oitsite check` runs) accept or refuse together
    record = {"name": "ซื้อวัสดุ", "contract_price": 900, "contract_date": text}
    _, problems = validate_data(load_topics()["procurement"], {"records": [record]})
    date_problems = [p for p in problems if p.code == Code.BAD_DATE]
    try:
        got = to_date(text, 2567)
    except importer.cells.CellError as exc:
        got = None
        assert exc.code == Code.BAD_DATE and date_problems and date_problems[0].message_th == exc.message_th
    else:
        assert not date_problems, date_problems
    assert got == want
    # and the import reports it on the cell, never a crash
    src = workbook(tmp_path / "d.xlsx", [row(date=text)])
    res = import_procurement(src, agency, 2567)
    if want is None:
        f = refused(res, Code.BAD_DATE, src)
        assert (f.sheet, f.row, f.col) == ("ผลการจัดซื้อ", 2, "K") and "29" in f.message_th or "31" in f.message_th
    else:
        assert res.written, res.format_text()
        assert yaml.safe_load(out_file(agency).read_text(encoding="utf-8"))["records"][0]["contract_date"] == want


# --------------------------------------------------------------------------------------------- writes outside the agency


@pytest.mark.parametrize("link", ["year", "data", "file"])
def test_symlinks_out_of_the_agency_are_refused(tmp_path: Path, agency: Path, link: str):
    outside = tmp_path / "outside"
    outside.mkdir()
    (agency / "data").mkdir()
    if link == "data":
        (agency / "data").rmdir()
        (agency / "data").symlink_to(outside, target_is_directory=True)
    elif link == "year":
        (agency / "data" / "2567").symlink_to(outside, target_is_directory=True)
    else:
        (agency / "data" / "2567").mkdir()
        (outside / "victim.yaml").write_text("records: []\n", encoding="utf-8")
        out_file(agency).symlink_to(outside / "victim.yaml")
    src = workbook(tmp_path / "ok.xlsx")
    f = refused(import_procurement(src, agency, 2567), Code.UNSAFE_PATH, src)
    assert "ลิงก์" in f.message_th
    assert sorted(p.name for p in outside.iterdir()) == ([] if link != "file" else ["victim.yaml"])
    if link == "file":
        assert (outside / "victim.yaml").read_text(encoding="utf-8") == "records: []\n"


def test_year_folder_inside_via_link_is_still_refused(tmp_path: Path, agency: Path):
    (agency / "data" / "real").mkdir(parents=True)
    (agency / "data" / "2567").symlink_to(agency / "data" / "real", target_is_directory=True)
    src = workbook(tmp_path / "ok.xlsx")
    refused(import_procurement(src, agency, 2567), Code.UNSAFE_PATH, src)


# --------------------------------------------------------------------------------------------- formula text


def test_formula_text_is_kept_and_flagged(tmp_path: Path, agency: Path):
    rows = [row(name="=HYPERLINK(\"http://x.example/\",\"คลิก\")", pid="67019000001"),
            row(name="ซื้อน้ำมัน", pid="67019000002", vendor="@SUM(1+1)"),
            row(name="+ค่าจ้าง", pid="67019000003"),
            row(name="\t=1+1 งาน", pid="67019000004"),
            row(name="ซื้อกระดาษ", pid="67019000005", vendor="-")]  # "-" is an empty mark, not a formula
    src = workbook(tmp_path / "f.xlsx", rows)
    wb = openpyxl.load_workbook(src)
    for cells in wb.active.iter_rows():
        for c in cells:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"  # text, as Excel stores '=... typed with a leading apostrophe
    wb.save(src)
    res = import_procurement(src, agency, 2567)
    assert res.written, res.format_text()
    flagged = [(f.row, f.col) for f in res.findings if f.code == Code.FORMULA_TEXT]
    assert flagged == [(2, "A"), (3, "I"), (4, "A"), (5, "A")]
    f = next(f for f in res.findings if f.code == Code.FORMULA_TEXT)
    assert f.severity == "warning" and f.sheet == "ผลการจัดซื้อ" and "สูตร" in f.message_th
    names = {r["project_id"]: r for r in yaml.safe_load(out_file(agency).read_text(encoding="utf-8"))["records"]}
    assert names["67019000001"]["name"] == "=HYPERLINK(\"http://x.example/\",\"คลิก\")"  # kept as written
    assert names["67019000002"]["vendor_name"] == "@SUM(1+1)"


def test_formula_text_in_csv(tmp_path: Path, agency: Path, capsys):
    src = tmp_path / "f.csv"
    src.write_text(",".join(CRITERIA) + "\n" + ",".join(
        ["=cmd|' /C calc'!A0", "1000", "ข้อบัญญัติ", "แล้วเสร็จ", "เฉพาะเจาะจง", "1000", "-900",
         COMPANY, "ร้าน ก", "67019000001", "1/11/2566", ""]) + "\n", encoding="utf-8")
    assert main(["import", "procurement", str(src), "--agency", str(agency), "--fiscal-year", "2567",
                 "--format", "json"]) == 1  # the negative price is an error
    out = json.loads(capsys.readouterr().out)
    formula = [f for f in out["findings"] if f["code"] == "oit.formula-text"]
    assert [(f["sheet"], f["row"], f["col"], f["file"]) for f in formula] == [(None, 2, "A", str(src))]
    amount = [f for f in out["findings"] if f["code"] == "oit.bad-amount"]
    assert [(f["row"], f["col"]) for f in amount] == [(2, "G")]  # "-900" is a number, not formula text


# --------------------------------------------------------------------------------------------- template rows


def test_template_rows_are_dropped(tmp_path: Path, agency: Path):
    year = agency / "data" / "2567"
    year.mkdir(parents=True)
    out_file(agency).write_text(
        "# สร้างโดย oitsite new\nrecords:\n"
        "  - name: '((กรอก: งานที่ซื้อหรือจ้าง))'\n    contract_price: 0\n    vendor_name: '((กรอก: ผู้ประกอบการ))'\n"
        "  - name: จ้างเหมาเดิม\n    contract_price: 500\n", encoding="utf-8")
    rows = [row(), row(name="((กรอก: งานที่ซื้อหรือจ้าง))", pid="((กรอก: เลขที่โครงการ))")]
    src = workbook(tmp_path / "t.xlsx", rows)
    res = import_procurement(src, agency, 2567)
    assert res.written, res.format_text()
    data = yaml.safe_load(out_file(agency).read_text(encoding="utf-8"))
    assert sorted(r["name"] for r in data["records"]) == ["จ้างเหมาเดิม", "ซื้อวัสดุ"]
    assert "((กรอก" not in out_file(agency).read_text(encoding="utf-8")
    notes = [f for f in res.findings if f.code == Code.PLACEHOLDER]
    assert {f.severity for f in notes} == {"notice"} and len(notes) == 2
    sheet_note = next(f for f in notes if f.sheet)
    assert (sheet_note.sheet, sheet_note.row) == ("ผลการจัดซื้อ", 3)
    assert res.rows_read == 1 and len(res.records) == 1


# --------------------------------------------------------------------------------------------- the command


def test_command_exits_1_with_json_fields_never_a_traceback(tmp_path: Path, agency: Path, capsys):
    src = tmp_path / "noise.xlsx"
    src.write_bytes(os.urandom(3000))
    assert main(["import", "procurement", str(src), "--agency", str(agency), "--fiscal-year", "2567",
                 "--format", "json"]) == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert not data["written"] and data["findings"][0]["code"] == "oit.import-bad-file"
    assert {"sheet", "row", "col", "file"} <= set(data["findings"][0])
    assert "Traceback" not in out + err
    bad = workbook(tmp_path / "bad.xlsx", [row(date="29 ก.พ. 2566")])
    assert main(["import", "procurement", str(bad), "--agency", str(agency), "--fiscal-year", "2567"]) == 1
    text = capsys.readouterr().out
    assert f"{bad}: ผิดพลาด oit.bad-date (ชีต ผลการจัดซื้อ แถว 2 คอลัมน์ K)" in text


# --------------------------------------------------------------------------------------------- property


BASE_XLSX = xlsx_bytes([row(), row(name="จ้างซ่อม", pid="67019000002", date=dt.datetime(2023, 12, 1))])


@st.composite
def mutated_xlsx(draw) -> bytes:
    data = bytearray(BASE_XLSX)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "zero"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[pos] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del data[pos:]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif data:
            data[pos: pos + draw(st.integers(1, 64))] = b"\x00" * 8
    return bytes(data)


with zipfile.ZipFile(io.BytesIO(BASE_XLSX)) as _z:
    BASE_MEMBERS = {i.filename: _z.read(i) for i in _z.infolist()}


@st.composite
def xlsx_with_mutated_member(draw) -> bytes:
    """A sound zip whose XML inside is damaged: reaches openpyxl's parsers."""
    members = dict(BASE_MEMBERS)
    name = draw(st.sampled_from(sorted(members)))
    body = bytearray(members[name])
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, max(len(body) - 1, 0)))
        op = draw(st.sampled_from(["flip", "cut", "insert"]))
        if op == "flip" and body:
            body[pos] = draw(st.sampled_from(list(b"<>&\"'=/ 0x9\x00\xff")))
        elif op == "cut":
            del body[pos: pos + draw(st.integers(1, 200))]
        else:
            body[pos:pos] = draw(st.sampled_from([b"<row r=\"999999\">", b"<c r=\"XFD2\"><v>1</v></c>", b"&lol;",
                                                  b"<!DOCTYPE x>", "ก".encode(), b"t=\"s\"><v>99</v>"]))
    members[name] = bytes(body)
    if draw(st.booleans()):
        del members[draw(st.sampled_from(sorted(members)))]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, b in members.items():
            zf.writestr(n, b)
    return buf.getvalue()


@settings(deadline=None, max_examples=150,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(raw=st.one_of(mutated_xlsx(), xlsx_with_mutated_member(), xlsx_with_mutated_member(),
                     st.binary(max_size=600), st.just(BASE_XLSX)),
       suffix=st.sampled_from([".xlsx", ".xlsx", ".csv", ".xls"]))
def test_mutated_files_never_raise_or_escape(raw: bytes, suffix: str, tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("fuzz")
    agency = base / "agency"
    agency.mkdir()
    (agency / "agency.yaml").write_text("name_th: อบต.ทดสอบ\n", encoding="utf-8")
    src = base / "in" / f"file{suffix}"
    src.parent.mkdir()
    src.write_bytes(raw)
    res = import_procurement(src, agency, 2567)
    assert isinstance(res, importer.ImportResult)
    assert res.written or res.errors, res.format_text()
    assert all(THAI.search(f.message_th) and f.code in Code for f in res.findings)
    res.format_text()
    json.dumps(res.as_dict(), ensure_ascii=False, default=str)
    written = {p.relative_to(base) for p in base.rglob("*") if p.is_file()}
    allowed = {Path("in") / src.name, Path("agency/agency.yaml"), Path("agency/data/2567/procurement.yaml")}
    assert written <= allowed, written
    assert (agency / "data/2567/procurement.yaml").exists() == res.written

"""A realistic folder of an อบต.'s existing OIT files for 2567, generated deterministically.

35 documents named the way LAOs name them today (``O1 โครงสร้าง.pdf``, ``o16_2567.pdf``, Thai
digits, ``ข้อ 16 …``, ``0-6``, ``O 7``, item sub-folders, a year folder), PDFs with a Thai text
layer (fpdf2 + the TLWG Garuda font), a scan-like PDF without one, a .docx and a photo, two
files whose only clue is a saved OIT menu page that links to them, one without any number, one
whose number contradicts its title — and a couple of junk files. ``EXPECTED`` is the truth:
file → the 2567 item it is (None: must be left over).

    python tests/docfolder.py OUT_DIR      # write the folder
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf")
AGENCY = "องค์การบริหารส่วนตำบลหนองทดสอบ"

# (path in the folder, the item it is, first-page lines) — lines None: no text layer (a scan)
DOCS: list[tuple[str, str, list[str] | None]] = [
    ("O1 โครงสร้าง.pdf", "O1", ["โครงสร้างองค์การบริหารส่วนตำบลหนองทดสอบ", "ข้อมูล ณ วันที่ 1 ตุลาคม 2566"]),
    ("O2 ข้อมูลผู้บริหาร.pdf", "O2", ["ข้อมูลผู้บริหาร", AGENCY, "ณ วันที่ ๒ ตุลาคม ๒๕๖๖"]),
    ("o3_2567.pdf", "O3", ["อำนาจหน้าที่ขององค์การบริหารส่วนตำบล", "ตามพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537"]),
    ("O๔ ข้อมูลการติดต่อ.pdf", "O4", ["ข้อมูลการติดต่อ", AGENCY, "โทรศัพท์ 0 7700 0000"]),
    ("ข้อ 5 ข่าวประชาสัมพันธ์.pdf", "O5", ["ข่าวประชาสัมพันธ์ ประจำเดือนมกราคม 2567"]),
    ("0-6 Q&A.pdf", "O6", ["ถาม-ตอบ (Q&A)", "ช่องทางการถามตอบของ อบต."]),
    ("O 7 แผนพัฒนาท้องถิ่น 2566-2570.pdf", "O7", ["แผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570)", AGENCY]),
    ("O8/แผนการดำเนินงาน ประจำปี 2567.pdf", "O8", ["แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567", AGENCY,
                                                 "ประกาศ ณ วันที่ 30 ตุลาคม พ.ศ. 2566"]),
    ("O9 รายงานผลการดำเนินงาน 2566.pdf", "O9", ["รายงานผลการดำเนินงานประจำปี พ.ศ. 2566", AGENCY]),
    ("O10 คู่มือปฏิบัติงาน.docx", "O10", None),
    ("O11 คู่มือการให้บริการประชาชน.pdf", "O11", ["คู่มือสำหรับประชาชน", "งานจดทะเบียนพาณิชย์"]),
    ("O12 สถิติการให้บริการ ๒๕๖๖.pdf", "O12", ["สถิติการให้บริการประชาชน ปีงบประมาณ พ.ศ. 2566"]),
    ("o14_2567.pdf", "O14", ["ประกาศองค์การบริหารส่วนตำบลหนองทดสอบ", "เรื่อง ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2567",
                             "ประกาศ ณ วันที่ 15 พฤศจิกายน พ.ศ. 2566"]),
    ("O15 ประกาศจัดซื้อจัดจ้าง/ประกาศประกวดราคา ถนน คสล.pdf", "O15",
     ["ประกาศองค์การบริหารส่วนตำบลหนองทดสอบ", "เรื่อง ประกวดราคาจ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3",
      "ประกาศ ณ วันที่ 8 มกราคม พ.ศ. 2567"]),
    ("O16 สรุปผลจัดซื้อ/สขร.1 ตุลาคม 2566.pdf", "O16", ["สรุปผลการดำเนินการจัดซื้อจัดจ้าง ประจำเดือนตุลาคม 2566", "(แบบ สขร.1)"]),
    ("O16 สรุปผลจัดซื้อ/สขร.1 พฤศจิกายน 2566.pdf", "O16", ["สรุปผลการดำเนินการจัดซื้อจัดจ้าง ประจำเดือนพฤศจิกายน 2566", "(แบบ สขร.1)"]),
    ("O17 รายงานสรุปผลการจัดซื้อจัดจ้าง ปี 66.pdf", "O17", ["รายงานสรุปผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2566",
                                                         "ณ วันที่ 30 กันยายน 2566"]),
    ("O18_แผนพัฒนาบุคลากร_67.pdf", "O18", ["แผนพัฒนาบุคลากร ประจำปีงบประมาณ พ.ศ. 2567", AGENCY]),
    ("ข้อ ๑๙ รายงานผลการพัฒนาบุคลากร.pdf", "O19", ["รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ประจำปี 2566"]),
    ("O20 ประมวลจริยธรรม.pdf", "O20", None),  # a scan: no text layer
    ("o21-2567 การขับเคลื่อนจริยธรรม.pdf", "O21", ["การขับเคลื่อนจริยธรรม", "กิจกรรมส่งเสริมจริยธรรม ประจำปี 2567"]),
    ("แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต.pdf", "O22",  # no number: guessed from the title
     ["คู่มือแนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", AGENCY]),
    ("O23 ช่องทางแจ้งเรื่องร้องเรียน.jpg", "O23", None),
    ("O24.pdf", "O24", ["สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปี 2566"]),
    ("O25 การมีส่วนร่วม.pdf", "O25", ["การเปิดโอกาสให้เกิดการมีส่วนร่วม", "โครงการประชาคมหมู่บ้าน"]),
    ("O26 ประกาศเจตนารมณ์ No Gift Policy.pdf", "O26",
     ["ประกาศองค์การบริหารส่วนตำบลหนองทดสอบ", "เรื่อง ประกาศเจตนารมณ์นโยบายไม่รับของขวัญ (No Gift Policy)",
      "ประกาศ ณ วันที่ ๒ ตุลาคม พ.ศ. ๒๕๖๖"]),
    ("ITA2567/O27 กิจกรรม No Gift.pdf", "O27", ["การสร้างวัฒนธรรม No Gift Policy", "กิจกรรมประชุมชี้แจง"]),
    ("O28 รายงานผล No Gift Policy 2566.pdf", "O28", ["รายงานผลตามนโยบาย No Gift Policy ประจำปี 2566"]),
    ("O30 รายงานการรับทรัพย์สินโดยธรรมจรรยา.pdf", "O29",  # the number contradicts the title
     ["รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา ประจำปี 2566"]),
    ("ข้อ 30 ประเมินความเสี่ยงการทุจริต สินบน.pdf", "O30", ["การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. 2567"]),
    ("o31.pdf", "O31", ["รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริต ประจำปี 2566"]),
    ("เอกสาร/scan_0032.pdf", "O32",  # only the saved menu page says which item
     ["ประกาศองค์การบริหารส่วนตำบลหนองทดสอบ", "เรื่อง แผนปฏิบัติการป้องกันการทุจริต ประจำปี พ.ศ. 2567",
      "ประกาศ ณ วันที่ 15 กันยายน พ.ศ. 2566", "อนุมัติ ณ วันที่ 20 กันยายน พ.ศ. 2566"]),
    ("เอกสาร/doc_0033.pdf", "O33", ["รายงานผลการดำเนินการป้องกันการทุจริต ประจำปี 2566", AGENCY]),
    ("O34 มาตรการส่งเสริมคุณธรรม.pdf", "O34", ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "ประจำปีงบประมาณ พ.ศ. 2567"]),
    ("O35 รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรม.pdf", "O35",
     ["รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "ณ วันที่ 31 มีนาคม 2567"]),
]

MENU = "เมนู OIT.html"
JUNK = ["Thumbs.db", "~$คู่มือปฏิบัติงาน.docx"]

#: the truth: every file of the folder → the item it is (None: left over; "menu": the menu page)
EXPECTED: dict[str, str | None] = {**{p: item for p, item, _ in DOCS}, MENU: "menu", **{j: None for j in JUNK}}

_MENU_HTML = """<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>ITA 2567 - องค์การบริหารส่วนตำบลหนองทดสอบ</title></head>
<body><div class="menu"><h2>การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปี 2567</h2>
<table>
<tr><td>O1</td><td><a href="O1%20%E0%B9%82%E0%B8%84%E0%B8%A3%E0%B8%87%E0%B8%AA%E0%B8%A3%E0%B9%89%E0%B8%B2%E0%B8%87.pdf">โครงสร้าง</a></td></tr>
<tr><td>O13</td><td><a href="https://www.nongtest.go.th/eservice">E-Service</a></td></tr>
<tr><td>O32</td><td><a href="เอกสาร/scan_0032.pdf">แผนปฏิบัติการป้องกันการทุจริต</a></td></tr>
<tr><td><a href="https://www.nongtest.go.th/wp-content/uploads/2567/03/doc_0033.pdf?ver=2">O33 รายงานผลการดำเนินการป้องกันการทุจริตประจำปี</a></td></tr>
<tr><td>O99</td><td><a href="missing.pdf">ไฟล์ที่ไม่มีแล้ว</a></td></tr>
</table></div></body></html>
"""


def _pdf_text(lines: list[str], title: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime(2024, 1, 5, 9, 0, tzinfo=dt.UTC))
    pdf.set_creator("oitsite test fixture")
    if title:
        pdf.set_title(title)
    pdf.add_font("Garuda", fname=str(FONT))
    pdf.add_page()
    pdf.set_font("Garuda", size=16)
    for line in lines:
        pdf.multi_cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Garuda", size=12)
    for i in range(12):  # a body, so the page is like a real one
        pdf.multi_cell(0, 8, f"{i + 1}. รายละเอียดการดำเนินงานตามแผน ข้อ {i + 1} ของ{AGENCY}", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(0, 8, "ลงชื่อ นายกองค์การบริหารส่วนตำบลหนองทดสอบ")
    return bytes(pdf.output())


def _pdf_scan(label: str) -> bytes:
    from PIL import Image, ImageDraw

    page = Image.new("1", (595, 842), 1)
    d = ImageDraw.Draw(page)
    d.rectangle((40, 40, 555, 110), outline=0, width=3)
    for y in range(150, 760, 22):
        d.line((56, y, 540 - (y * 7 + len(label)) % 160, y), fill=0, width=2)
    buf = io.BytesIO()
    page.save(buf, "PDF", resolution=72.0)
    return buf.getvalue()


def _docx(text: str) -> bytes:
    buf = io.BytesIO()
    stamp = (2024, 1, 5, 9, 0, 0)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
        'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '</Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.'
        f'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>',
    }
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(zipfile.ZipInfo(name, stamp), body)
    return buf.getvalue()


def _jpeg() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (400, 300), (230, 240, 250))
    ImageDraw.Draw(img).rectangle((20, 20, 380, 80), fill=(30, 60, 120))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def make_folder(out: Path) -> Path:
    """Write the folder (same bytes every run) and return it."""
    out.mkdir(parents=True, exist_ok=True)
    for rel, _item, lines in DOCS:
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".docx"):
            p.write_bytes(_docx("คู่มือการปฏิบัติงานของเจ้าหน้าที่"))
        elif rel.endswith(".jpg"):
            p.write_bytes(_jpeg())
        elif lines is None:
            p.write_bytes(_pdf_scan(rel))
        else:
            meta = "Microsoft Word - doc1.docx" if rel.startswith("o3_") else None  # a program's leftover title
            p.write_bytes(_pdf_text(lines, meta))
    (out / MENU).write_text(_MENU_HTML, encoding="utf-8")
    (out / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))
    (out / "~$คู่มือปฏิบัติงาน.docx").write_bytes(b"\x00" * 162)
    return out


if __name__ == "__main__":
    print(make_folder(Path(sys.argv[1] if len(sys.argv) > 1 else "docfolder")))

"""Record fields and the header aliases of both layouts (criteria, สขร.1)."""

from __future__ import annotations

import re

TOPIC_ID = "procurement"
HEADER_SCAN_ROWS = 15

#: record fields in output order (the schema's order)
RECORD_FIELDS = (
    "name", "budget", "source", "status", "method", "reference_price", "contract_price",
    "vendor_tax_id", "vendor_name", "project_id", "contract_date", "contract_end",
    "contract_no", "bidders", "selection_reason",
)
#: the 12 columns the criteria require (O16/O17)
CRITERIA_FIELDS = RECORD_FIELDS[:12]
MONEY_FIELDS = {"budget", "reference_price", "contract_price"}
DATE_FIELDS = {"contract_date", "contract_end"}
MULTILINE_FIELDS = {"bidders", "selection_reason"}

# Column targets besides record fields: parts of the สขร.1 form.
SEQ = "_seq"              # ลำดับที่ (ignored)
WINNER = "_winner"        # ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง (name + price in one cell)
CONTRACT_REF = "_contract"  # เลขที่และวันที่ของสัญญาหรือข้อตกลง (number + date in one cell)
BIDDER_NAME = "_bidder_name"
BIDDER_PRICE = "_bidder_price"

#: header aliases per target, as written in real workbooks (matched after normalisation)
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("งานที่ซื้อหรือจ้าง", "ชื่อรายการของงานที่ซื้อหรือจ้าง", "งานที่จัดซื้อหรือจัดจ้าง", "งานที่จัดซื้อจัดจ้าง",
             "งานจัดซื้อจัดจ้าง", "งานจัดซื้อหรือจัดจ้าง", "ชื่อโครงการ", "รายการพัสดุที่จัดซื้อจัดจ้าง"),
    "budget": ("วงเงินงบประมาณที่ได้รับจัดสรร", "วงเงินงบประมาณ", "วงเงินที่จะซื้อหรือจ้าง", "วงเงินที่จัดซื้อจัดจ้าง",
               "วงเงินที่จะซื้อจ้าง", "วงเงิน"),
    "source": ("แหล่งที่มาของงบประมาณ", "แหล่งที่มางบประมาณ", "แหล่งงบประมาณ"),
    "status": ("สถานะการจัดซื้อจัดจ้าง", "สถานะการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", "สถานะ"),
    "method": ("วิธีการจัดซื้อจัดจ้าง", "วิธีการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", "วิธีซื้อหรือจ้าง", "วิธีจัดซื้อจัดจ้าง",
               "วิธีซื้อจ้าง", "วิธีการจัดหา", "วิธีจัดหา"),
    "reference_price": ("ราคากลาง",),
    "contract_price": ("ราคาที่ตกลงซื้อหรือจ้าง", "ราคาที่ตกลงซื้อจ้าง", "จำนวนเงินรวมที่จัดซื้อจัดจ้าง", "ราคาที่ตกลง"),
    "vendor_tax_id": ("เลขประจำตัวผู้เสียภาษีเลขประจำตัวประชาชน", "เลขประจำตัวผู้เสียภาษีอากร", "เลขประจำตัวผู้เสียภาษี",
                      "เลขที่ประจำตัวผู้เสียภาษี", "เลขประจำตัวประชาชน"),
    "vendor_name": ("รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "ผู้ประกอบการที่ได้รับการคัดเลือก", "ชื่อผู้ประกอบการ",
                    "ผู้ขายผู้รับจ้าง", "ผู้ได้รับการคัดเลือก", "ผู้ได้รับคัดเลือก"),
    "project_id": ("เลขที่โครงการ", "เลขที่โครงการในระบบegp", "เลขโครงการ", "เลขที่โครงการegp"),
    "contract_date": ("วันที่ลงนามในสัญญา", "วันที่ลงนามสัญญา", "วันที่ทำสัญญา", "วันที่ของสัญญา", "วันที่สัญญา"),
    "contract_end": ("วันสิ้นสุดสัญญา", "วันที่สิ้นสุดสัญญา", "วันครบกำหนดสัญญา"),
    "contract_no": ("เลขที่สัญญา", "เลขที่สัญญาข้อตกลง", "เลขที่สัญญาหรือข้อตกลง"),
    "bidders": ("รายชื่อผู้เสนอราคาและราคาที่เสนอ", "รายชื่อผู้เสนอราคาและวงเงินที่เสนอ", "ผู้เสนอราคาและราคาที่เสนอ"),
    "selection_reason": ("เหตุผลที่คัดเลือกโดยสังเขป", "เหตุผลที่คัดเลือกโดยสรุป", "เหตุผลที่คัดเลือก", "เหตุผลสนับสนุน"),
    SEQ: ("ลำดับที่", "ลำดับ", "ที่"),
    WINNER: ("ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อจ้าง",
             "ผู้ได้รับคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง"),
    CONTRACT_REF: ("เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง", "เลขที่และวันที่ของสัญญาหรือข้อตกลง",
                   "เลขที่และวันที่ของสัญญา"),
}

#: headers only the สขร.1 form has
SKR1_MARKERS = {WINNER, CONTRACT_REF, "bidders", "selection_reason"}

#: sub-column words under a merged group header (สขร.1 variants)
_SUB_NAME = re.compile(r"ชื่อ|ผู้ได้รับ|ผู้เสนอ")
_SUB_PRICE = re.compile(r"ราคา|จำนวนเงิน|บาท|วงเงิน")
_SUB_NO = re.compile(r"เลขที่")
_SUB_DATE = re.compile(r"วันที่|ลงวันที่|ลว")
_SUB_TAXID = re.compile(r"เลขประจำตัว")

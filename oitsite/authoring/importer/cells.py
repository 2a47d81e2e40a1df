"""Cell converters: text, baht, date, tax id, project id, and the split สขร.1 cells."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from oitsite import thai
from oitsite.findings import Code

_EMPTY_MARKS = {"", "-", "–", "—", "ไม่มี", "n/a", "na", "ไม่ระบุ", "."}

_MONTHS = (
    "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|"
    r"ม\.?\s?ค\.?|ก\.?\s?พ\.?|มี\.?\s?ค\.?|เม\.?\s?ย\.?|พ\.?\s?ค\.?|มิ\.?\s?ย\.?|ก\.?\s?ค\.?|ส\.?\s?ค\.?|ก\.?\s?ย\.?|"
    r"ต\.?\s?ค\.?|พ\.?\s?ย\.?|ธ\.?\s?ค\.?"
)
_DATE_IN_TEXT = re.compile(
    r"(\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\s*(?:" + _MONTHS + r")\s*(?:พ\.?\s?ศ\.?)?\s*\d{2,4})"
)
_AMOUNT_BAHT = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:\.-|\.–|-|/-)?\s*บาท")
_AMOUNT_BARE = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{2})(?!\d)")
_TAXID_IN_TEXT = re.compile(r"(?<!\d)(\d[\d\- ]{11,17}\d)(?!\d)")


#: first characters a spreadsheet reads as a formula (or that hide one: tab, carriage return)
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_TEXT = re.compile(r"[+-]?\s*[\d๐-๙][\d๐-๙,]*(\.[\d๐-๙]+)?\s*(บาท)?")


def looks_like_formula(v: Any) -> bool:
    """Text (not a number written as text, not an empty mark like '-') that starts like a formula."""
    if not isinstance(v, str) or not v or _is_empty(v):
        return False
    s = v.lstrip(" ")
    if not s.startswith(FORMULA_CHARS):
        return False
    return not _NUMBER_TEXT.fullmatch(s.strip())


def _first_char(v: Any) -> str:
    c = str(v).lstrip(" ")[:1]
    return {"\t": "แท็บ", "\r": "ขึ้นบรรทัดใหม่ (CR)"}.get(c, c)


class CellError(Exception):
    def __init__(self, code: Code, message_th: str, fix_th: str) -> None:
        super().__init__(message_th)
        self.code = code
        self.message_th = message_th
        self.fix_th = fix_th


def _is_empty(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip().lower() in _EMPTY_MARKS
    return False


def to_text(v: Any, multiline: bool = False) -> str | None:
    if _is_empty(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.datetime):
        v = v.date()
    s = str(v).replace("\r\n", "\n").replace("\r", "\n").strip()
    if multiline:
        s = "\n".join(re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in s.split("\n") if line.strip())
    else:
        s = re.sub(r"\s+", " ", s)
    return s or None


def to_baht(v: Any) -> Decimal | None:
    if _is_empty(v):
        return None
    if isinstance(v, bool):
        raise CellError(Code.BAD_AMOUNT, "ช่องนี้ต้องเป็นจำนวนเงิน", "ใส่จำนวนเงินเป็นตัวเลข เช่น 125,000.00")
    if isinstance(v, (int, float)):
        amount = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    else:
        try:
            amount = thai.parse_baht(str(v).strip())
        except thai.ThaiValueError as exc:
            raise CellError(Code.BAD_AMOUNT, f"อ่านจำนวนเงิน '{_short(v)}' ไม่ได้ ({exc.message_th})",
                            "ใส่จำนวนเงินเป็นตัวเลข เช่น 125,000.00 (ไม่ต้องมีข้อความอื่นในช่อง)")
    if amount < 0:
        raise CellError(Code.BAD_AMOUNT, f"จำนวนเงินติดลบ ({_short(v)})", "ตรวจตัวเลขในช่องนี้อีกครั้ง")
    return amount.quantize(Decimal("0.01"))


_TWO_DIGIT_YEAR = re.compile(r"^(.*?\D)(\d{2})$")


def to_date(v: Any, fiscal_year: int | None = None) -> dt.date | None:
    """A date cell. With ``fiscal_year``, a two-digit year close to it ("3 ต.ค. 66") is read as 25xx."""
    if _is_empty(v):
        return None
    value = v.strip() if isinstance(v, str) else v
    if isinstance(value, str) and fiscal_year:
        s = thai.to_arabic_digits(value)
        m = _TWO_DIGIT_YEAR.match(s)
        if m and abs(2500 + int(m.group(2)) - fiscal_year) <= 2 and re.search(r"\d", m.group(1)):
            value = f"{m.group(1)}25{m.group(2)}"
    try:
        d = thai.parse_date(value).value
    except thai.ThaiValueError as exc:
        raise CellError(Code.BAD_DATE, exc.message_th,
                        "ใส่วันที่แบบ 31/03/2567 หรือ 31 มีนาคม 2567 หรือจัดรูปแบบเซลล์เป็นวันที่ใน Excel")
    return d


def to_taxid(v: Any) -> str | None:
    if _is_empty(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    text = str(v).strip()
    if isinstance(v, int) and 10**10 <= v < 10**12:
        text = f"{v:013d}"  # Excel dropped the leading zero(s) of a juristic-person number
    try:
        return thai.normalize_thai_id(text)
    except thai.ThaiValueError as exc:
        raise CellError(Code.BAD_TAXID, exc.message_th,
                        "ตรวจเลข 13 หลักกับหนังสือรับรองบริษัทหรือบัตรประชาชนของผู้ประกอบการ"
                        " (ถ้าเลข 0 ตัวแรกหายไป ให้จัดรูปแบบเซลล์เป็นข้อความ)")


def to_project_id(v: Any) -> str | None:
    if _is_empty(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"\s+", "", thai.to_arabic_digits(str(v).strip())) or None


def _short(v: Any, n: int = 40) -> str:
    s = re.sub(r"\s+", " ", str(v)).strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def split_winner(text: str) -> tuple[str | None, Decimal | None, str | None, int]:
    """'ร้าน ก. 5,000.00 บาท' → (name, price, tax id, number of amounts found)."""
    s = thai.to_arabic_digits(text)
    taxid = None
    m = _TAXID_IN_TEXT.search(s)
    if m and len(re.sub(r"\D", "", m.group(1))) == 13:
        taxid = re.sub(r"\D", "", m.group(1))
        s = (s[: m.start()] + s[m.end():])
    amounts = list(_AMOUNT_BAHT.finditer(s)) or list(_AMOUNT_BARE.finditer(s))
    price = None
    names: list[str] = []
    if amounts:
        price = sum((Decimal(a.group(1).replace(",", "")) for a in amounts), Decimal("0")).quantize(Decimal("0.01"))
        last = 0
        for a in amounts:
            names.append(s[last: a.start()])
            last = a.end()
        names.append(s[last:])
    else:
        names = [s]
    cleaned = [_clean_name(n) for n in names]
    name = ", ".join(n for n in cleaned if n) or None
    return name, price, taxid, len(amounts)


_NAME_NOISE = re.compile(
    r"(เลขประจำตัวผู้เสียภาษี(อากร)?|เลขประจำตัวประชาชน|ราคาที่ตกลงซื้อหรือจ้าง|ราคาที่ตกลง|ราคาที่เสนอ|"
    r"เป็นเงิน|จำนวนเงิน|วงเงิน|ราคา|ผู้ได้รับการคัดเลือก|ผู้ได้รับคัดเลือก)\s*[:：]?"
)


def _clean_name(s: str) -> str:
    s = _NAME_NOISE.sub(" ", s)
    s = re.sub(r"\s+", " ", s)
    return s.strip(" \t\n/:;,-–()")


def split_contract(text: str) -> tuple[str | None, str | None]:
    """'สัญญาเลขที่ 12/2567 ลงวันที่ 3 ต.ค. 2566' → ('สัญญาเลขที่ 12/2567', '3 ต.ค. 2566')."""
    s = thai.to_arabic_digits(text)
    dates = list(_DATE_IN_TEXT.finditer(s))
    if not dates:
        return (_clean_contract_no(s) or None), None
    d = dates[-1]
    before = s[: d.start()]
    # a number like 12/2567 can look like the start of a date: prefer the text after ลว./ลงวันที่
    marker = re.search(r"(ลว\.?|ลงวันที่|วันที่)\s*$", before.strip())
    number = _clean_contract_no(before[: marker.start()] if marker else before)
    return (number or None), d.group(1)


def _clean_contract_no(s: str) -> str:
    s = re.sub(r"(ลว\.?|ลงวันที่|วันที่)\s*$", "", s.strip())
    s = re.sub(r"\s+", " ", s)
    return s.strip(" \t\n,;:-–")

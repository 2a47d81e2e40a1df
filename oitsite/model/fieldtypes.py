"""Field types: one row per type, the only place that knows what a type name means.

A topic schema field (``{type: baht, title: …}``) is parsed, shown, exported, edited and
scaffolded through its row in :data:`TYPES`:

* ``parse`` — raw YAML value → clean value (raises a PydanticCustomError with a finding code and
  a Thai message); ``py`` is the clean value's Python type;
* ``display`` — how to show a value, as a neutral :class:`Display` (the site turns its few
  ``kind``\\ s into docutils nodes);
* ``json`` / ``csv`` — the value in the open-data downloads;
* ``cms`` — the type's part of a Sveltia/Decap CMS field;
* ``example`` / ``hint`` — what ``oitsite new`` writes for the field;
* flags (``numeric``, ``prose``, ``is_attachment``…) for the checks, tables and links.

Adding a type is adding a row. Stage: model (imports only ``thai``, ``findings`` and
``model.summaries``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Callable

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from oitsite import thai
from oitsite.findings import Code
from oitsite.model.summaries import as_date, as_decimal

FILE_TYPES = {".pdf", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".csv", ".txt", ".zip"}
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}


@dataclass(frozen=True)
class Display:
    """How to show one value. ``kind``: text | link (``href``) | file (``href`` = agency path,
    ``text`` = title or "") | image (``href`` = agency path, ``text`` = alt) | markdown."""

    text: str
    href: str | None = None
    kind: str = "text"


# ---------------------------------------------------------------------------------------------
# Parsing: each raises PydanticCustomError(code, Thai message)


def _err(code: Code, message_th: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(code.value, message_th, ctx or None)


def _text(v: Any, fd: Any = None) -> Any:
    if isinstance(v, bool):
        raise _err(Code.WRONG_TYPE, f"ค่านี้ต้องเป็นข้อความ แต่ถูกอ่านเป็น {str(v).lower()} (คำว่า yes/no/on/off/true/false "
                                    "ที่ไม่มีเครื่องหมายคำพูดเป็นค่าจริง/เท็จ) ถ้าต้องการข้อความให้ใส่เครื่องหมายคำพูด เช่น \"yes\"")
    if isinstance(v, float) and not math.isfinite(v):
        raise _err(Code.WRONG_TYPE, "ค่านี้ต้องเป็นข้อความ ถ้าต้องการเขียน .nan หรือ .inf ให้ใส่เครื่องหมายคำพูด")
    if isinstance(v, (int, float, Decimal)):
        return str(v)
    if isinstance(v, (dt.date,)):
        return v.isoformat()
    return v


def _date(v: Any, fd: Any = None) -> dt.date:
    try:
        return thai.parse_date(v).value
    except thai.ThaiValueError as exc:
        raise _err(Code.BAD_DATE, exc.message_th)


def _fiscal_year(v: Any, fd: Any = None) -> int:
    try:
        year = thai.parse_int(v)
    except thai.ThaiValueError as exc:
        raise _err(Code.WRONG_TYPE, exc.message_th)
    if thai.is_ce_year(year):
        raise _err(Code.BAD_DATE, f"ปี {year} เป็น ค.ศ. ให้เขียนเป็น พ.ศ. ({thai.as_be_year(year)})")
    if not 2400 <= year <= 2700:
        raise _err(Code.BAD_DATE, f"ปี {year} ไม่ใช่ปี พ.ศ. ที่ถูกต้อง (ตัวอย่าง: 2567)")
    return year


def _int(v: Any, fd: Any = None) -> int:
    if isinstance(v, bool):
        raise _err(Code.WRONG_TYPE, "ต้องเป็นจำนวนเต็ม ไม่ใช่ true/false")
    try:
        return thai.parse_int(v)
    except thai.ThaiValueError as exc:
        raise _err(Code.WRONG_TYPE, exc.message_th)


def _number(v: Any, fd: Any = None) -> float:
    if isinstance(v, bool):
        raise _err(Code.WRONG_TYPE, "ต้องเป็นตัวเลข ไม่ใช่ true/false")
    if isinstance(v, (int, float)):
        out = float(v)
    elif isinstance(v, str):
        try:
            out = float(thai.to_arabic_digits(v).replace(",", "").strip())
        except ValueError:
            raise _err(Code.WRONG_TYPE, f"'{v}' ไม่ใช่ตัวเลข")
    else:
        raise _err(Code.WRONG_TYPE, "ค่านี้ต้องเป็นตัวเลข")
    if not math.isfinite(out):
        raise _err(Code.WRONG_TYPE, f"'{v}' ไม่ใช่ตัวเลขที่ใช้ได้ (nan/inf) ให้ใส่ตัวเลขจริง หรือลบบรรทัดนี้")
    return out


def _baht(v: Any, fd: Any = None) -> Decimal:
    if isinstance(v, bool):
        raise _err(Code.BAD_AMOUNT, "จำนวนเงินต้องเป็นตัวเลข ไม่ใช่ true/false")
    if isinstance(v, float) and math.isfinite(v):
        # Typed in the YAML file as digits: judge it as the text the editor wrote (so that
        # 300000.125 is "three decimals", not silently rounded as a spreadsheet float would be).
        v = repr(v)
    try:
        return thai.parse_baht(v)
    except thai.ThaiValueError as exc:
        raise _err(Code.BAD_AMOUNT, exc.message_th)


def _bool(v: Any, fd: Any = None) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip() in {"ใช่", "มี"}:
        return True
    if isinstance(v, str) and v.strip() in {"ไม่ใช่", "ไม่มี"}:
        return False
    raise _err(Code.WRONG_TYPE, f"ต้องเป็น true หรือ false (ใช่/ไม่ใช่) ไม่ใช่ '{v}'")


URL_RE = re.compile(r"^https://[^\s/$.?#<>\"'`]+\.[^\s<>\"'`]+$", re.I)


def _url(v: Any, fd: Any = None) -> str:
    if not isinstance(v, str):
        raise _err(Code.BAD_URL, "ลิงก์ต้องเป็นข้อความที่ขึ้นต้นด้วย https://")
    v = v.strip()
    if v.lower().startswith("http://"):
        raise _err(Code.BAD_URL, f"ลิงก์ '{v}' ไม่ปลอดภัย (http) ให้ใช้ https://")
    if not URL_RE.match(v):
        raise _err(Code.BAD_URL, f"'{v}' ไม่ใช่ลิงก์ที่ถูกต้อง ต้องขึ้นต้นด้วย https:// เช่น https://www.example.go.th/")
    return v


EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def _email(v: Any, fd: Any = None) -> str:
    if not isinstance(v, str) or not EMAIL_RE.match(v.strip()):
        raise _err(Code.BAD_EMAIL, f"'{v}' ไม่ใช่อีเมลที่ถูกต้อง (ตัวอย่าง: saraban@bantuayang.go.th)")
    return v.strip()


_PHONE_EXT = re.compile(r"ต่อ|#|ext\.?|x(?=\s*\d)", re.I)


def _phone_parts(v: str) -> tuple[str, str]:
    """(the number, its extension) of "0 7200 0100 ต่อ 12"."""
    m = _PHONE_EXT.search(v)
    return (v[:m.start()], v[m.end():]) if m else (v, "")


def _phone(v: Any, fd: Any = None) -> str:
    if isinstance(v, int):
        raise _err(Code.BAD_PHONE, "หมายเลขโทรศัพท์ต้องใส่เครื่องหมายคำพูด เช่น \"0 7712 3456\" (ไม่เช่นนั้นเลข 0 นำหน้าจะหายไป)")
    if not isinstance(v, str):
        raise _err(Code.BAD_PHONE, "หมายเลขโทรศัพท์ต้องเป็นข้อความ")
    main, ext = _phone_parts(thai.to_arabic_digits(v))
    if not re.fullmatch(r"[0-9+()\-. ]*", main.strip()) or not re.fullmatch(r"[0-9\-.,/ ]*", ext.strip()):
        raise _err(Code.BAD_PHONE, f"'{v}' ไม่ใช่หมายเลขโทรศัพท์: ใส่ได้เฉพาะตัวเลข ช่องว่าง ขีด (-) และเบอร์ต่อ "
                                   "เช่น \"0 7712 3456 ต่อ 12\" (ข้อความอื่น เช่น ชื่อห้อง ให้ใส่ในช่อง label)")
    digits = re.sub(r"\D", "", main)
    if digits.startswith("66"):
        digits = "0" + digits[2:]
    if not (digits.startswith("0") and 9 <= len(digits) <= 10) and not (len(digits) in (4, 5) and digits[0] == "1"):
        raise _err(Code.BAD_PHONE, f"'{v}' ไม่ใช่หมายเลขโทรศัพท์ไทยที่ถูกต้อง (9–10 หลัก ขึ้นต้นด้วย 0 หรือสายด่วน 4 หลัก)")
    return v.strip()


def _taxid(v: Any, fd: Any = None) -> str:
    if isinstance(v, int):
        v = str(v)
    if not isinstance(v, str):
        raise _err(Code.BAD_TAXID, "เลขประจำตัวต้องเป็นตัวเลข 13 หลัก")
    try:
        norm = thai.normalize_thai_id(v)
    except thai.ThaiValueError as exc:
        raise _err(Code.BAD_TAXID, exc.message_th)
    return norm


def _path(v: Any, fd: Any = None) -> str:
    if not isinstance(v, str) or not v.strip():
        raise _err(Code.WRONG_TYPE, "ต้องเป็นที่อยู่ไฟล์ เช่น files/ประกาศ.pdf")
    v = v.strip()
    while v.startswith("./"):  # the form editor (Sveltia CMS) writes uploads as ./files/<name>
        v = v[2:]
    return v


#: an ``evidence`` key: ``O25.1`` (item id, element number as the item page shows it) or, in a
#: standing topic, ``2568/O1.2`` (that assessment year's catalog only)
EVIDENCE_KEY_RE = re.compile(r"^(?:(\d{4})/)?([Oo]\d+)\.(\d+)$")


def _pages(v: Any) -> list[int]:
    """3, [4, 5], "4-6", "4, 5" → sorted distinct page numbers (1-based); ValueError otherwise."""
    items = v if isinstance(v, list) else [v]
    out: set[int] = set()
    for x in items:
        if isinstance(x, bool):
            raise ValueError(x)
        if isinstance(x, int):
            out.add(x)
            continue
        for part in thai.to_arabic_digits(str(x)).replace("–", "-").split(","):
            a, dash, b = part.strip().partition("-")
            lo, hi = int(a), int(b) if dash else int(a)
            if hi < lo or hi - lo > 2000:
                raise ValueError(x)
            out.update(range(lo, hi + 1))
    if not out or min(out) < 1:
        raise ValueError(v)
    return sorted(out)


def _evidence(v: Any, fd: Any = None) -> dict[str, list[int]]:
    """``{O25.1: 3, O25.2: [4, 5]}`` (or the same as text, ``O25.1: 3; O25.2: 4-5``, as the form
    writes it) → ``{"O25.1": [3], "O25.2": [4, 5]}``."""
    if isinstance(v, str):
        pairs: dict[str, Any] = {}
        for chunk in re.split(r"[;\n]+", v):
            if chunk.strip():
                key, colon, pages = chunk.partition(":")
                if not colon:
                    raise _err(Code.WRONG_TYPE, f"'{chunk.strip()}' ต้องเขียนเป็น ข้อ.องค์ประกอบ: หน้า เช่น O25.1: 3")
                pairs[key.strip()] = pages.strip()
        v = pairs
    if not isinstance(v, dict):
        raise _err(Code.WRONG_TYPE, "evidence ต้องเป็นกลุ่มข้อมูล ข้อ.องค์ประกอบ: หน้า เช่น O25.1: 3 หรือ O25.2: [4, 5]")
    out: dict[str, list[int]] = {}
    for key, pages in v.items():
        m = EVIDENCE_KEY_RE.match(thai.to_arabic_digits(str(key)).strip())
        if not m:
            raise _err(Code.WRONG_TYPE, f"'{key}' ไม่ใช่ ข้อ.องค์ประกอบ ให้เขียนเช่น O25.1 (ข้อ O25 องค์ประกอบที่ 1) "
                                        "หรือ 2568/O1.2 สำหรับปีประเมินเดียว")
        try:
            nums = _pages(pages)
        except (ValueError, TypeError):
            raise _err(Code.WRONG_TYPE, f"หน้าของ {key} ต้องเป็นเลขหน้า (เริ่มที่ 1) เช่น 3 หรือ [4, 5] ไม่ใช่ '{pages}'")
        year, item, num = m.groups()
        out[f"{year + '/' if year else ''}{item.upper()}.{int(num)}"] = nums
    return out


def _show_evidence(fd: Any, v: Any, rec: dict | None, digits: str) -> Display:
    return Display(_digits("; ".join(f"{k} หน้า {', '.join(map(str, p))}" for k, p in v.items()), digits))


def _choice(v: Any, fd: Any) -> str:
    options: dict[str, str] = fd.options
    if isinstance(v, str) and v in options:
        return v
    labels = {label: key for key, label in options.items()}
    if isinstance(v, str) and v.strip() in labels:  # editors may write the Thai label
        return labels[v.strip()]
    allowed = ", ".join(f"{k} ({lab})" for k, lab in options.items())
    raise _err(Code.BAD_CHOICE, f"'{v}' ไม่อยู่ในตัวเลือก ใช้ได้: {allowed}")


# ---------------------------------------------------------------------------------------------
# Display: (field, value, record, digits "arabic"|"thai") → Display. Never called for None or "".


def _digits(s: str, digits: str) -> str:
    return thai.to_thai_digits(s) if digits == "thai" else s


def _show_plain(fd: Any, v: Any, rec: dict | None, digits: str) -> Display:
    s = str(v)
    return Display(_digits(s, digits) if re.fullmatch(r"[\d\s,./-]+", s) else s)


def _show_digits(fd: Any, v: Any, rec: dict | None, digits: str) -> Display:
    return Display(_digits(str(v), digits))


def _show_phone(fd: Any, v: Any, rec: dict | None, digits: str) -> Display:
    return Display(_digits(v, digits), "tel:" + re.sub(r"[^\d+]", "", thai.to_arabic_digits(v)), "link")


def _show_file(fd: Any, v: Any, rec: dict | None, digits: str) -> Display:
    return Display((rec.get("title") if rec else None) or "", v, "file")


def _show_image(fd: Any, v: Any, rec: dict | None, digits: str) -> Display:
    return Display((rec or {}).get("image_alt") or (rec or {}).get("name") or fd.title, v, "image")


# ---------------------------------------------------------------------------------------------
# Open data: JSON keeps the value's kind (ISO dates, numbers, booleans, choice keys); CSV is text.


def json_number(v: Any) -> int | float | None:
    d = v if isinstance(v, Decimal) else as_decimal(v)
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _json_plain(fd: Any, v: Any) -> Any:
    return str(v) if isinstance(v, (dt.date, Decimal)) else v


def _json_date(fd: Any, v: Any) -> Any:
    d = as_date(v)
    return d.isoformat() if d else str(v)


def _json_baht(fd: Any, v: Any) -> Any:
    n = json_number(v)
    return n if n is not None else str(v)


def _json_int(fd: Any, v: Any) -> Any:
    try:
        return thai.parse_int(v)
    except thai.ThaiValueError:
        return str(v)


def _json_float(fd: Any, v: Any) -> Any:
    try:
        return json_number(thai.parse_number(v))
    except thai.ThaiValueError:
        return str(v)


def json_value(fd: Any, v: Any) -> Any:
    """A value as JSON (None for an empty value)."""
    if v is None or v == "":
        return None
    return TYPES[fd.type].json(fd, v)


def json_record(fd: Any, rec: dict) -> dict:
    out: dict[str, Any] = {}
    for name, sub in fd.fields.items():
        value = json_value(sub, rec.get(name))
        if value is not None:
            out[name] = value
    return out


def _json_records(fd: Any, v: Any) -> Any:
    return [json_record(fd, r) for r in v if isinstance(r, dict)] if isinstance(v, list) else None


def _csv_plain(fd: Any, v: Any) -> str:
    value = TYPES[fd.type].json(fd, v)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def _csv_baht(fd: Any, v: Any) -> str:
    d = v if isinstance(v, Decimal) else as_decimal(v)
    return f"{d:.2f}" if d is not None else str(v)


def _yes_no(fd: Any, v: Any) -> str:
    return "ใช่" if v else "ไม่ใช่"


# ---------------------------------------------------------------------------------------------
# CMS (Sveltia/Decap): the type's part of a form field; publish.admin adds label, name, help.

MARKDOWN_BUTTONS = ["bold", "italic", "link", "heading-three", "quote", "bulleted-list", "numbered-list"]


def _pattern(regex: str, message: str) -> Callable[[Any], dict[str, Any]]:
    return lambda fd: {"widget": "string", "pattern": [regex, message]}


def _upload(fd: Any) -> dict[str, Any]:
    return {"widget": fd.type, "choose_url": False,
            "accept": ",".join(sorted(IMAGE_TYPES if TYPES[fd.type].is_image else FILE_TYPES))}


def _list_of(**item: Any) -> Callable[[Any], dict[str, Any]]:
    return lambda fd: {"widget": "list", "field": {"label": fd.title, "name": fd.name, **item}}


# ---------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True)
class FieldType:
    name: str
    th: str  # Thai name, in the scaffold's comment for the field
    parse: Callable[[Any, Any], Any] | None  # (raw value, field) → clean value; None: see item/records
    cms: Callable[[Any], dict[str, Any]]
    py: Any = str  # the clean value's Python type
    item: str | None = None  # a list of values: each parsed as this type
    records: bool = False  # a list of records with their own fields
    numeric: bool = False  # right-aligned in tables
    prose: bool = False  # free text: a placeholder is a valid value; checked for raw HTML
    markdown: bool = False  # Markdown: checked as Markdown, shown as its own section
    heading: bool = False  # the first such field names a record (card title, CMS summary)
    is_date: bool = False
    is_url: bool = False
    is_attachment: bool = False  # a path under files/, copied to the site
    is_image: bool = False
    internal: bool = False  # not for topic schemas (agency.yaml's ``suppress``)
    display: Callable[[Any, Any, dict | None, str], Display] = _show_plain
    json: Callable[[Any, Any], Any] = _json_plain
    csv: Callable[[Any, Any], str] = _csv_plain
    example: Callable[[Any, int, str], str] = lambda fd, year, topic_id: '""'
    note: Callable[[Any], str] = lambda fd: ""  # added to ``th`` in the scaffold's hint

    def hint(self, fd: Any) -> str:
        """The scaffold's Thai description of a field of this type."""
        return self.th + self.note(fd)

    def annotation(self, fd: Any) -> Any:
        """The pydantic type of a value of field ``fd``."""
        if self.item is not None:
            return list[TYPES[self.item].annotation(fd)]  # type: ignore[misc]
        if self.parse is None:
            raise TypeError(f"field type {self.name!r} has no value type")
        parse = self.parse
        return Annotated[self.py, BeforeValidator(lambda v: parse(v, fd))]


def _rows(*rows: FieldType) -> dict[str, FieldType]:
    return {r.name: r for r in rows}


_ATTACH_NOTE = " วางไฟล์ในโฟลเดอร์ files/ แล้วใส่ที่อยู่ไฟล์"

TYPES: dict[str, FieldType] = _rows(
    FieldType("text", "ข้อความ", _text, lambda fd: {"widget": "string"}, prose=True, heading=True),
    FieldType("markdown", "ข้อความยาว (Markdown)", _text,
              lambda fd: {"widget": "markdown", "buttons": MARKDOWN_BUTTONS, "editor_components": [],
                          "modes": ["rich_text", "raw"], "sanitize_preview": True, "linked_images": False},
              prose=True, markdown=True, display=lambda fd, v, rec, digits: Display(str(v), kind="markdown")),
    FieldType("date", "วันที่", _date,
              lambda fd: {"widget": "datetime", "format": "YYYY-MM-DD", "time_format": False, "picker_utc": True,
                          "hint": "ปฏิทินเป็นปี ค.ศ. เว็บไซต์จะแสดงเป็น พ.ศ. ให้อัตโนมัติ"},
              py=dt.date, is_date=True,
              display=lambda fd, v, rec, digits: Display(thai.format_date(v, digits=digits)),
              json=_json_date, example=lambda fd, year, topic_id: f"{year}-03-31",
              note=lambda fd: " เช่น 2567-03-31 หรือ 31 มีนาคม 2567"),
    FieldType("fiscal_year", "ปี พ.ศ.", _fiscal_year,
              lambda fd: {"widget": "number", "value_type": "int", "min": 2400, "max": 2700, "hint": "ปี พ.ศ. เช่น 2567"},
              py=int, display=_show_digits, json=_json_int, example=lambda fd, year, topic_id: str(year)),
    FieldType("int", "จำนวนเต็ม", _int, lambda fd: {"widget": "number", "value_type": "int"}, py=int, numeric=True,
              display=lambda fd, v, rec, digits: Display(thai.format_number(v, digits=digits, decimals=None)),
              json=_json_int, example=lambda fd, year, topic_id: "1"),
    FieldType("number", "ตัวเลข", _number, lambda fd: {"widget": "number", "value_type": "float"}, py=float, numeric=True,
              display=lambda fd, v, rec, digits: Display(thai.format_number(v, digits=digits, decimals=None)),
              json=_json_float, example=lambda fd, year, topic_id: "1.5"),
    FieldType("baht", "จำนวนเงิน (บาท)", _baht,
              lambda fd: {"widget": "number", "value_type": "float", "min": 0,
                          "hint": "จำนวนเงินเป็นบาท ไม่ต้องใส่เครื่องหมายจุลภาค"},
              py=Decimal, numeric=True,
              display=lambda fd, v, rec, digits: Display(thai.format_baht(Decimal(str(v)), digits=digits)),
              json=_json_baht, csv=_csv_baht, example=lambda fd, year, topic_id: '"100,000.00"'),
    FieldType("bool", "ใช่/ไม่ใช่ (true/false)", _bool, lambda fd: {"widget": "boolean"}, py=bool,
              display=lambda fd, v, rec, digits: Display(_yes_no(fd, v)),
              json=lambda fd, v: bool(v), csv=_yes_no, example=lambda fd, year, topic_id: "true"),
    FieldType("url", "ลิงก์ https://", _url,
              _pattern(URL_RE.pattern, "ลิงก์ต้องขึ้นต้นด้วย https:// เช่น https://www.example.go.th/"), is_url=True,
              display=lambda fd, v, rec, digits: Display(v, v, "link"),
              example=lambda fd, year, topic_id: "https://www.example.go.th/"),
    FieldType("email", "อีเมล", _email, _pattern(EMAIL_RE.pattern, "อีเมลไม่ถูกต้อง เช่น saraban@example.go.th"),
              display=lambda fd, v, rec, digits: Display(v, f"mailto:{v}", "link"),
              example=lambda fd, year, topic_id: "saraban@example.go.th"),
    FieldType("phone", "หมายเลขโทรศัพท์", _phone,
              _pattern(r"^\+?[0-9๐-๙][0-9๐-๙ ()#.\-ต่อ]{2,}$", "หมายเลขโทรศัพท์ เช่น 0 7712 3456 หรือ 1111"),
              display=_show_phone, example=lambda fd, year, topic_id: '"0 7712 3456"'),
    FieldType("taxid", "เลข 13 หลัก", _taxid,
              _pattern(r"^([0-9๐-๙][ \-]?){12}[0-9๐-๙]$", "เลขประจำตัว 13 หลัก เช่น 0 1234 56789 01 2"),
              display=_show_digits,
              example=lambda fd, year, topic_id: '"0000000000000"  # เลข 13 หลักจริง (ระบบตรวจเลขหลักสุดท้าย)'),
    FieldType("choice", "ตัวเลือก", _choice,
              lambda fd: {"widget": "select",
                          "options": [{"label": label, "value": value} for value, label in fd.options.items()]},
              display=lambda fd, v, rec, digits: Display(fd.options.get(v, v)),
              csv=lambda fd, v: fd.options.get(v, str(v)),
              example=lambda fd, year, topic_id: next(iter(fd.options), ""),
              note=lambda fd: (" ใช้ค่าใดค่าหนึ่ง: " + ", ".join(f"{k} = {v}" for k, v in fd.options.items()))
              if fd.options else ""),
    FieldType("file", "ไฟล์แนบ", _path, _upload, is_attachment=True, display=_show_file,
              example=lambda fd, year, topic_id: f"files/{topic_id}-{fd.name}.pdf", note=lambda fd: _ATTACH_NOTE),
    FieldType("image", "รูปภาพ", _path, _upload, is_attachment=True, is_image=True, display=_show_image,
              example=lambda fd, year, topic_id: f"files/images/{topic_id}-{fd.name}.jpg", note=lambda fd: _ATTACH_NOTE),
    FieldType("evidence", "องค์ประกอบที่เอกสารแสดง: ข้อ.องค์ประกอบ: หน้า", _evidence,
              lambda fd: {"widget": "keyvalue", "key_label": "ข้อ.องค์ประกอบ (เช่น O25.1)",
                          "value_label": "หน้าใน PDF (เช่น 3 หรือ 4-5)",
                          "hint": "ลำดับองค์ประกอบตามหน้าเว็บของข้อนั้น และเลขหน้าของไฟล์ PDF (ไม่ใช่เลขที่พิมพ์บนหน้า)"},
              py=dict, display=_show_evidence,
              json=lambda fd, v: {k: list(p) for k, p in v.items()} if isinstance(v, dict) else v,
              example=lambda fd, year, topic_id: "{O1.1: 1}", note=lambda fd: " เช่น {O25.1: 3, O25.2: [4, 5]}"),
    FieldType("list", "รายการ", None, lambda fd: {"widget": "list", "collapsed": True}, records=True,
              json=_json_records),
    FieldType("list_of_int", "รายการปี พ.ศ.", None,
              _list_of(widget="number", value_type="int", min=2400, max=2700), item="fiscal_year",
              json=lambda fd, v: list(v) if isinstance(v, list) else v,
              example=lambda fd, year, topic_id: f"[{year}]"),
    FieldType("list_of_text", "รายการข้อความ", None, _list_of(widget="string"), item="text", internal=True,
              example=lambda fd, year, topic_id: "[]"),
)

#: The type names a topic schema may use.
FIELD_TYPES = {name for name, t in TYPES.items() if not t.internal}

"""Topic schemas (data files in oitsite/catalogs/topics/) → pydantic models.

One schema language for everything an agency writes: topic files, agency.yaml, and the CMS
form config (oitsite.publish.admin) are all generated from the same YAML schema files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Iterator, Optional

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, create_model
from pydantic_core import PydanticCustomError

from oitsite import thai
from oitsite.findings import Code

CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalogs"
TOPIC_DIR = CATALOG_DIR / "topics"

FIELD_TYPES = {
    "text", "markdown", "date", "fiscal_year", "int", "number", "baht", "bool", "url", "email",
    "phone", "taxid", "choice", "file", "image", "list", "list_of_int",
}


@dataclass
class FieldDef:
    name: str
    type: str
    title: str
    options: dict[str, str] = field(default_factory=dict)
    fields: dict[str, "FieldDef"] = field(default_factory=dict)
    help: str = ""
    display: str = ""  # lists: "table" (default) or "cards" (people, news)

    @property
    def is_list(self) -> bool:
        return self.type == "list"


@dataclass(eq=False)  # hashable by identity: used as a cache key
class TopicDef:
    id: str
    title: str
    title_en: str
    keyed_by: str  # "none" | "fiscal_year"
    fields: dict[str, FieldDef]
    description: str = ""
    renderer: str | None = None
    source_file: str = ""

    @property
    def yearly(self) -> bool:
        return self.keyed_by == "fiscal_year"

    def field_at(self, parts: list[str]) -> FieldDef | None:
        """Resolve ['members', 'name'] → FieldDef (list levels are walked through)."""
        fields = self.fields
        found: FieldDef | None = None
        for part in parts:
            found = fields.get(part)
            if found is None:
                return None
            fields = found.fields
        return found


def _field(name: str, raw: dict, where: str) -> FieldDef:
    ftype = raw.get("type")
    if ftype not in FIELD_TYPES:
        raise SchemaError(f"{where}: field '{name}' has unknown type {ftype!r}")
    sub = {k: _field(k, v, f"{where}.{name}") for k, v in (raw.get("fields") or {}).items()}
    if ftype == "list" and not sub:
        raise SchemaError(f"{where}: list field '{name}' needs 'fields'")
    return FieldDef(name, ftype, raw.get("title", name), dict(raw.get("options") or {}), sub, raw.get("help", ""),
                    raw.get("display", ""))


class SchemaError(Exception):
    """A broken schema file in the package: a developer error, not an editor's."""


def parse_topic(raw: dict, source_file: str = "") -> TopicDef:
    fields = {k: _field(k, v, raw.get("id", "?")) for k, v in (raw.get("fields") or {}).items()}
    if "body" in fields:
        raise SchemaError(f"{raw.get('id')}: 'body' is reserved for the topic's Markdown file")
    return TopicDef(
        id=raw["id"], title=raw["title"], title_en=raw.get("title_en", raw["id"]),
        keyed_by=raw.get("keyed_by", "none"), fields=fields, description=raw.get("description", ""),
        renderer=raw.get("renderer"), source_file=source_file,
    )


@lru_cache(maxsize=None)
def load_topics(topic_dir: Path = TOPIC_DIR) -> dict[str, TopicDef]:
    topics: dict[str, TopicDef] = {}
    for path in sorted(topic_dir.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        topic = parse_topic(raw, str(path))
        if topic.id != path.stem:
            raise SchemaError(f"{path}: id {topic.id!r} must equal the file name")
        topics[topic.id] = topic
    return topics


@lru_cache(maxsize=None)
def agency_schema() -> TopicDef:
    raw = yaml.safe_load((CATALOG_DIR / "agency.yaml").read_text(encoding="utf-8"))
    topic = parse_topic(raw)
    # Not part of the form: editor-level settings.
    topic.fields["suppress"] = FieldDef("suppress", "list_of_text", "รหัสคำเตือนที่ไม่ต้องแสดง")
    return topic


# ---------------------------------------------------------------------------------------------
# Value coercion: each raises PydanticCustomError(code, Thai message)


def _err(code: Code, message_th: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(code.value, message_th, ctx or None)


def _text(v: Any) -> Any:
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


def _date(v: Any) -> dt.date:
    try:
        return thai.parse_date(v).value
    except thai.ThaiValueError as exc:
        raise _err(Code.BAD_DATE, exc.message_th)


def _fiscal_year(v: Any) -> int:
    try:
        year = thai.parse_int(v)
    except thai.ThaiValueError as exc:
        raise _err(Code.WRONG_TYPE, exc.message_th)
    if thai.is_ce_year(year):
        raise _err(Code.BAD_DATE, f"ปี {year} เป็น ค.ศ. ให้เขียนเป็น พ.ศ. ({thai.as_be_year(year)})")
    if not 2400 <= year <= 2700:
        raise _err(Code.BAD_DATE, f"ปี {year} ไม่ใช่ปี พ.ศ. ที่ถูกต้อง (ตัวอย่าง: 2567)")
    return year


def _int(v: Any) -> int:
    if isinstance(v, bool):
        raise _err(Code.WRONG_TYPE, "ต้องเป็นจำนวนเต็ม ไม่ใช่ true/false")
    try:
        return thai.parse_int(v)
    except thai.ThaiValueError as exc:
        raise _err(Code.WRONG_TYPE, exc.message_th)


def _number(v: Any) -> float:
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


def _baht(v: Any) -> Decimal:
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


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip() in {"ใช่", "มี"}:
        return True
    if isinstance(v, str) and v.strip() in {"ไม่ใช่", "ไม่มี"}:
        return False
    raise _err(Code.WRONG_TYPE, f"ต้องเป็น true หรือ false (ใช่/ไม่ใช่) ไม่ใช่ '{v}'")


_URL_RE = re.compile(r"^https://[^\s/$.?#<>\"'`]+\.[^\s<>\"'`]+$", re.I)


def _url(v: Any) -> str:
    if not isinstance(v, str):
        raise _err(Code.BAD_URL, "ลิงก์ต้องเป็นข้อความที่ขึ้นต้นด้วย https://")
    v = v.strip()
    if v.lower().startswith("http://"):
        raise _err(Code.BAD_URL, f"ลิงก์ '{v}' ไม่ปลอดภัย (http) ให้ใช้ https://")
    if not _URL_RE.match(v):
        raise _err(Code.BAD_URL, f"'{v}' ไม่ใช่ลิงก์ที่ถูกต้อง ต้องขึ้นต้นด้วย https:// เช่น https://www.example.go.th/")
    return v


_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def _email(v: Any) -> str:
    if not isinstance(v, str) or not _EMAIL_RE.match(v.strip()):
        raise _err(Code.BAD_EMAIL, f"'{v}' ไม่ใช่อีเมลที่ถูกต้อง (ตัวอย่าง: saraban@bantuayang.go.th)")
    return v.strip()


_PHONE_EXT = re.compile(r"ต่อ|#|ext\.?|x(?=\s*\d)", re.I)


def _phone_parts(v: str) -> tuple[str, str]:
    """(the number, its extension) of "0 7200 0100 ต่อ 12"."""
    m = _PHONE_EXT.search(v)
    return (v[:m.start()], v[m.end():]) if m else (v, "")


def _phone(v: Any) -> str:
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


def _taxid(v: Any) -> str:
    if isinstance(v, int):
        v = str(v)
    if not isinstance(v, str):
        raise _err(Code.BAD_TAXID, "เลขประจำตัวต้องเป็นตัวเลข 13 หลัก")
    try:
        norm = thai.normalize_thai_id(v)
    except thai.ThaiValueError as exc:
        raise _err(Code.BAD_TAXID, exc.message_th)
    return norm


def _path(v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise _err(Code.WRONG_TYPE, "ต้องเป็นที่อยู่ไฟล์ เช่น files/ประกาศ.pdf")
    v = v.strip()
    while v.startswith("./"):  # the form editor (Sveltia CMS) writes uploads as ./files/<name>
        v = v[2:]
    return v


def _choice(options: dict[str, str]):
    labels = {label: key for key, label in options.items()}

    def check(v: Any) -> str:
        if isinstance(v, str) and v in options:
            return v
        if isinstance(v, str) and v.strip() in labels:  # editors may write the Thai label
            return labels[v.strip()]
        allowed = ", ".join(f"{k} ({lab})" for k, lab in options.items())
        raise _err(Code.BAD_CHOICE, f"'{v}' ไม่อยู่ในตัวเลือก ใช้ได้: {allowed}")

    return check


def _scalar_type(fd: FieldDef) -> Any:
    t = fd.type
    if t in ("text", "markdown"):
        return Annotated[str, BeforeValidator(_text)]
    if t == "date":
        return Annotated[dt.date, BeforeValidator(_date)]
    if t == "fiscal_year":
        return Annotated[int, BeforeValidator(_fiscal_year)]
    if t == "int":
        return Annotated[int, BeforeValidator(_int)]
    if t == "number":
        return Annotated[float, BeforeValidator(_number)]
    if t == "baht":
        return Annotated[Decimal, BeforeValidator(_baht)]
    if t == "bool":
        return Annotated[bool, BeforeValidator(_bool)]
    if t == "url":
        return Annotated[str, BeforeValidator(_url)]
    if t == "email":
        return Annotated[str, BeforeValidator(_email)]
    if t == "phone":
        return Annotated[str, BeforeValidator(_phone)]
    if t == "taxid":
        return Annotated[str, BeforeValidator(_taxid)]
    if t == "choice":
        return Annotated[str, BeforeValidator(_choice(fd.options))]
    if t in ("file", "image"):
        return Annotated[str, BeforeValidator(_path)]
    if t == "list_of_int":
        return list[Annotated[int, BeforeValidator(_fiscal_year)]]
    if t == "list_of_text":
        return list[Annotated[str, BeforeValidator(_text)]]
    raise SchemaError(f"no python type for {t}")


def _model_for(name: str, fields: dict[str, FieldDef]) -> type[BaseModel]:
    spec: dict[str, Any] = {}
    for fname, fd in fields.items():
        if fd.is_list:
            sub = _model_for(f"{name}_{fname}", fd.fields)
            spec[fname] = (Optional[list[sub]], None)  # type: ignore[valid-type]
        else:
            spec[fname] = (Optional[_scalar_type(fd)], None)
    return create_model(  # type: ignore[call-overload]
        re.sub(r"\W", "_", name), __config__=ConfigDict(extra="forbid", arbitrary_types_allowed=True), **spec
    )


@lru_cache(maxsize=None)
def model_for(topic: TopicDef) -> type[BaseModel]:
    return _model_for(topic.id, topic.fields)


# ---------------------------------------------------------------------------------------------


@dataclass
class SchemaProblem:
    code: Code
    path: tuple
    message_th: str
    message_en: str
    fix_th: str = ""


_TYPE_WORDS = {
    "string_type": "ข้อความ",
    "list_type": "รายการ (ขึ้นต้นแต่ละบรรทัดด้วย - )",
    "model_type": "กลุ่มข้อมูล (ชื่อช่อง: ค่า)",
    "dict_type": "กลุ่มข้อมูล (ชื่อช่อง: ค่า)",
    "int_type": "จำนวนเต็ม",
    "float_type": "ตัวเลข",
    "bool_type": "true หรือ false",
}


def validate_data(topic: TopicDef, data: Any) -> tuple[dict | None, list[SchemaProblem]]:
    """Validate raw YAML data against a topic. Returns (clean dict, problems)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [SchemaProblem(Code.WRONG_TYPE, (), "ไฟล์นี้ต้องเป็นกลุ่มข้อมูลแบบ ชื่อช่อง: ค่า",
                                    "The file must be a mapping", f"ดูตัวอย่างใน agencies/demo/data/{topic.id}.yaml")]
    try:
        obj = model_for(topic).model_validate(data)
    except ValidationError as exc:
        return None, [_problem(topic, e) for e in exc.errors(include_url=False)]
    return obj.model_dump(exclude_none=True), []


def _problem(topic: TopicDef, err: dict) -> SchemaProblem:
    loc = tuple(err["loc"])
    etype = err["type"]
    try:
        code = Code(etype)
    except ValueError:
        code = Code.WRONG_TYPE
    if etype == "extra_forbidden":
        key = str(loc[-1])
        parent = topic.fields
        for part in loc[:-1]:
            if isinstance(part, str) and part in parent:
                parent = parent[part].fields
        guess = difflib.get_close_matches(key, list(parent), n=1, cutoff=0.6)
        hint = f" หมายถึง '{guess[0]}' หรือไม่?" if guess else ""
        known = ", ".join(parent) or "-"
        return SchemaProblem(Code.UNKNOWN_KEY, loc, f"ไม่รู้จักช่องข้อมูล '{key}'{hint}",
                             f"Unknown key '{key}'" + (f"; did you mean '{guess[0]}'?" if guess else ""),
                             f"ช่องที่ใช้ได้ในระดับนี้: {known}")
    if code is Code.WRONG_TYPE and etype in _TYPE_WORDS:
        return SchemaProblem(code, loc, f"ค่านี้ต้องเป็น{_TYPE_WORDS[etype]}", err["msg"])
    return SchemaProblem(code, loc, err["msg"], err["msg"])


def walk(fields: dict[str, FieldDef], data: Any, path: tuple = ()) -> Iterator[tuple[tuple, FieldDef, Any]]:
    """Yield (path, field, value) for every present leaf value of ``data``."""
    if not isinstance(data, dict):
        return
    for name, fd in fields.items():
        if name not in data or data[name] is None:
            continue
        value = data[name]
        if fd.is_list and isinstance(value, list):
            for i, rec in enumerate(value):
                yield from walk(fd.fields, rec, path + (name, i))
        else:
            yield path + (name,), fd, value

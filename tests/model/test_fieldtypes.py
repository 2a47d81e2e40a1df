"""Field types are one registry (oitsite.model.fieldtypes.TYPES): each row parses, shows,
exports, edits and scaffolds its values; no other module branches on a type name."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from oitsite.findings import Code
from oitsite.model.fieldtypes import FIELD_TYPES, TYPES, Display
from oitsite.model.schema import FieldDef, SchemaError, load_topics, parse_topic
from oitsite.publish.admin import widget
from oitsite.publish.opendata import csv_value

PKG = Path(__file__).resolve().parents[2] / "oitsite"
REGISTRY = PKG / "model" / "fieldtypes.py"
#: ``.type`` of these names is not a field's type (markdown-it tokens in check/validate.py).
NOT_FIELDS = {"tok", "token"}

OPTIONS = {"open": "มี", "none": "ไม่มี"}


def fd(type_: str, **kw) -> FieldDef:
    if type_ == "choice":
        kw.setdefault("options", OPTIONS)
    if TYPES[type_].records:
        kw.setdefault("fields", {"name": FieldDef("name", "text", "ชื่อ"), "amount": FieldDef("amount", "baht", "เงิน")})
    return FieldDef("f", type_, "ช่องทดสอบ", **kw)


def parse(type_: str, value):
    field = fd(type_)
    return TypeAdapter(field.ftype.annotation(field)).validate_python(value)


def _taxid(first12: str) -> str:
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(first12)) % 11) % 10
    return first12 + str(check)


# ---------------------------------------------------------------------------------------------
# No type-name branches outside the registry


def _is_str_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(_is_str_literal(e) for e in node.elts)
    return False


def type_branches(source: str) -> list[int]:
    """Lines comparing a ``<x>.type`` (or a name assigned from one) with string literals."""
    tree = ast.parse(source)

    def is_type_attr(node: ast.AST) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == "type"
                and not (isinstance(node.value, ast.Name) and node.value.id in NOT_FIELDS))

    aliases = {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) and is_type_attr(n.value)
               for t in n.targets if isinstance(t, ast.Name)}
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        typed = any(is_type_attr(o) or (isinstance(o, ast.Name) and o.id in aliases) for o in operands)
        if typed and any(_is_str_literal(o) for o in operands):
            out.append(node.lineno)
    return out


def test_checker_finds_type_branches():
    assert type_branches('if fd.type == "url": pass') == [1]
    assert type_branches('x = sub.type in ("baht", "int")') == [1]
    assert type_branches('t = fd.type\nif t == "date": pass') == [2]
    assert type_branches('if fd.ftype.is_url: pass') == []
    assert type_branches('if tok.type == "fence": pass') == []


def test_no_module_outside_registry_branches_on_a_type_name():
    found = [f"{p.relative_to(PKG.parent)}:{line}" for p in sorted(PKG.rglob("*.py")) if p != REGISTRY
             for line in type_branches(p.read_text(encoding="utf-8"))]
    assert not found, "branch on a field type name outside oitsite/model/fieldtypes.py (add a flag to the row): " + ", ".join(found)


# ---------------------------------------------------------------------------------------------
# The registry as a whole


def test_every_schema_type_has_a_row():
    used = {f.type for t in load_topics().values() for f in _all_fields(t.fields)}
    assert used <= FIELD_TYPES
    assert set(TYPES) == FIELD_TYPES | {"list_of_text"}


def _all_fields(fields):
    for f in fields.values():
        yield f
        yield from _all_fields(f.fields)


def test_rows_are_frozen():
    with pytest.raises(AttributeError):
        TYPES["int"].numeric = False  # type: ignore[misc]


def test_flags():
    def having(flag):
        return {n for n, t in TYPES.items() if getattr(t, flag)}
    assert having("numeric") == {"int", "number", "baht"}
    assert having("prose") == {"text", "markdown"}
    assert having("markdown") == {"markdown"}
    assert having("heading") == {"text"}
    assert having("is_attachment") == {"file", "image"}
    assert having("is_image") == {"image"}
    assert having("is_url") == {"url"}
    assert having("is_date") == {"date"}
    assert having("records") == {"list"}
    assert {n for n, t in TYPES.items() if t.item} == {"list_of_int", "list_of_text"}


@pytest.mark.parametrize("name", ["money", "list_of_text", None])
def test_unknown_type_in_a_topic_schema(name):
    with pytest.raises(SchemaError, match=f"field 'x' has unknown type {name!r}"):
        parse_topic({"id": "t", "title": "T", "fields": {"x": {"type": name}}})


def test_list_needs_fields():
    with pytest.raises(SchemaError, match="list field 'x' needs 'fields'"):
        parse_topic({"id": "t", "title": "T", "fields": {"x": {"type": "list"}}})


# ---------------------------------------------------------------------------------------------
# parse


GOOD = [
    ("text", 5, "5"), ("text", "ข้อความ", "ข้อความ"), ("markdown", "**ตัวหนา**", "**ตัวหนา**"),
    ("date", "31 มีนาคม 2567", dt.date(2024, 3, 31)), ("date", "2567-03-31", dt.date(2024, 3, 31)),
    ("fiscal_year", "๒๕๖๗", 2567), ("int", "1,234", 1234), ("number", "1,234.5", 1234.5),
    ("baht", "100,000.00", Decimal("100000.00")), ("baht", 1500, Decimal("1500")),
    ("bool", "ใช่", True), ("bool", False, False),
    ("url", " https://www.example.go.th/ ", "https://www.example.go.th/"),
    ("email", "saraban@example.go.th", "saraban@example.go.th"), ("phone", "0 7712 3456", "0 7712 3456"),
    ("phone", "1111", "1111"), ("taxid", _taxid("110170020345"), _taxid("110170020345")),
    ("choice", "open", "open"), ("choice", "ไม่มี", "none"),
    ("file", "./files/ประกาศ.pdf", "files/ประกาศ.pdf"), ("image", "files/images/a.jpg", "files/images/a.jpg"),
    ("list_of_int", [2567, "2568"], [2567, 2568]), ("list_of_text", ["a", 1], ["a", "1"]),
    ("evidence", {"O25.1": 3, "o25.2": [4, 5], "2568/O1.2": "๖-๗"}, {"O25.1": [3], "O25.2": [4, 5], "2568/O1.2": [6, 7]}),
    ("evidence", "O25.1: 3; O25.2: 4, 5", {"O25.1": [3], "O25.2": [4, 5]}),  # as the form's text box writes it
]
BAD = [
    ("text", True, Code.WRONG_TYPE), ("markdown", float("nan"), Code.WRONG_TYPE),
    ("date", "เมื่อวาน", Code.BAD_DATE), ("fiscal_year", 2024, Code.BAD_DATE), ("fiscal_year", "ปีนี้", Code.WRONG_TYPE),
    ("int", True, Code.WRONG_TYPE), ("int", "หนึ่ง", Code.WRONG_TYPE), ("number", "abc", Code.WRONG_TYPE),
    ("number", float("inf"), Code.WRONG_TYPE), ("baht", True, Code.BAD_AMOUNT), ("baht", "สองร้อย", Code.BAD_AMOUNT),
    ("bool", "อาจจะ", Code.WRONG_TYPE), ("url", "http://www.example.go.th/", Code.BAD_URL), ("url", 5, Code.BAD_URL),
    ("email", "saraban", Code.BAD_EMAIL), ("phone", 77123456, Code.BAD_PHONE), ("phone", "123", Code.BAD_PHONE),
    ("taxid", "123", Code.BAD_TAXID), ("choice", "maybe", Code.BAD_CHOICE), ("file", "", Code.WRONG_TYPE),
    ("image", 5, Code.WRONG_TYPE), ("list_of_int", [2024], Code.BAD_DATE), ("list_of_text", [True], Code.WRONG_TYPE),
    ("evidence", {"ข้อ 25": 3}, Code.WRONG_TYPE), ("evidence", {"O25.1": 0}, Code.WRONG_TYPE),
    ("evidence", {"O25.1": True}, Code.WRONG_TYPE), ("evidence", [3], Code.WRONG_TYPE),
]


@pytest.mark.parametrize("type_,raw,clean", GOOD, ids=[f"{t}-{i}" for i, (t, _, _) in enumerate(GOOD)])
def test_parse_good(type_, raw, clean):
    assert parse(type_, raw) == clean


@pytest.mark.parametrize("type_,raw,code", BAD, ids=[f"{t}-{i}" for i, (t, _, _) in enumerate(BAD)])
def test_parse_bad(type_, raw, code):
    with pytest.raises(ValidationError) as exc:
        parse(type_, raw)
    err = exc.value.errors()[0]
    assert err["type"] == code.value
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in err["msg"])  # a Thai message


def test_every_parsing_type_is_tested():
    parsing = {n for n, t in TYPES.items() if not t.records}
    assert {t for t, _, _ in GOOD} == parsing == {t for t, _, _ in BAD}


def test_list_has_no_value_type():
    with pytest.raises(TypeError):
        fd("list").ftype.annotation(fd("list"))


# ---------------------------------------------------------------------------------------------
# display


@pytest.mark.parametrize("type_,value,record,digits,shown", [
    ("text", "12/3", None, "thai", Display("๑๒/๓")),
    ("text", "บ้าน 12", None, "thai", Display("บ้าน 12")),
    ("date", dt.date(2024, 3, 31), None, "arabic", Display("31 มีนาคม 2567")),
    ("date", dt.date(2024, 3, 31), None, "thai", Display("๓๑ มีนาคม ๒๕๖๗")),
    ("fiscal_year", 2567, None, "thai", Display("๒๕๖๗")),
    ("int", 1234, None, "arabic", Display("1,234")),
    ("number", 1.5, None, "thai", Display("๑.๕")),
    ("baht", Decimal("1234.5"), None, "arabic", Display("1,234.50 บาท")),
    ("bool", True, None, "arabic", Display("ใช่")), ("bool", False, None, "arabic", Display("ไม่ใช่")),
    ("choice", "open", None, "arabic", Display("มี")),
    ("url", "https://a.go.th/", None, "arabic", Display("https://a.go.th/", "https://a.go.th/", "link")),
    ("email", "a@b.go.th", None, "arabic", Display("a@b.go.th", "mailto:a@b.go.th", "link")),
    ("phone", "0 7712 3456 ต่อ 12", None, "thai", Display("๐ ๗๗๑๒ ๓๔๕๖ ต่อ ๑๒", "tel:07712345612", "link")),
    ("taxid", "1234567890123", None, "thai", Display("๑๒๓๔๕๖๗๘๙๐๑๒๓")),
    ("file", "files/a.pdf", {"title": "ประกาศ"}, "arabic", Display("ประกาศ", "files/a.pdf", "file")),
    ("file", "files/a.pdf", None, "arabic", Display("", "files/a.pdf", "file")),
    ("image", "files/p.jpg", {"name": "นายก"}, "arabic", Display("นายก", "files/p.jpg", "image")),
    ("image", "files/p.jpg", {"name": "นายก", "image_alt": "รูปนายก"}, "arabic", Display("รูปนายก", "files/p.jpg", "image")),
    ("image", "files/p.jpg", None, "arabic", Display("ช่องทดสอบ", "files/p.jpg", "image")),
    ("markdown", "**ก**", None, "arabic", Display("**ก**", kind="markdown")),
])
def test_display(type_, value, record, digits, shown):
    assert TYPES[type_].display(fd(type_), value, record, digits) == shown


# ---------------------------------------------------------------------------------------------
# open data


@pytest.mark.parametrize("type_,value,csv,json", [
    ("baht", Decimal("1234.5"), "1234.50", 1234.5), ("baht", Decimal("1000"), "1000.00", 1000),
    ("int", 12, "12", 12), ("number", 1.5, "1.5", 1.5), ("fiscal_year", 2567, "2567", 2567),
    ("date", dt.date(2024, 3, 31), "2024-03-31", "2024-03-31"), ("bool", True, "ใช่", True),
    ("choice", "none", "ไม่มี", "none"), ("text", "ก", "ก", "ก"), ("url", "https://a.go.th/", "https://a.go.th/", "https://a.go.th/"),
    ("list_of_int", [2567, 2568], "[2567, 2568]", [2567, 2568]), ("list_of_text", ["ข", "ก"], '["ข", "ก"]', ["ข", "ก"]),
    ("evidence", {"O25.1": [3], "O25.2": [4, 5]}, '{"O25.1": [3], "O25.2": [4, 5]}', {"O25.1": [3], "O25.2": [4, 5]}),
    ("list", [{"name": "ก", "amount": Decimal("5.50")}, "x"], '[{"amount": 5.5, "name": "ก"}]', [{"name": "ก", "amount": 5.5}]),
])
def test_open_data_values(type_, value, csv, json):
    field = fd(type_)
    assert field.ftype.csv(field, value) == csv
    assert field.ftype.json(field, value) == json


def test_csv_value_of_nothing_is_empty():
    assert csv_value(fd("baht"), None) == "" == csv_value(fd("text"), "")


# ---------------------------------------------------------------------------------------------
# CMS


def test_cms_widget_rows():
    assert widget(fd("baht")) == {"label": "ช่องทดสอบ", "name": "f", "required": False, "widget": "number",
                                  "value_type": "float", "min": 0, "hint": "จำนวนเงินเป็นบาท ไม่ต้องใส่เครื่องหมายจุลภาค"}
    assert widget(fd("choice"))["options"] == [{"label": "มี", "value": "open"}, {"label": "ไม่มี", "value": "none"}]
    assert widget(fd("image"))["accept"] == ".gif,.jpeg,.jpg,.png,.webp"
    assert ".pdf" in widget(fd("file"))["accept"]
    assert widget(fd("url"))["pattern"][0].startswith("^https://")
    assert widget(fd("list_of_int"))["field"] == {"label": "ช่องทดสอบ", "name": "f", "widget": "number",
                                                  "value_type": "int", "min": 2400, "max": 2700}
    listed = widget(fd("list"))
    assert [f["name"] for f in listed["fields"]] == ["name", "amount"]
    assert listed["summary"] == "{{fields.name}}" and listed["collapsed"] is True
    assert widget(fd("date", help="วันลงนาม"))["hint"] == "วันลงนาม ปฏิทินเป็นปี ค.ศ. เว็บไซต์จะแสดงเป็น พ.ศ. ให้อัตโนมัติ"


@pytest.mark.parametrize("name", sorted(TYPES))
def test_every_row_has_a_cms_widget(name):
    out = widget(fd(name))
    assert out["widget"] and list(out)[:3] == ["label", "name", "required"]


# ---------------------------------------------------------------------------------------------
# scaffold


def test_scaffold_hints():
    assert TYPES["text"].hint(fd("text")) == "ข้อความ"
    assert TYPES["date"].hint(fd("date")) == "วันที่ เช่น 2567-03-31 หรือ 31 มีนาคม 2567"
    assert TYPES["choice"].hint(fd("choice")) == "ตัวเลือก ใช้ค่าใดค่าหนึ่ง: open = มี, none = ไม่มี"
    assert TYPES["choice"].hint(fd("choice", options={})) == "ตัวเลือก"
    assert TYPES["image"].hint(fd("image")).endswith("วางไฟล์ในโฟลเดอร์ files/ แล้วใส่ที่อยู่ไฟล์")


@pytest.mark.parametrize("name", sorted(n for n, t in TYPES.items() if not t.records and not t.prose and n != "taxid"))
def test_scaffold_example_is_a_valid_value(name):
    example = TYPES[name].example(fd(name), 2567, "o01")
    assert parse(name, yaml.safe_load(example)) not in (None, "")


def test_scaffold_examples():
    assert TYPES["file"].example(fd("file"), 2567, "o10") == "files/o10-f.pdf"
    assert TYPES["list_of_int"].example(fd("list_of_int"), 2568, "agency") == "[2568]"
    assert TYPES["text"].example(fd("text"), 2567, "o01") == '""'
    assert TYPES["taxid"].example(fd("taxid"), 2567, "o01").startswith('"0000000000000"  #')

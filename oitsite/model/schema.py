"""Topic schemas (data files in oitsite/catalogs/topics/) → pydantic models.

One schema language for everything an agency writes: topic files, agency.yaml, and the CMS
form config (oitsite.publish.admin) are all generated from the same YAML schema files.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from oitsite.findings import Code
from oitsite.model.fieldtypes import FIELD_TYPES, TYPES, FieldType

CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalogs"
TOPIC_DIR = CATALOG_DIR / "topics"


@dataclass
class FieldDef:
    name: str
    type: str
    title: str
    options: dict[str, str] = field(default_factory=dict)
    fields: dict[str, "FieldDef"] = field(default_factory=dict)
    help: str = ""
    display: str = ""  # lists: "table" (default) or "cards" (people, news)
    #: the scaffold writes this field as a commented-out example only (``documents``)
    commented: bool = False

    @property
    def ftype(self) -> FieldType:
        return TYPES[self.type]

    @property
    def is_list(self) -> bool:
        return self.ftype.records


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
    if TYPES[ftype].records and not sub:
        raise SchemaError(f"{where}: list field '{name}' needs 'fields'")
    return FieldDef(name, ftype, raw.get("title", name), dict(raw.get("options") or {}), sub, raw.get("help", ""),
                    raw.get("display", ""))


class SchemaError(Exception):
    """A broken schema file in the package: a developer error, not an editor's."""


#: The one schema hook: every topic may carry its signed originals (PDF, images) as
#: ``documents``, each citing the pages that show an element (``evidence``; oitsite.model.documents).
DOCUMENTS_FIELD = "documents"
_DOCUMENTS = {
    "type": "list", "title": "เอกสารต้นฉบับ (PDF ที่ลงนามแล้ว)",
    "help": "ไฟล์ PDF/รูปภาพของเอกสารจริง และหน้าที่แสดงแต่ละองค์ประกอบ (evidence)",
    "fields": {
        "file": {"type": "file", "title": "ไฟล์เอกสาร"},
        "title": {"type": "text", "title": "ชื่อเอกสาร"},
        "date": {"type": "date", "title": "วันที่ของเอกสาร"},
        "approved": {"type": "date", "title": "วันที่ลงนาม/อนุมัติ"},
        "evidence": {"type": "evidence", "title": "หน้าที่แสดงองค์ประกอบ"},
    },
}


def parse_topic(raw: dict, source_file: str = "", *, documents: bool = True) -> TopicDef:
    fields = {k: _field(k, v, raw.get("id", "?")) for k, v in (raw.get("fields") or {}).items()}
    if "body" in fields:
        raise SchemaError(f"{raw.get('id')}: 'body' is reserved for the topic's Markdown file")
    if documents and DOCUMENTS_FIELD in fields:
        raise SchemaError(f"{raw.get('id')}: '{DOCUMENTS_FIELD}' is added to every topic (documents as evidence)")
    if documents:
        fields[DOCUMENTS_FIELD] = _field(DOCUMENTS_FIELD, _DOCUMENTS, raw.get("id", "?"))
        fields[DOCUMENTS_FIELD].commented = True
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
    topic = parse_topic(raw, documents=False)
    # Not part of the form: editor-level settings.
    topic.fields["suppress"] = FieldDef("suppress", "list_of_text", "รหัสคำเตือนที่ไม่ต้องแสดง")
    # GitHub handles of the agency's editors: CODEOWNERS of its folder (oitsite hub codeowners)
    topic.fields["editors"] = FieldDef("editors", "list_of_text", "ผู้ดูแลข้อมูลของหน่วยงาน (ชื่อบัญชี GitHub)",
                                       help="เช่น @somchai — oitsite hub codeowners ให้ผู้ดูแลเป็นเจ้าของเฉพาะโฟลเดอร์ของหน่วยงานตนเอง")
    return topic


def _model_for(name: str, fields: dict[str, FieldDef]) -> type[BaseModel]:
    spec: dict[str, Any] = {}
    for fname, fd in fields.items():
        if fd.is_list:
            sub = _model_for(f"{name}_{fname}", fd.fields)
            spec[fname] = (Optional[list[sub]], None)  # type: ignore[valid-type]
        else:
            spec[fname] = (Optional[fd.ftype.annotation(fd)], None)
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

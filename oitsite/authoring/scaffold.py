"""`oitsite new SLUG`: a complete, commented agency skeleton for the newest catalog.

Every text value is a placeholder ``((กรอก: <field title>))`` that ``oitsite check`` reports
(``oit.placeholder``); typed values (dates, amounts, links, choices, files…) are left out and
explained in a Thai comment, because a placeholder there would be a type error: the check then
reports the element as missing. The checklist of what to fill in is the validator's output.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from oitsite.model.catalog import Catalog, default_year, load_catalog
from oitsite.model.schema import FieldDef, TopicDef, agency_schema, load_topics

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")

AGENCY_TYPE_PREFIX = {
    "sao": ("องค์การบริหารส่วนตำบล", "อบต."),
    "subdistrict_municipality": ("เทศบาลตำบล", "ทต."),
    "town_municipality": ("เทศบาลเมือง", "ทม."),
    "city_municipality": ("เทศบาลนคร", "ทน."),
    "pao": ("องค์การบริหารส่วนจังหวัด", "อบจ."),
}


def placeholder(title: str) -> str:
    # a space before the closing (( )) keeps a title that ends in ")" whole in the check's message
    return f"((กรอก: {title}{' ' if title.endswith(')') else ''}))"


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def field_lines(fields: dict[str, FieldDef], indent: str, year: int, topic_id: str) -> list[str]:
    """YAML lines for one mapping level: placeholders for text, commented examples for the rest."""
    out: list[str] = []
    for name, fd in fields.items():
        help_ = f" — {fd.help}" if fd.help else ""
        if fd.commented:  # an optional block (documents): a commented example, never a placeholder
            out.append(f"{indent}# {fd.title} (รายการ ถ้ามี){help_}: ลบ # หน้าบรรทัดแล้วแก้ค่า")
            out.append(f"{indent}# {name}:")
            out += [f"{indent}#   {'- ' if i == 0 else '  '}{n}: {sub.ftype.example(sub, year, topic_id)}"
                    for i, (n, sub) in enumerate(fd.fields.items())]
            continue
        if fd.is_list:
            inner = field_lines(fd.fields, indent + "    ", year, topic_id)
            has_value = any(not ln.lstrip().startswith("#") for ln in inner)
            out.append(f"{indent}# {fd.title} (รายการ: เพิ่มได้หลายรายการ แต่ละรายการขึ้นต้นด้วย - ){help_}")
            if has_value:
                out.append(f"{indent}{name}:")
                out.append(f"{indent}  - # {fd.title} รายการที่ 1 (คัดลอกทั้งกลุ่มเพื่อเพิ่มรายการ)")
                out += inner
            else:
                out.append(f"{indent}# {name}:")
                out.append(f"{indent}#   - # {fd.title} รายการที่ 1")
                out += inner  # already comments only
        elif fd.ftype.prose:
            out.append(f"{indent}# {fd.title} ({fd.ftype.hint(fd)}){help_}")
            out.append(f"{indent}{name}: {_q(placeholder(fd.title))}")
        else:
            out.append(f"{indent}# {fd.title} ({fd.ftype.hint(fd)}){help_}: ลบ # หน้าบรรทัดถัดไปแล้วแก้ค่า")
            out.append(f"{indent}# {name}: {fd.ftype.example(fd, year, topic_id)}")
    return out


def topic_yaml(tdef: TopicDef, year: int | None, items: list[str], catalog: Catalog) -> str:
    where = f"data/{year}/{tdef.id}.yaml" if year else f"data/{tdef.id}.yaml"
    head = [
        f"# {tdef.title} ({where})",
        f"# ใช้ในข้อ {', '.join(items)} ของ{catalog.title}" if items else f"# ใช้ใน{catalog.title}",
    ]
    if year:
        head.append(f"# ข้อมูลของปีงบประมาณ พ.ศ. {year} (1 ตุลาคม {year - 1} – 30 กันยายน {year})")
    if tdef.description:
        head.append(f"# {' '.join(tdef.description.split())}")
    head += [
        "# วิธีกรอก: แทนที่ข้อความ ((กรอก: …)) ทุกแห่งด้วยข้อมูลจริง บรรทัดที่ขึ้นต้นด้วย # เป็นคำอธิบาย",
        "# ช่องวันที่ ตัวเลข ลิงก์ ตัวเลือก และไฟล์ ให้ลบเครื่องหมาย # หน้าบรรทัดตัวอย่างแล้วแก้ค่า",
        "# ตรวจผลด้วยคำสั่ง: oitsite check <โฟลเดอร์หน่วยงาน>",
        "",
    ]
    return "\n".join(head + field_lines(tdef.fields, "", year or catalog.year, tdef.id)) + "\n"


@dataclass
class AgencyAnswers:
    slug: str
    name_th: str = ""
    type: str = "sao"
    province: str = ""
    district: str = ""
    subdistrict: str = ""
    site_url: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def agency_yaml(ans: AgencyAnswers, catalog: Catalog) -> str:
    schema = agency_schema()
    prefix, short = AGENCY_TYPE_PREFIX.get(ans.type, ("", ""))
    base = ans.name_th.removeprefix(prefix).strip() if ans.name_th and prefix else ""
    values: dict[str, str] = {
        "name_th": _q(ans.name_th or placeholder(schema.fields["name_th"].title)),
        "name_en": _q(placeholder(schema.fields["name_en"].title)),
        "short_name_th": _q(f"{short}{base}" if base else placeholder(schema.fields["short_name_th"].title)),
        "type": ans.type,
        "subdistrict": _q(ans.subdistrict or placeholder("ตำบล")),
        "district": _q(ans.district or placeholder("อำเภอ")),
        "province": _q(ans.province or placeholder("จังหวัด")),
        "years": f"[{catalog.year}]",
        "current_year": str(catalog.year),
        "digits": "arabic",
    }
    if ans.site_url:
        values["site_url"] = _q(ans.site_url)
    lines = [
        f"# ข้อมูลหน่วยงาน (agency.yaml) — สร้างด้วยคำสั่ง oitsite new {ans.slug}",
        "# แทนที่ข้อความ ((กรอก: …)) ด้วยข้อมูลจริง บรรทัดที่ขึ้นต้นด้วย # เป็นคำอธิบาย",
        "# ช่องที่เป็นตัวอย่าง (มี # นำหน้า) ให้ลบ # ออกแล้วแก้ค่า",
        "",
    ]
    for name, fd in schema.fields.items():
        if name in ("suppress", "example"):
            continue
        note = fd.ftype.hint(fd)
        if name == "site_url":
            note += " ใช้สร้างลิงก์เต็มและคิวอาร์โค้ดของทุกหน้า เช่น https://<ชื่อบัญชี>.github.io/<ชื่อคลัง>/"
        if name == "years":
            note += " ที่เว็บไซต์แสดง"
        if name == "units":  # a list of records: an example by topic, not by O-number
            lines += [f"# {fd.title} ถ้าต่างจากที่เกณฑ์ระบุ กำหนดตามหัวข้อข้อมูล (oitsite topics) ไม่ใช่เลขข้อ: "
                      "ลบ # หน้าบรรทัดถัดไปแล้วแก้ค่า", "# units:", "#   - topic: procurement", "#     unit: กองคลัง"]
            continue
        if name in values:
            lines.append(f"# {fd.title} ({note})")
            lines.append(f"{name}: {values[name]}")
        elif fd.ftype.prose:
            lines.append(f"# {fd.title} ({note})")
            lines.append(f"{name}: {_q(placeholder(fd.title))}")
        else:
            lines.append(f"# {fd.title} ({note}): ลบ # หน้าบรรทัดถัดไปแล้วแก้ค่า")
            lines.append(f"# {name}: {fd.ftype.example(fd, catalog.year, 'agency')}")
    return "\n".join(lines) + "\n"


def topic_slots(catalog: Catalog, topics: dict[str, TopicDef]) -> dict[tuple[str, int | None], list[str]]:
    """(topic, fiscal year or None) → item ids, for every topic the catalog's items show."""
    slots: dict[tuple[str, int | None], list[str]] = {}
    for item in catalog.items:
        for ref in item.topics:
            tdef = topics[ref.topic]
            key = (ref.topic, catalog.year + ref.year if tdef.yearly else None)
            slots.setdefault(key, []).append(item.id)
    return slots


def create_agency(target: Path, ans: AgencyAnswers, year: int | None = None) -> list[Path]:
    """Write the skeleton; refuses to touch an existing folder. Returns the files written."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(str(target))
    catalog = load_catalog(year or default_year())
    topics = load_topics()
    files: dict[Path, str] = {target / "agency.yaml": agency_yaml(ans, catalog)}
    for (topic_id, fy), items in sorted(topic_slots(catalog, topics).items(), key=lambda kv: (kv[0][1] or 0, kv[0][0])):
        rel = Path("data", str(fy), f"{topic_id}.yaml") if fy else Path("data", f"{topic_id}.yaml")
        files[target / rel] = topic_yaml(topics[topic_id], fy, items, catalog)
    files[target / "files" / "images" / ".gitkeep"] = ""
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


# ---------------------------------------------------------------------------------------------
# The wizard




#: every spelling an editor may type for an agency type: the code, the short Thai name (with or
#: without its dot) and the full Thai name → the code written in agency.yaml
AGENCY_TYPE_CHOICES: dict[str, tuple[str, ...]] = {k: (short, full) for k, (full, short) in AGENCY_TYPE_PREFIX.items()}


def agency_type(value: str) -> str | None:
    """The agency type code for ``value`` (``ทต.``, ``ทต``, ``เทศบาลตำบล`` or
    ``subdistrict_municipality``), or None."""
    def fold(text: str) -> str:
        return text.strip().casefold().removesuffix(".").replace(" ", "")

    wanted = fold(value)
    for code, names in AGENCY_TYPE_CHOICES.items():
        if wanted in {fold(n) for n in (code, *names)}:
            return code
    return None


def _valid_type(value: str) -> str | None:
    if agency_type(value):
        return None
    return "ใช้ได้: " + ", ".join(f"{v[1]} หรือ {k} ({v[0]})" for k, v in AGENCY_TYPE_PREFIX.items())


def _valid_url(value: str) -> str | None:
    if not value or re.match(r"^https://[^\s/]+\.[^\s]+$", value):
        return None
    return "ลิงก์ต้องขึ้นต้นด้วย https:// เช่น https://ชื่อบัญชี.github.io/ชื่อคลัง/ (เว้นว่างได้)"







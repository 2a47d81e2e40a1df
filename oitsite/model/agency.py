"""Stage 2: an agency folder → a typed Agency (every topic file validated against its schema).

Layout of an agency folder::

    agencies/<slug>/agency.yaml
    agencies/<slug>/data/<topic>.yaml          standing topics (executives, contact…)
    agencies/<slug>/data/<topic>.md            optional free text of a topic
    agencies/<slug>/data/<YYYY>/<topic>.yaml   fiscal-year topics (พ.ศ.), e.g. data/2567/procurement.yaml
    agencies/<slug>/files/…                    attachments referenced from the YAML
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from oitsite import thai
from oitsite.findings import Code, Finding
from oitsite.load.yamlsrc import Source, load_yaml, read_limited
from oitsite.model.placeholders import raw_path, without_placeholders
from oitsite.model.schema import TopicDef, agency_schema, load_topics, validate_data, walk


def shown(path: Path) -> str:
    """How a path is shown to editors: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


@dataclass
class TopicData:
    topic: str
    year: int | None
    data: dict | None  # None: the file had schema errors
    source: Source | None
    file: str
    body: str | None = None  # Markdown from <topic>.md
    body_file: str | None = None
    mtime: float = 0.0
    #: lists that lost template records when placeholders were removed (see model.placeholders)
    moved: dict = field(default_factory=dict)

    def pos(self, path: tuple | list) -> tuple[int | None, int | None]:
        """Line and column in the file of the value at ``path`` of ``data``."""
        if self.source is None:
            return None, None
        return self.source.pos(raw_path(path, self.moved))


@dataclass
class Agency:
    root: Path
    slug: str
    info: dict
    info_source: Source | None
    topics: dict[tuple[str, int | None], TopicData] = field(default_factory=dict)
    topic_defs: dict[str, TopicDef] = field(default_factory=dict)
    #: sha256 of every attachment that passed the checks (agency-relative path → hex): the build
    #: publishes exactly those bytes
    checked_files: dict[str, str] = field(default_factory=dict)
    #: text of every page of every document that passed the checks (agency-relative path → one
    #: string per page, "" for a page without a text layer: a scan), read by oitsite.check.documents
    document_pages: dict[str, list[str]] = field(default_factory=dict)

    def get(self, topic: str, year: int | None = None) -> TopicData | None:
        tdef = self.topic_defs.get(topic)
        if tdef is not None and not tdef.yearly:
            year = None
        return self.topics.get((topic, year))

    def data(self, topic: str, year: int | None = None) -> dict | None:
        td = self.get(topic, year)
        if td is None or td.data is None:
            return None
        out = dict(td.data)
        if td.body:
            out["body"] = td.body
        return out

    @property
    def name(self) -> str:
        return self.info.get("name_th") or self.slug

    @property
    def digits(self) -> str:
        return self.info.get("digits", "arabic")

    @property
    def suppressed(self) -> set[str]:
        return set(self.info.get("suppress") or [])

    @property
    def type(self) -> str:
        """The agency type code of agency.yaml (sao, subdistrict_municipality, …), "" if not set."""
        return str(self.info.get("type") or "")

    def unit_for(self, topics: list[str], default: str = "") -> str:
        """The responsible unit of an item showing ``topics``: the agency's own choice for the first
        of them it names (agency.yaml ``units``, by topic so it survives renumbering), else ``default``
        (the catalog's)."""
        units = {str(u.get("topic")): str(u.get("unit")) for u in self.info.get("units") or []
                 if isinstance(u, dict) and u.get("topic") and u.get("unit")}
        return next((units[t] for t in topics if t in units), default)

    def top_executive(self) -> dict | None:
        execs = (self.data("executives") or {}).get("members") or []
        return next((m for m in execs if m.get("top")), None)


def load_agency(root: Path) -> tuple[Agency | None, list[Finding]]:
    """Load an agency folder. Never raises for bad content; returns findings."""
    root = Path(root)
    findings: list[Finding] = []
    info_path = root / "agency.yaml"
    if not root.is_dir() or not info_path.is_file():
        return None, [Finding(Code.MISSING_AGENCY, f"ไม่พบ {shown(info_path)}", f"{info_path} not found",
                              file=shown(root), fix_th="ระบุโฟลเดอร์ของหน่วยงาน เช่น agencies/demo หรือสร้างด้วย oitsite new <ชื่อ>")]
    if not _inside(root, info_path):
        return None, [Finding(Code.UNSAFE_PATH, "agency.yaml เป็นลิงก์ (symlink) ที่ชี้ออกนอกโฟลเดอร์หน่วยงาน",
                              "agency.yaml is a symbolic link out of the agency folder", file=shown(info_path), line=1,
                              fix_th="แทนลิงก์ด้วยไฟล์ agency.yaml จริงภายในโฟลเดอร์หน่วยงาน")]
    info_src, f = load_yaml(info_path, shown(info_path))
    findings += f
    info: dict = {}
    if info_src is not None:
        clean, problems = validate_data(agency_schema(), info_src.data)
        findings += [info_src.finding(p.code, p.path, p.message_th, message_en=p.message_en, fix_th=p.fix_th) for p in problems]
        info = without_placeholders(clean) or {}  # an unfilled name is no name (check reports it)
        findings += _notices(agency_schema(), info_src)
        findings += _required_info(info_src, info, shown(info_path))
    agency = Agency(root=root.resolve(), slug=root.resolve().name, info=info, info_source=info_src,
                    topic_defs=load_topics())
    data_dir = root / "data"
    if (data_dir.is_symlink() or data_dir.exists()) and not _inside(root, data_dir):
        findings.append(Finding(Code.UNSAFE_PATH, "โฟลเดอร์ data เป็นลิงก์ (symlink) ที่ชี้ออกนอกโฟลเดอร์หน่วยงาน จึงไม่อ่านข้อมูลในนั้น",
                                "data/ is a symbolic link out of the agency folder", file=shown(data_dir), line=1,
                                fix_th="ลบลิงก์ data แล้วสร้างโฟลเดอร์ data จริงภายในโฟลเดอร์หน่วยงาน"))
    elif data_dir.is_dir():
        for path in sorted(data_dir.rglob("*")):  # does not descend into linked folders
            if path.name.startswith("."):
                continue
            if path.is_dir():
                if path.is_symlink() and not _inside(root, path):
                    findings.append(Finding(Code.UNSAFE_PATH, f"โฟลเดอร์ {path.name} เป็นลิงก์ (symlink) ที่ชี้ออกนอกโฟลเดอร์หน่วยงาน "
                                            "จึงไม่อ่านข้อมูลในนั้น", "Folder is a symbolic link out of the agency folder",
                                            file=shown(path), line=1, fix_th="ลบลิงก์นั้น แล้วสร้างเป็นโฟลเดอร์จริง"))
                continue
            findings += _load_data_file(agency, data_dir, path)
    _stamp(agency)
    return agency, findings


#: agency.yaml fields a site cannot be published without (name, kind of agency, its address on the web)
REQUIRED_INFO = ("name_th", "type", "site_url")


def _required_info(src: Source, info: dict, where: str) -> list[Finding]:
    """Findings for an empty agency.yaml or one missing REQUIRED_INFO (a field with a wrong value
    already has its own finding)."""
    schema = agency_schema()
    data = src.data if isinstance(src.data, dict) else None
    if src.data is not None and data is None:
        return []  # not a mapping: already reported
    missing = [k for k in REQUIRED_INFO if not (data or {}).get(k) and k not in info]
    if not missing:
        return []
    titles = ", ".join(f"{k} ({schema.fields[k].title})" for k in missing)
    if not data:
        return [Finding(Code.MISSING_FIELD, f"ไฟล์ agency.yaml ว่างเปล่า ยังไม่ได้กรอก {titles}",
                        "agency.yaml is empty", file=where, line=1, items=missing,
                        fix_th="กรอกข้อมูลหน่วยงานตามตัวอย่างใน agencies/demo/agency.yaml หรือสร้างใหม่ด้วย oitsite new")]
    line, _ = src.pos(())
    return [Finding(Code.MISSING_FIELD, f"agency.yaml ยังไม่ได้กรอก {titles}", f"agency.yaml lacks {', '.join(missing)}",
                    file=where, line=line or 1, items=missing,
                    fix_th="เพิ่มบรรทัด " + " และ ".join(f"{k}: …" for k in missing) + " (ดูตัวอย่างใน agencies/demo/agency.yaml)")]


def _git_times(root: Path) -> dict[Path, float]:
    """Last commit time of every tracked file under ``root`` (one git call; empty outside git)."""
    try:
        proc = subprocess.run(["git", "log", "--format=@%ct", "--name-only", "--relative", "--", "."],
                              cwd=root, capture_output=True, text=True, timeout=60)
        top = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return {}
    if proc.returncode or top.returncode:
        return {}
    times: dict[Path, float] = {}
    stamp = 0.0
    for line in proc.stdout.splitlines():
        if line.startswith("@"):
            stamp = float(line[1:])
        elif line.strip():
            times.setdefault((root / line.strip()).resolve(), stamp)
    return times


def _stamp(agency: Agency) -> None:
    """'Last updated' of each topic: git commit time when tracked and unchanged, else file mtime;
    clamped to SOURCE_DATE_EPOCH so that builds are reproducible."""
    times = _git_times(agency.root)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    limit = float(epoch) if epoch and epoch.isdigit() else None
    dirty = _git_dirty(agency.root) if times else set()
    for td in agency.topics.values():
        stamps = []
        for f in (td.file, td.body_file):
            if not f:
                continue
            p = Path(f).resolve()
            t = times.get(p) if p not in dirty else None
            if t is None and p.exists():
                t = p.stat().st_mtime
            if t is not None:
                stamps.append(t)
        td.mtime = max(stamps) if stamps else 0.0
        if limit is not None and td.mtime > limit:
            td.mtime = limit


def _git_dirty(root: Path) -> set[Path]:
    try:
        proc = subprocess.run(["git", "status", "--porcelain", "--", "."], cwd=root, capture_output=True, text=True, timeout=30)
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return set()
    base = Path(top.stdout.strip())
    return {(base / line[3:].strip()).resolve() for line in proc.stdout.splitlines() if len(line) > 3}


def _inside(root: Path, path: Path) -> bool:
    """True when ``path``, with every symbolic link followed, stays inside ``root``."""
    try:
        real = path.resolve(strict=False)
    except (OSError, RuntimeError):  # a symlink loop
        return False
    root = root.resolve()
    return real == root or root in real.parents


#: Years before the first catalog year that a year folder may still hold (archives) and after the last.
YEARS_BACK, YEARS_AHEAD = 20, 3


def _implausible_year(year: int) -> tuple[str, str] | None:
    """(why, fix) when a year folder cannot be a fiscal year: 543 added twice (3110), or far from
    every year that has a catalog."""
    from oitsite.model.catalog import available_years

    if year not in thai.BE_YEARS:
        if year - thai.BE_OFFSET in thai.BE_YEARS:
            return (f"ไม่ใช่ปี พ.ศ. (ดูเหมือนบวก 543 ซ้ำสองครั้ง ปีที่ถูกคือ {year - thai.BE_OFFSET})",
                    f"เปลี่ยนชื่อโฟลเดอร์เป็น data/{year - thai.BE_OFFSET}/")
        return "ไม่ใช่ปี พ.ศ. ที่เป็นไปได้", "ใช้ปีงบประมาณ พ.ศ. 4 หลัก เช่น data/2567/"
    try:
        years = available_years()
    except Exception:  # no catalogs: the year is judged later, against the catalogs asked for
        years = []
    if years and not years[0] - YEARS_BACK <= year <= years[-1] + YEARS_AHEAD:
        return (f"เป็นปี {year} ซึ่งห่างจากปีที่มีเกณฑ์ ({years[0]}–{years[-1]}) มากเกินไป",
                "ตรวจปีในชื่อโฟลเดอร์ (พิมพ์ผิดหรือไม่) ให้เป็นปีงบประมาณ พ.ศ. เช่น data/2567/")
    return None


def _wrong_name(path: Path, topics: dict[str, TopicDef]) -> str | None:
    """The name a data file should have, when its name is a topic's written wrongly:
    ``contact.YAML``, ``contact.yml``, ``Contact.yaml``, ``executives.yaml.txt``."""
    name = path.name
    lower = name.lower()
    for ext in (".yaml", ".yml", ".md"):
        stem, dot, rest = lower.partition(ext)
        if not dot or (rest and not rest.startswith(".")):
            continue
        want = ".md" if ext == ".md" else ".yaml"
        if stem in topics:
            right = stem + want
            if right == name or (rest and (path.parent / right).is_file()):
                return None  # the file itself, or a copy beside it (contact.yaml.bak)
            return right
        if not rest and (ext == ".yml" or name[len(stem):] != ext):  # notes.yml, notes.YAML
            return name[:len(stem)] + want
        return None
    return None


def _load_data_file(agency: Agency, data_dir: Path, path: Path) -> list[Finding]:
    rel = path.relative_to(data_dir)
    where = shown(path)
    topics = agency.topic_defs
    wrong = _wrong_name(path, topics)
    if wrong:
        return [Finding(Code.BAD_FILENAME, f"ชื่อไฟล์ต้องเป็น {wrong} (พบ {path.name}) จึงยังไม่ได้อ่านไฟล์นี้",
                        f"file must be named {wrong} (found {path.name})", file=where, line=1,
                        fix_th=f"เปลี่ยนชื่อไฟล์เป็น {wrong} (นามสกุล .yaml หรือ .md ตัวพิมพ์เล็ก)")]
    if path.suffix not in (".yaml", ".md"):
        return []  # other files in data/ are allowed (notes, images): not topics
    year: int | None = None
    if len(rel.parts) == 2:
        folder = thai.to_arabic_digits(rel.parts[0])
        if not re.fullmatch(r"\d{4}", folder):
            return [Finding(Code.UNKNOWN_YEAR, f"โฟลเดอร์ '{rel.parts[0]}' ต้องเป็นปีงบประมาณ พ.ศ. 4 หลัก เช่น data/2567/",
                            "Year folders must be a Buddhist-Era year", file=where, line=1)]
        year = int(folder)
        if thai.is_ce_year(year):
            return [Finding(Code.UNKNOWN_YEAR, f"โฟลเดอร์ปี {year} เป็น ค.ศ. ให้เปลี่ยนชื่อเป็น พ.ศ. {thai.as_be_year(year)}",
                            "Year folder is Gregorian", file=where, line=1, fix_th=f"เปลี่ยนชื่อโฟลเดอร์เป็น data/{thai.as_be_year(year)}/")]
        problem = _implausible_year(year)
        if problem:
            return [Finding(Code.BAD_YEAR_FOLDER, f"โฟลเดอร์ data/{rel.parts[0]}/ {problem[0]} จึงยังไม่ได้อ่านไฟล์ในโฟลเดอร์นี้",
                            "Year folder is not a plausible Buddhist-Era fiscal year", file=where, line=1, fix_th=problem[1])]
    elif len(rel.parts) > 2:
        return [Finding(Code.UNKNOWN_TOPIC, "ไฟล์ข้อมูลอยู่ลึกเกินไป ใช้ data/<หัวข้อ>.yaml หรือ data/<ปี>/<หัวข้อ>.yaml",
                        "Data files are data/<topic>.yaml or data/<year>/<topic>.yaml", file=where, line=1)]
    if not _inside(agency.root, path):
        return [Finding(Code.UNSAFE_PATH, f"ไฟล์ {path.name} เป็นลิงก์ (symlink) ที่ชี้ออกนอกโฟลเดอร์หน่วยงาน จึงไม่อ่านไฟล์นี้",
                        "Data file is a symbolic link out of the agency folder", file=where, line=1,
                        fix_th="ลบลิงก์นั้น แล้วคัดลอกเนื้อหาที่ต้องการมาไว้ในไฟล์จริงภายในโฟลเดอร์หน่วยงาน")]
    topic_id = path.stem
    tdef = topics.get(topic_id)
    if tdef is None:
        guess = difflib.get_close_matches(topic_id, list(topics), n=1, cutoff=0.5)
        hint = f" หมายถึง '{guess[0]}' หรือไม่?" if guess else ""
        return [Finding(Code.UNKNOWN_TOPIC, f"ไม่มีหัวข้อชื่อ '{topic_id}'{hint}", f"Unknown topic '{topic_id}'", file=where, line=1,
                        fix_th="ชื่อไฟล์ต้องตรงกับหัวข้อ ดูรายชื่อได้ด้วยคำสั่ง oitsite topics")]
    if tdef.yearly and year is None:
        return [Finding(Code.UNKNOWN_YEAR, f"หัวข้อ '{topic_id}' แยกตามปีงบประมาณ ต้องอยู่ในโฟลเดอร์ปี เช่น data/2567/{path.name}",
                        "Fiscal-year topic outside a year folder", file=where, line=1)]
    if not tdef.yearly and year is not None:
        return [Finding(Code.UNKNOWN_YEAR, f"หัวข้อ '{topic_id}' ไม่แยกตามปี ให้ย้ายไปไว้ที่ data/{path.name}",
                        "Standing topic inside a year folder", file=where, line=1)]
    key = (topic_id, year)
    td = agency.topics.get(key) or TopicData(topic_id, year, None, None, "")
    agency.topics[key] = td
    if path.suffix == ".md":
        raw, problems = read_limited(path, where)
        if raw is None:
            return problems
        try:
            td.body = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [Finding(Code.FILE_ENCODING, "ไฟล์ Markdown ไม่ได้บันทึกเป็น UTF-8", "Not UTF-8", file=where, line=1,
                            fix_th="บันทึกไฟล์ใหม่เป็น UTF-8")]
        td.body_file = where
        if td.data is None and td.source is None:
            td.data = {}
        return []
    if td.source is not None:
        return [Finding(Code.DUPLICATE_ID, f"มีไฟล์ของหัวข้อ '{topic_id}' มากกว่าหนึ่งไฟล์",
                        "Two files for one topic", file=where, line=1)]
    src, findings = load_yaml(path, where)
    td.file = where
    td.source = src
    if src is None:
        td.data = None
        return findings
    clean, problems = validate_data(tdef, src.data)
    findings += [src.finding(p.code, p.path, p.message_th, message_en=p.message_en, fix_th=p.fix_th, items=[])
                 for p in problems]
    td.data = without_placeholders(clean, td.moved)  # check reports them from the raw YAML
    findings += _notices(tdef, src)
    return findings


def _notices(tdef: TopicDef, src: Source) -> list[Finding]:
    """Notices for dates whose Buddhist-Era year was understood (2567-03-31 typed as an ISO date)."""
    out = []
    for path, fd, value in walk(tdef.fields, src.data if isinstance(src.data, dict) else {}):
        if not fd.ftype.is_date:
            continue
        try:
            parsed = thai.parse_date(value)
        except thai.ThaiValueError:
            continue
        if parsed.notice_th:
            out.append(src.finding(Code.BE_DATE, path, parsed.notice_th, message_en="Year read as Buddhist Era"))
    return out



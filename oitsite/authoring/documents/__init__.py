"""``oitsite import documents DIR``: a folder of an agency's existing OIT files → its data.

Each file is mapped to its ITA item (:mod:`.mapping`: the O-number in its name or folder, a saved
OIT menu page linking to it, else its title against the catalog's item titles — *guessed*),
checked with the same safety checks as attachments (size, real type, no active PDF content,
no symbolic links), copied to ``files/<year>/`` under a safe name, and listed under ``documents:``
in the data file of the item's first topic (``data/<year>/<topic>.yaml`` or ``data/<topic>.yaml``)
with a title and dates read from the PDF (:mod:`.pdftext`). Existing files are merged into, never
overwritten silently (:mod:`.yamlmerge`); a re-run adds nothing (same bytes → same entry).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from oitsite import thai
from oitsite.authoring.importer import _safe_target
from oitsite.authoring.importer.result import FindingsResult, _Findings
from oitsite.authoring.importer.write import atomic_write
from oitsite.check.validate import MAX_FILE_BYTES, MAX_IMAGE_BYTES, inspect_pdf, open_verified, safe_resolve, sniff
from oitsite.findings import Code, Finding
from oitsite.load import yamlsrc
from oitsite.model.agency import shown
from oitsite.model.catalog import Catalog, CatalogError, available_years, default_year, load_catalog
from oitsite.model.schema import load_topics, validate_data

from . import mapping, pdftext, yamlmerge
from .mapping import ItemText, Mapping, NameInfo

__all__ = ["DocImportResult", "FileOutcome", "import_documents", "mapping", "pdftext", "yamlmerge"]

#: files looked at in one import folder, and the size of a saved menu page read
MAX_FILES = 5000
MAX_HTML_BYTES = 2 * 1024 * 1024


@dataclass
class FileOutcome:
    """What became of one file of the import folder."""

    source: str  # path relative to the import folder
    kind: str  # pdf | image | office | html | junk | other
    status: str  # mapped | guessed | already | menu | leftover | refused
    item: str | None = None
    year: int | None = None  # the assessment year whose item it is
    how: str = ""  # name | folder | menu | title | contradiction
    topic: str | None = None
    data_file: str | None = None  # relative to the agency folder
    dest: str | None = None  # files/<year>/…, relative to the agency folder
    title: str = ""
    date: Any = None
    approved: Any = None
    has_text: bool | None = None
    reason_th: str = ""
    sha256: str = ""

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["date"] = str(self.date) if self.date else None
        d["approved"] = str(self.approved) if self.approved else None
        return d


@dataclass
class DocImportResult(FindingsResult):
    source: str
    year: int | None = None
    year_from: str = ""
    dry_run: bool = False
    outcomes: list[FileOutcome] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # data files written (relative to the agency)
    copied: int = 0
    backups: list[str] = field(default_factory=list)
    menu_missing: list[str] = field(default_factory=list)  # menu links to documents not in the folder
    findings: list[Finding] = field(default_factory=list)


    def by_status(self, *status: str) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status in status]

    def as_dict(self) -> dict:
        return {"source": self.source, "year": self.year, "year_from": self.year_from, "dry_run": self.dry_run,
                "written": self.written, "copied": self.copied, "backups": self.backups, "menu_missing": self.menu_missing,
                "mapped": len(self.by_status("mapped")), "guessed": len(self.by_status("guessed")),
                "already": len(self.by_status("already")), "leftover": len(self.by_status("leftover", "refused")),
                "files": [o.as_dict() for o in self.outcomes], "errors": len(self.errors),
                "findings": [f.as_dict() for f in self.findings]}

    def format_text(self) -> str:
        """The Thai report: what was mapped, guessed and left over, then the findings."""
        year_how = {"option": "ตาม --year", "path": "จากชื่อโฟลเดอร์/ไฟล์", "default": "ปีล่าสุดของเกณฑ์"}
        out = [(f"นำเข้าเอกสารจาก {self.source} สำหรับการประเมินปี {self.year or '-'}"
                f" ({year_how.get(self.year_from, '-')})")]

        def line(o: FileOutcome) -> str:
            extra = []
            if o.date:
                extra.append(f"ลงวันที่ {o.date}")
            if o.approved:
                extra.append(f"อนุมัติ {o.approved}")
            if o.has_text is False:
                extra.append("ภาพสแกน ไม่มีข้อความ")
            tail = f" [{' · '.join(extra)}]" if extra else ""
            other = f" ปี {o.year}" if o.year and o.year != self.year else ""
            return f"  {o.item}{other} ← {o.source} → {o.dest} ({o.data_file}) \"{o.title}\"{tail}"

        groups = [("mapped", "จับคู่ได้จากเลขข้อ/เมนู"), ("guessed", "เดาจากชื่อเรื่อง (ตรวจให้แน่ใจ)"),
                  ("already", "นำเข้าไว้แล้ว (ไม่เพิ่มซ้ำ)")]
        for status, label in groups:
            rows = sorted(self.by_status(status), key=lambda o: (mapping._num(o.item or ""), o.source))
            if rows:
                out.append(f"{label}: {len(rows):,} ไฟล์")
                for o in rows:
                    out.append(line(o) + (f" — {o.reason_th}" if status == "guessed" and o.reason_th else ""))
        menus = self.by_status("menu")
        if menus:
            out.append(f"หน้าเมนูที่ใช้จับคู่: {', '.join(o.source for o in menus)}")
        if self.menu_missing:
            out.append(f"ลิงก์ในหน้าเมนูถึงเอกสารที่ไม่มีในโฟลเดอร์ ({len(self.menu_missing):,}) ดาวน์โหลดจากเว็บไซต์เดิมแล้วนำเข้าอีกครั้ง:")
            out.extend(f"  {x}" for x in self.menu_missing)
        left = self.by_status("leftover", "refused")
        if left:
            out.append(f"เหลือ ไม่ได้นำเข้า: {len(left):,} ไฟล์")
            for o in left:
                out.append(f"  {o.source} — {o.reason_th}")
        for f in self.findings:
            if f.code in (Code.IMPORT_GUESSED, Code.IMPORT_LEFTOVER):
                continue  # already in the lists above
            out.append(f.format("th"))
        n_ok = len(self.by_status("mapped", "guessed"))
        if self.errors:
            out.append(f"ยังไม่ได้บันทึก: พบข้อผิดพลาด {len(self.errors):,} รายการ")
        elif self.dry_run:
            out.append(f"ทดลอง (--dry-run): จะนำเข้า {n_ok:,} ไฟล์ ยังไม่ได้คัดลอกหรือบันทึกไฟล์ใด")
        else:
            out.append(f"นำเข้าแล้ว {n_ok:,} ไฟล์ (คัดลอก {self.copied:,}) บันทึกไฟล์ข้อมูล {len(self.written):,} ไฟล์"
                       + (f": {', '.join(self.written)}" if self.written else "")
                       + " — ตรวจด้วย oitsite check แล้วระบุหน้าที่แสดงแต่ละองค์ประกอบใน evidence")
        return "\n".join(out)


class _DocFindings(_Findings):
    """The importer's collector; a finding about one file carries that file (not the folder)."""

    def at(self, path: Path, code: Code, message_th: str, fix_th: str = "", severity: str | None = None) -> None:
        self.items.append(Finding(code, message_th, file=shown(path), fix_th=fix_th, severity=severity))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- reading the folder


@dataclass
class _Source:
    rel: str
    path: Path
    kind: str
    data: bytes = b""
    sha256: str = ""
    name: NameInfo = field(default_factory=NameInfo)
    pdf: pdftext.PdfInfo | None = None
    menu: mapping.MenuLink | None = None


def _walk(root: Path, fx: _DocFindings, outcomes: list[FileOutcome]) -> list[tuple[str, Path]]:
    """Every regular file under ``root`` (sorted, relative POSIX paths); links are left over."""
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        here = Path(dirpath)
        for d in list(dirnames):
            if (here / d).is_symlink():
                dirnames.remove(d)
                rel = (here / d).relative_to(root).as_posix()
                outcomes.append(FileOutcome(rel, "other", "refused", reason_th="เป็นลิงก์ (symbolic link) ไม่ตามเข้าไป"))
            elif d.startswith("."):
                dirnames.remove(d)
        for name in sorted(filenames):
            p = here / name
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                outcomes.append(FileOutcome(rel, "other", "refused", reason_th="เป็นลิงก์ (symbolic link) ไม่คัดลอก"))
                continue
            found.append((rel, p))
            if len(found) > MAX_FILES:
                fx.general(Code.IMPORT_TOO_LARGE, f"โฟลเดอร์ {root} มีไฟล์เกิน {MAX_FILES:,} ไฟล์ จึงไม่นำเข้า",
                           "นำเข้าทีละโฟลเดอร์ย่อย (เช่น ทีละปี)")
                return []
    return found


def _read_menu(data: bytes) -> list[mapping.MenuLink]:
    for enc in ("utf-8", "cp874"):  # pages saved from old Thai sites are often TIS-620/Windows-874
        try:
            return mapping.menu_links(data.decode(enc))
        except UnicodeDecodeError:
            continue
    return mapping.menu_links(data.decode("utf-8", errors="replace"))


def _load_source(root: Path, src: _Source, fx: _DocFindings) -> str | None:
    """Read and check one file; None when it may be imported, else why it is left over (Thai)."""
    limit = MAX_IMAGE_BYTES if src.kind == "image" else MAX_FILE_BYTES
    try:
        st = src.path.lstat()
        if not stat.S_ISREG(st.st_mode):
            return "ไม่ใช่ไฟล์ธรรมดา"
        if st.st_size > limit:
            fx.at(src.path, Code.FILE_TOO_LARGE, f"ไฟล์ '{src.rel}' ขนาด {st.st_size / 1048576:.1f} MB เกินกำหนด"
                       f" {limit // 1048576} MB จึงไม่นำเข้า", "ลดขนาดไฟล์ (บีบอัด PDF หรือย่อรูป) แล้วนำเข้าอีกครั้ง",
                       severity="warning")
            return f"ใหญ่เกินกำหนด {limit // 1048576} MB"
        src.data = open_verified(root, src.path.resolve(), limit)
    except OSError:
        return "เปิดอ่านไม่ได้ (ไม่ใช่ไฟล์ธรรมดา หรือเปลี่ยนระหว่างอ่าน)"
    if src.kind in ("pdf", "image", "office"):
        problem = sniff(src.path, src.data)
        if problem:
            fx.at(src.path, Code.BAD_FILE, f"ไฟล์ '{src.rel}' {problem} จึงไม่นำเข้า",
                       "บันทึกไฟล์ใหม่จากโปรแกรมต้นฉบับ แล้วนำเข้าอีกครั้ง", severity="warning")
            return problem
    if src.kind == "pdf":
        found = inspect_pdf(src.data, src.rel, {"file": shown(src.path)})
        fx.items.extend(f for f in found if f.severity != "error")
        bad = [f for f in found if f.severity == "error"]
        if bad:
            for f in bad:
                fx.at(src.path, f.code, f.message_th + " จึงไม่นำเข้า", f.fix_th, severity="warning")
            return "PDF ไม่ปลอดภัยหรือเสียหาย (" + bad[0].code.value + ")"
        src.pdf = pdftext.read_pdf(src.data)
    src.sha256 = hashlib.sha256(src.data).hexdigest()
    src.data = b""  # read again when copied (and compared): 35 scans of 20 MB need not sit in memory
    return None


# --------------------------------------------------------------------------- the catalog as the matcher sees it


def _items(catalog: Catalog) -> list[ItemText]:
    topics = load_topics()
    out = []
    for it in catalog.items:
        texts = [it.title] + [topics[r.topic].title for r in it.topics if r.topic in topics]
        if it.topics:
            texts += mapping.ALIASES.get((it.topics[0].topic, it.topics[0].year), ())
        out.append(ItemText.of(it.id, it.number, tuple(dict.fromkeys(texts))))
    return out


def _map(src: _Source, items: list[ItemText]) -> Mapping:
    n, how = src.name.number, src.name.number_from
    if n is None and src.menu is not None:
        n = mapping.number_in(src.menu.text, len(items))
        around = mapping.numbers_in(src.menu.context, len(items))
        if n is None and len(around) == 1:  # the row names one item: that is the link's
            n = next(iter(around))
        how = "menu" if n is not None else ""
    texts = [src.name.text]
    if src.menu is not None:
        texts.append(mapping.strip_number(src.menu.text) or src.menu.context)
    if n is None and src.pdf is not None and src.pdf.title:
        texts.append(src.pdf.title)
    return mapping.decide(n, how, texts, items)


def _choose_year(sources: list[_Source], root: Path) -> tuple[int, str]:
    """The assessment year from the folder's own name, its year folders, else the names' years
    (a file for an item that shows last year's data votes for the year after), else the default."""
    years = set(available_years())
    name = root.resolve().name
    own = mapping.year_in(name) if name else None
    if own in years:
        return own, "path"  # type: ignore[return-value]
    default = default_year()
    votes: Counter[int] = Counter()
    try:
        cat = load_catalog(default)
        items = _items(cat)
        offsets = {it.id: it.topics[0].year for it in cat.items if it.topics}
    except CatalogError:
        items, offsets = [], {}
    for s in sources:
        if s.name.year_from == "folder":
            votes[s.name.year] += 3  # type: ignore[index]
        elif s.name.year_from == "name" and s.name.year:
            m = _map(s, items) if items else None
            votes[s.name.year - (offsets.get(m.item, 0) if m and m.item else 0)] += 1
    ranked = [(y, n) for y, n in votes.most_common() if y in years]
    if ranked:
        best = max(n for _, n in ranked)
        return max(y for y, n in ranked if n == best), "path"
    return default, "default"


# --------------------------------------------------------------------------- the import


def import_documents(src_dir: str | os.PathLike[str], agency_dir: str | os.PathLike[str], year: int | str | None = None,
                     *, dry_run: bool = False) -> DocImportResult:
    """Import a folder of OIT files into the agency. Never raises for bad input: every problem is
    a finding on the result; with ``dry_run`` nothing is copied or written."""
    root = Path(src_dir)
    agency = Path(agency_dir)
    fx = _DocFindings(str(root))
    res = DocImportResult(source=str(root), dry_run=dry_run)

    def done() -> DocImportResult:
        res.findings = fx.items
        return res

    if not (agency / "agency.yaml").is_file():
        fx.general(Code.MISSING_AGENCY, f"ไม่พบ {agency / 'agency.yaml'}", "ระบุโฟลเดอร์ของหน่วยงานด้วย --agency เช่น agencies/demo")
        return done()
    if root.is_symlink() or not root.is_dir():
        fx.general(Code.IMPORT_ERROR, f"ไม่พบโฟลเดอร์ {root} (หรือเป็นลิงก์)", "ระบุโฟลเดอร์ที่เก็บไฟล์ OIT เดิมของหน่วยงาน")
        return done()
    try:
        if root.resolve().is_relative_to(agency.resolve()):
            fx.general(Code.IMPORT_ERROR, f"โฟลเดอร์ {root} อยู่ในโฟลเดอร์หน่วยงานเอง จึงไม่นำเข้า",
                       "ย้ายไฟล์เดิมไปไว้นอกโฟลเดอร์หน่วยงาน (เช่น ~/ไฟล์OITเดิม) แล้วนำเข้า")
            return done()
    except OSError:
        pass

    outcomes: list[FileOutcome] = []
    sources: list[_Source] = []
    menus: list[_Source] = []
    for rel, path in _walk(root, fx, outcomes):
        kind = mapping.kind_of(PurePosixPath(rel).name)
        if PurePosixPath(rel).name.startswith(".") and kind != "junk":
            kind = "junk"
        s = _Source(rel, path, kind)
        if kind in ("junk", "other"):
            why = "ไฟล์ของระบบ ไม่ใช่เอกสาร" if kind == "junk" else f"ไม่ใช่เอกสาร PDF รูปภาพ หรือไฟล์ Office ({PurePosixPath(rel).suffix or 'ไม่มีนามสกุล'})"
            outcomes.append(FileOutcome(rel, kind, "leftover", reason_th=why))
            continue
        (menus if kind == "html" else sources).append(s)

    # the menu pages: which file each link names, and the text next to it
    by_rel = {s.rel: PurePosixPath(s.rel).name.lower() for s in sources}
    links: dict[str, mapping.MenuLink] = {}
    for m in menus:
        try:
            data = open_verified(root, m.path.resolve(), MAX_HTML_BYTES)
        except OSError:
            outcomes.append(FileOutcome(m.rel, "html", "leftover", reason_th="หน้าเว็บเปิดอ่านไม่ได้หรือใหญ่เกิน 2 MB"))
            continue
        n = 0
        for link in _read_menu(data):
            target = mapping.link_target(link.href, str(PurePosixPath(m.rel).parent), by_rel)
            if target and target not in links:
                links[target], n = link, n + 1
            elif not target and mapping.kind_of(PurePosixPath(link.href).name) in ("pdf", "image", "office"):
                res.menu_missing.append(f"{link.text or link.context} ({link.href})")
        outcomes.append(FileOutcome(m.rel, "html", "menu", reason_th=f"หน้าเมนูเดิม: ลิงก์ถึงไฟล์ในโฟลเดอร์ {n:,} ไฟล์"))

    if year is not None:
        try:
            yr = thai.parse_fiscal_year(year)
        except thai.ThaiValueError as exc:
            fx.general(Code.IMPORT_ERROR, exc.message_th, "ระบุ --year เป็นปี พ.ศ. เช่น 2567")
            return done()
        res.year, res.year_from = yr, "option"
    try:
        catalog = load_catalog(res.year) if res.year else None
    except CatalogError as exc:
        fx.items.extend(exc.findings)
        return done()

    checked: list[_Source] = []
    seen_hash: dict[str, str] = {}
    for s in sources:
        why = _load_source(root, s, fx)
        if why:
            outcomes.append(FileOutcome(s.rel, s.kind, "refused", reason_th=why))
            continue
        if s.sha256 in seen_hash:
            outcomes.append(FileOutcome(s.rel, s.kind, "leftover", reason_th=f"เนื้อไฟล์ซ้ำกับ {seen_hash[s.sha256]}",
                                        sha256=s.sha256))
            continue
        seen_hash[s.sha256] = s.rel
        s.menu = links.get(s.rel)
        checked.append(s)

    for s in checked:
        s.name = mapping.parse_path(s.rel, 99)  # numbers over the year's last item fall back to the title
    if catalog is None:
        res.year, res.year_from = _choose_year(checked, root)
        try:
            catalog = load_catalog(res.year)
        except CatalogError as exc:
            fx.items.extend(exc.findings)
            return done()
    catalogs: dict[int, tuple[Catalog, list[ItemText]]] = {res.year: (catalog, _items(catalog))}
    years = set(available_years())

    topics = load_topics()
    existing = _existing_documents(agency)
    planned: dict[str, str] = {}  # dest → sha256 (names this run gives out)
    entries: dict[str, list[dict]] = {}
    copies: list[tuple[_Source, str]] = []
    for s in checked:
        fy = res.year
        if s.name.year_from == "folder" and s.name.year != res.year:  # ITA2566/… beside ITA2567/…
            if res.year_from == "option" or s.name.year not in years:
                outcomes.append(FileOutcome(s.rel, s.kind, "leftover", sha256=s.sha256,
                                            reason_th=f"อยู่ในโฟลเดอร์ของปี {s.name.year} ไม่ใช่ปี {res.year}"
                                            + (" (นำเข้าปีนั้นด้วย --year)" if s.name.year in years else " (ไม่มีเกณฑ์ปีนั้น)")))
                continue
            fy = s.name.year  # type: ignore[assignment]
            if fy not in catalogs:
                cat = load_catalog(fy)
                catalogs[fy] = (cat, _items(cat))
        catalog, items = catalogs[fy]
        m = _map(s, items)
        if m.item is None:
            outcomes.append(FileOutcome(s.rel, s.kind, "leftover", reason_th=m.reason_th, sha256=s.sha256,
                                        has_text=s.pdf.has_text if s.pdf else None))
            continue
        item = catalog.item(m.item)
        assert item is not None
        ref = item.topics[0]
        tdef = topics[ref.topic]
        data_year = fy + ref.year
        data_file = f"data/{data_year}/{ref.topic}.yaml" if tdef.yearly else f"data/{ref.topic}.yaml"
        title = _title(s, item.title)
        o = FileOutcome(s.rel, s.kind, "guessed" if m.guessed else "mapped", item=m.item, year=fy, how=m.how, topic=ref.topic,
                        data_file=data_file, title=title, reason_th=m.reason_th, sha256=s.sha256,
                        date=s.pdf.date if s.pdf else None, approved=s.pdf.approved if s.pdf else None,
                        has_text=s.pdf.has_text if s.pdf else None)
        outcomes.append(o)
        if s.sha256 in existing:
            o.status, o.dest = "already", existing[s.sha256]
            o.reason_th = f"มีอยู่แล้วเป็น {existing[s.sha256]}"
            continue
        o.dest = _dest(agency, fy, m.item, s, planned)
        planned[o.dest] = s.sha256
        if not _safe_target(agency, agency / o.dest, fx):  # files/ or files/<year>/ a link: refuse the run
            break
        entry: dict[str, Any] = {"file": o.dest, "title": title}
        if o.date:
            entry["date"] = o.date
        if o.approved:
            entry["approved"] = o.approved
        entry["evidence"] = {}
        entries.setdefault(data_file, []).append(entry)
        copies.append((s, o.dest))
        if m.guessed:
            fx.at(s.path, Code.IMPORT_GUESSED, f"'{s.rel}' นำเข้าเป็น {m.item} โดยเดา: {m.reason_th}",
                       f"ถ้าไม่ใช่ {m.item} ให้ย้ายรายการใน {data_file} ไปไว้ในหัวข้อที่ถูกต้อง")
        if s.kind == "office":
            fx.at(s.path, Code.IMPORT_OFFICE, f"'{s.rel}' เป็นไฟล์ {PurePosixPath(s.rel).suffix} นำเข้าเป็น {m.item} แล้ว"
                       " แต่ผู้ประเมินและประชาชนเปิดได้ไม่สะดวก และระบบตรวจเนื้อหาในไฟล์ไม่ได้",
                       f"บันทึกเป็น PDF (File → Save as PDF) แล้วแทนไฟล์ {o.dest} และแก้ชื่อไฟล์ใน {data_file}")
        if s.pdf is not None and not s.pdf.has_text:
            fx.at(s.path, Code.IMPORT_SCAN, f"'{s.rel}' เป็นภาพสแกนที่ไม่มีข้อความ ชื่อเรื่องได้จากชื่อไฟล์ และระบบจะตรวจเนื้อหาไม่ได้"
                       " (แสดงเป็น 'ผู้แก้ไขรับรอง')",
                       f"ตรวจชื่อเรื่องและวันที่ใน {data_file} หรือใช้ไฟล์ PDF ต้นฉบับที่มีข้อความ (OCR)")
    for o in outcomes:
        if o.status == "leftover" and o.kind in ("pdf", "image", "office"):
            fx.at(root / o.source, Code.IMPORT_LEFTOVER, f"'{o.source}' ไม่ได้นำเข้า: {o.reason_th}",
                       "เปลี่ยนชื่อไฟล์ให้ขึ้นต้นด้วยเลขข้อ เช่น O16 … แล้วนำเข้าอีกครั้ง หรือเพิ่มเองในไฟล์ข้อมูล")
    res.outcomes = sorted(outcomes, key=lambda o: o.source)

    # what the data files become (read, merged, checked) before anything is written
    texts: dict[str, tuple[str, str, str | None]] = {}
    for rel, new in sorted(entries.items()):
        out = agency / rel
        if not _safe_target(agency, out, fx):
            continue
        old = None
        if out.is_file():
            try:
                old = out.read_bytes().decode("utf-8-sig")  # as it is: CRLF line ends kept
            except (OSError, UnicodeDecodeError) as exc:
                fx.at(out, Code.IMPORT_ERROR, f"อ่านไฟล์เดิม {out} ไม่ได้ ({exc.__class__.__name__}) จึงไม่เขียนทับ",
                           "แก้ไฟล์เดิมให้เป็น UTF-8 (oitsite check) แล้วนำเข้าอีกครั้ง")
                continue
        header = (f"# {topics[rel.split('/')[-1][:-5]].title}: เอกสารนำเข้าจาก {root.name} ด้วย oitsite import documents\n"
                  "# ตรวจชื่อเรื่องและวันที่ แล้วระบุหน้าที่แสดงแต่ละองค์ประกอบใน evidence (องค์ประกอบ → เลขหน้า)\n")
        try:
            text, how = yamlmerge.merge(old, new, header)
        except yamlmerge.MergeError as exc:
            fx.at(out, Code.IMPORT_ERROR, f"ไฟล์เดิม {out}: {exc} จึงไม่เขียนทับ",
                       "แก้ไฟล์เดิมให้ถูกรูปแบบ (oitsite check) หรือย้ายไฟล์เดิมออกก่อนนำเข้า")
            continue
        if len(text.encode("utf-8")) > yamlsrc.MAX_YAML_BYTES:
            fx.at(out, Code.FILE_TOO_LARGE, f"ไฟล์ข้อมูล {out} จะใหญ่เกินขนาดสูงสุด จึงไม่บันทึก", "แบ่งเอกสารไปไว้หลายปี")
            continue
        _validate(topics[rel.split("/")[-1][:-5]], text, out, fx)
        texts[rel] = (text, how, old)
    res.findings = fx.items
    if res.errors or dry_run:
        return done()

    # copy the files, then write the data files (a data file never names a file not yet there)
    for s, dest in copies:
        target = agency / dest
        if not _safe_target(agency, target, fx):
            return done()
        if target.is_file() and _sha256_file(target) == s.sha256:
            continue
        try:  # the very bytes that were checked: re-read without following links, compared by sha256
            data = open_verified(root, s.path.resolve(), MAX_IMAGE_BYTES if s.kind == "image" else MAX_FILE_BYTES)
        except OSError:
            data = b""
        if hashlib.sha256(data).hexdigest() != s.sha256:
            fx.at(s.path, Code.FILE_CHANGED, f"ไฟล์ '{s.rel}' ถูกแก้ไข ย้าย หรือเปลี่ยนเป็นลิงก์ระหว่างการนำเข้า จึงหยุดโดยยังไม่บันทึกไฟล์ข้อมูล",
                  "อย่าแก้ไฟล์ในโฟลเดอร์ระหว่างการนำเข้า แล้วสั่งนำเข้าอีกครั้ง")
            return done()
        atomic_write(target, data)
        res.copied += 1
    for rel, (text, how, old) in texts.items():
        out = agency / rel
        if how == "rewritten" and old is not None:
            backup = _backup_name(out)
            shutil.copy2(out, backup)
            res.backups.append(backup.relative_to(agency).as_posix())
            fx.at(out, Code.IMPORT_ERROR, f"เขียนไฟล์ {rel} ใหม่ทั้งไฟล์ (ความเห็นในไฟล์เดิมไม่ได้เก็บไว้)"
                       f" ไฟล์เดิมสำรองไว้ที่ {backup.relative_to(agency).as_posix()}",
                       "ตรวจไฟล์ใหม่ แล้วลบไฟล์สำรองเมื่อไม่ต้องการ", severity="notice")
        atomic_write(out, text)
        res.written.append(rel)
    return done()


def _title(s: _Source, item_title: str) -> str:
    """The PDF's own title, else the file name without the O-number, else the menu link text,
    else the item's title."""
    if s.pdf is not None and s.pdf.title:
        return s.pdf.title
    if s.name.title:
        return s.name.title
    if s.menu is not None and mapping.strip_number(s.menu.text):
        return mapping.strip_number(s.menu.text)
    return item_title + (f" {s.name.year}" if s.name.year else "")


def _dest(agency: Path, year: int, item: str, s: _Source, planned: dict[str, str]) -> str:
    """``files/<year>/<safe name>``: a new name when that name holds different bytes (on disk or
    given to another file in this run); the same name when it already holds these bytes."""
    stem = s.name.title or mapping.strip_number(PurePosixPath(s.rel).stem)
    name = mapping.safe_name(item, stem, PurePosixPath(s.rel).suffix)
    base, ext = os.path.splitext(name)
    n = 1
    while True:
        rel = f"files/{year}/{name}"
        taken = planned.get(rel)
        on_disk = agency / rel
        if taken is None and not on_disk.exists():
            return rel
        if taken is None and on_disk.is_file() and not on_disk.is_symlink() and _sha256_file(on_disk) == s.sha256:
            return rel
        n += 1
        name = f"{base}-{n}{ext}"


def _sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _existing_documents(agency: Path) -> dict[str, str]:
    """sha256 → ``file`` of every document the agency's data files already list."""
    out: dict[str, str] = {}
    data = agency / "data"
    if not data.is_dir() or data.is_symlink():
        return out
    for p in sorted(data.rglob("*.yaml")):
        if p.is_symlink():
            continue
        try:
            loaded = yamlmerge.load(p.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yamlmerge.MergeError):
            continue
        for rel in yamlmerge.document_files(loaded):
            real, problem = safe_resolve(agency, rel)
            if problem or real is None or not real.is_file():
                continue
            try:
                out.setdefault(hashlib.sha256(open_verified(agency, real, MAX_FILE_BYTES)).hexdigest(), rel)
            except OSError:
                continue
    return out


def _validate(topic: Any, text: str, out: Path, fx: _DocFindings) -> None:
    """When the topic schema knows ``documents`` (the evaluation side), the merged file must pass it."""
    if "documents" not in topic.fields:
        return
    _, problems = validate_data(topic, yamlmerge.load(text))
    for p in problems[:20]:
        fx.at(out, Code.IMPORT_ERROR, f"ข้อมูลที่จะบันทึกใน {out.name} ไม่ผ่านการตรวจ ({'.'.join(map(str, p.path))}): {p.message_th}",
                   "แก้ไฟล์เดิมด้วย oitsite check ก่อนนำเข้า")


def _backup_name(p: Path) -> Path:
    n = 1
    while True:
        cand = p.with_name(p.name + (".bak" if n == 1 else f".bak{n}"))
        if not cand.exists():
            return cand
        n += 1

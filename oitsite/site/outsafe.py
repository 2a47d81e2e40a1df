"""``--out`` can never destroy anything oitsite did not create.

A build replaces its output folder as a whole (atomic swap). Before anything is written — no
staging folder, no parent folder — :func:`check_out` refuses an output folder that is or holds
the project, lies inside an agency folder, is or holds a git repository, or is a non-empty
folder without the stamp every built site carries (:data:`STAMP`).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from oitsite.findings import Code, Finding, FindingsError
from oitsite.model.agency import shown

#: The file that marks a folder as a site oitsite built (and may therefore replace).
STAMP = ".oitsite-site"
STAMP_MAX_BYTES = 4096


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("oitsite")
    except PackageNotFoundError:
        return "unknown"


def stamp_text(draft: bool = False) -> str:
    """The stamp: who built the folder, and whether it is the public site or a draft
    (``--allow-incomplete``), which ``oitsite verify-site`` refuses to deploy."""
    return json.dumps({"generator": "oitsite", "version": _version(), "build": "draft" if draft else "public"},
                      ensure_ascii=False) + "\n"


def write_stamp(html: Path, draft: bool = False) -> None:
    (html / STAMP).write_text(stamp_text(draft), encoding="utf-8")


def read_stamp(folder: Path) -> dict | None:
    """The stamp of a built site (None: no real stamp, see :func:`is_stamped`)."""
    if not is_stamped(folder):
        return None
    return json.loads((folder / STAMP).read_text(encoding="utf-8"))


def is_stamped(folder: Path) -> bool:
    """True when ``folder`` carries a real stamp file (a regular file, not a link, small, valid)."""
    p = folder / STAMP
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        import stat

        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > STAMP_MAX_BYTES:
            return False
        data = os.read(fd, STAMP_MAX_BYTES)
    finally:
        os.close(fd)
    try:
        info = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(info, dict) and info.get("generator") == "oitsite"


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _refuse(out: Path, why_th: str, why_en: str, fix_th: str) -> FindingsError:
    return FindingsError([Finding(Code.UNSAFE_OUT, f"ไม่สร้างเว็บไซต์ลงใน {shown(out)}: {why_th} "
                                  "(การสร้างจะแทนที่ทั้งโฟลเดอร์ และลบสิ่งที่อยู่ในนั้น) ไม่มีการเปลี่ยนแปลงใด ๆ",
                                  f"refusing --out {out}: {why_en}", file=shown(out), fix_th=fix_th)])


FIX = "ใช้ --out ชี้ไปยังโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง เช่น --out _build/site"


def _git_inside(folder: Path, limit: int = 200_000) -> Path | None:
    """A ``.git`` anywhere under ``folder`` (symbolic links not followed)."""
    seen = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        if ".git" in dirnames or ".git" in filenames:
            return Path(dirpath) / ".git"
        seen += len(dirnames) + len(filenames)
        if seen > limit:
            return None
    return None


def check_out(out: Path, agency_dir: Path, project: Path | None) -> Path:
    """The resolved output folder, or FindingsError (oit.unsafe-out) when building there could
    delete something oitsite did not create. Writes nothing."""
    raw = Path(out)
    if raw.is_symlink():
        raise _refuse(raw, "เป็นลิงก์ (symlink) ไปยังโฟลเดอร์อื่น", "is a symbolic link",
                      "ใช้ --out ชี้ไปยังโฟลเดอร์จริง ไม่ใช่ลิงก์")
    try:
        resolved = raw.resolve()
    except (OSError, RuntimeError):
        raise _refuse(raw, "อ่านที่อยู่ไม่ได้ (ลิงก์วนซ้ำ)", "cannot be resolved", FIX) from None
    agency = Path(agency_dir).resolve()
    if project is not None:
        project = project.resolve()
        if _within(project, resolved):
            raise _refuse(raw, "เป็นหรือมีโฟลเดอร์โครงการ oitsite (conf.py) อยู่ข้างใน", "is or contains the project root",
                          FIX)
    if _within(resolved, agency):
        raise _refuse(raw, f"อยู่ในโฟลเดอร์ของหน่วยงาน {shown(agency)} (ข้อมูลและไฟล์แนบจะหาย)",
                      "is inside the agency folder", FIX + " (นอกโฟลเดอร์ของหน่วยงาน)")
    if _within(agency, resolved):
        raise _refuse(raw, f"มีโฟลเดอร์ของหน่วยงาน {shown(agency)} อยู่ข้างใน", "contains the agency folder", FIX)
    if ".git" in resolved.parts:
        raise _refuse(raw, "อยู่ในโฟลเดอร์ .git ของ git", "is inside a .git folder", FIX)
    if resolved.exists() and not resolved.is_dir():
        raise _refuse(raw, "เป็นไฟล์ ไม่ใช่โฟลเดอร์", "is a file, not a folder", FIX)
    if resolved.is_dir():
        try:
            entries = os.listdir(resolved)
        except OSError:
            raise _refuse(raw, "เปิดอ่านโฟลเดอร์ไม่ได้", "cannot be listed", FIX) from None
        if entries:
            git = _git_inside(resolved)
            if git is not None:
                raise _refuse(raw, f"มีคลัง git ({shown(git)}) อยู่ข้างใน", "contains a .git", FIX)
            if not is_stamped(resolved):
                raise _refuse(raw, f"เป็นโฟลเดอร์ที่มีไฟล์อยู่แล้วและไม่ใช่เว็บไซต์ที่ oitsite สร้างไว้ (ไม่มีไฟล์ {STAMP})",
                              "is a non-empty folder that is not an earlier oitsite site", FIX)
    return resolved


#: What only a draft's pages carry (extension.page_context, _templates/layout.html), and what a
#: public page can never show (oitsite.model.placeholders and oitsite.model.public remove every placeholder).
#: The editor's guide (guide/) is the project's documentation: it explains placeholders.
_DRAFT_MARKS = (('class="oit-draft-banner"', "มีแถบ \u201cฉบับร่าง\u201d"),
                ("((กรอก", "มีข้อความตัวอย่าง ((กรอก: …))"))


def verify_public(folder: Path) -> list[Finding]:
    """Why the built site in ``folder`` must not be deployed (empty: it is a public build).

    A draft (``--allow-incomplete``) is refused by its stamp, and, should the stamp say otherwise,
    by what its pages carry (noindex, the draft banner, placeholders)."""
    folder = Path(folder)
    info = read_stamp(folder) if folder.is_dir() else None
    fix = "สร้างใหม่โดยไม่ใช้ --allow-incomplete: oitsite build <โฟลเดอร์หน่วยงาน> --out <โฟลเดอร์>"
    if info is None:
        return [Finding(Code.DRAFT_SITE, f"{shown(folder)} ไม่ใช่เว็บไซต์ที่ oitsite สร้าง (ไม่มีไฟล์ {STAMP})",
                        f"{folder} is not a site built by oitsite", file=shown(folder), fix_th=fix)]
    if info.get("build") != "public":
        return [Finding(Code.DRAFT_SITE, f"{shown(folder)} เป็นฉบับร่าง (สร้างด้วย --allow-incomplete) ห้ามเผยแพร่",
                        f"{folder} is a draft build", file=shown(folder / STAMP), line=1, fix_th=fix)]
    out = []
    for page in sorted(folder.rglob("*.html")):
        rel = page.relative_to(folder)
        if rel.parts[0] in ("admin", "guide"):
            continue
        # as read: without the Thai word breaks of oitsite.site.linebreak (span.tw, <wbr>)
        text = re.sub(r'<wbr>|<span class="tw">|</span>', "", page.read_text(encoding="utf-8", errors="replace"))
        for mark, why in _DRAFT_MARKS:
            at = text.find(mark)
            if at >= 0:
                out.append(Finding(Code.DRAFT_SITE, f"หน้า {rel.as_posix()} {why} จึงเผยแพร่ไม่ได้",
                                   f"{rel.as_posix()} carries a draft mark ({mark})", file=shown(page),
                                   line=text.count("\n", 0, at) + 1, fix_th=fix))
    return out

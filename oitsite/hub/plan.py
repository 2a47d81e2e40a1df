"""Which agencies a hub build covers, their input hashes, shards and the changed-agency list.

An agency's *input hash* covers every file in its folder (path and content), the "last updated"
time the build reads for each data file (git commit time, else mtime; clamped to
SOURCE_DATE_EPOCH, as :func:`oitsite.model.agency._stamp` does) and the *code hash*: the package,
catalogs, conf.py, templates, static sources, the CMS bundle and the versions of the libraries
that render pages. Equal hashes mean byte-identical output, so an unchanged agency is skipped.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from oitsite.findings import Code, Finding, FindingsError
from oitsite.model.agency import _git_dirty, _git_times, shown

#: A folder name that may become a URL segment of the hub (``<out>/<slug>/``).
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
#: Libraries whose version changes the pages.
LIBRARIES = ("sphinx", "docutils", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme", "pythainlp",
             "qrcode", "pillow", "pyyaml")
#: Project files (relative to the project root) that every agency's output depends on.
CODE_PARTS = ("oitsite", "conf.py", "_templates", "source")
CODE_SKIP = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
#: The CMS bundle copied into /admin/ (oitsite.publish.admin): its package.json names its version.
CMS_PACKAGES = ("node_modules/@sveltia/cms/package.json",
                "node_modules/@fontsource-variable/material-symbols-outlined/package.json")
#: Changed files that do not change any agency's site.
NO_EFFECT = re.compile(r"^(tests/|docs/|scripts/|\.github/|README|CHANGELOG|noxfile\.py|\.ci/|CODEOWNERS)")


@dataclass(frozen=True)
class AgencyRef:
    slug: str
    folder: Path


def discover(agencies_root: Path) -> list[AgencyRef]:
    """Every ``<root>/<slug>/agency.yaml``, sorted by slug. FindingsError when a folder name
    cannot be a URL segment (nothing is built then)."""
    root = Path(agencies_root)
    if not root.is_dir():
        raise FindingsError([Finding(Code.BUILD_ERROR, f"ไม่พบโฟลเดอร์หน่วยงาน {shown(root)}",
                                     f"agencies folder {root} not found", file=shown(root),
                                     fix_th="ระบุโฟลเดอร์ที่มีโฟลเดอร์ย่อยของแต่ละหน่วยงาน เช่น agencies/")])
    out, bad = [], []
    for d in sorted(root.iterdir()):
        if d.is_dir() and not d.is_symlink() and (d / "agency.yaml").is_file():
            (out if SLUG.match(d.name) else bad).append(AgencyRef(d.name, d))
    if bad:
        raise FindingsError([Finding(Code.BUILD_ERROR, f"ชื่อโฟลเดอร์หน่วยงาน {a.slug!r} ใช้เป็นที่อยู่เว็บไซต์ไม่ได้",
                                     f"agency folder name {a.slug!r} is not a valid slug", file=shown(a.folder),
                                     fix_th="ตั้งชื่อโฟลเดอร์ด้วยอักษรอังกฤษตัวเล็ก ตัวเลข และขีด (-) เช่น ban-nong-khai")
                             for a in bad])
    if not out:
        raise FindingsError([Finding(Code.BUILD_ERROR, f"ไม่พบหน่วยงานใน {shown(root)} (โฟลเดอร์ย่อยที่มี agency.yaml)",
                                     f"no agency (sub-folder with agency.yaml) in {root}", file=shown(root),
                                     fix_th="สร้างหน่วยงานใหม่ด้วย oitsite new <ชื่อโฟลเดอร์>")])
    return out


def parse_shard(text: str) -> tuple[int, int]:
    """``"i/N"`` → (i, N) with 1 ≤ i ≤ N; ValueError (Thai) otherwise."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m or not (1 <= int(m.group(1)) <= int(m.group(2))):
        raise ValueError(f"--shard ต้องอยู่ในรูป i/N โดย 1 ≤ i ≤ N เช่น 1/4 (ได้ '{text}')")
    return int(m.group(1)), int(m.group(2))


def shard(agencies: list[AgencyRef], i: int, n: int) -> list[AgencyRef]:
    """Shard ``i`` of ``n``: the agencies sorted by slug, dealt round-robin (every agency in exactly
    one shard; sizes differ by at most one; the same list always gives the same shards)."""
    ordered = sorted(agencies, key=lambda a: a.slug)
    return [a for k, a in enumerate(ordered) if k % n == i - 1]


def _hash_tree(h: hashlib._Hash, base: Path, rel: Path) -> None:
    p = base / rel
    if p.is_symlink():
        h.update(b"L" + str(rel).encode() + b"\0" + os.readlink(p).encode() + b"\0")
    elif p.is_dir():
        for child in sorted(p.iterdir(), key=lambda c: c.name):
            if child.name not in CODE_SKIP and not child.name.endswith(".pyc"):
                _hash_tree(h, base, rel / child.name)
    elif p.is_file():
        h.update(b"F" + rel.as_posix().encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())


def code_hash(project: Path, options: dict[str, object]) -> str:
    """What every agency's output depends on besides its own folder: code, catalogs (also extra
    catalog folders from OITSITE_CATALOGS), templates, static sources, the CMS bundle, library
    versions, SOURCE_DATE_EPOCH and the build options."""
    h = hashlib.sha256(b"oitsite-hub-code-1\0")
    for part in CODE_PARTS:
        _hash_tree(h, project, Path(part))
    for pkg in CMS_PACKAGES:
        _hash_tree(h, project, Path(pkg))
    for extra in filter(None, os.environ.get("OITSITE_CATALOGS", "").split(os.pathsep)):
        h.update(b"C" + extra.encode() + b"\0")
        _hash_tree(h, Path(extra), Path("."))
    for lib in LIBRARIES:
        try:
            h.update(f"{lib}={version(lib)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{lib}=-\0".encode())
    h.update(f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    h.update(repr(sorted(options.items())).encode())
    return h.hexdigest()


def _dated(rel: Path) -> bool:
    """Files whose time the build shows as 'last updated' (topic data and bodies)."""
    return rel.suffix in {".yaml", ".yml", ".md"}


def inputs_hash(agency: AgencyRef, code: str) -> str:
    """The hash of everything one agency's site is made from (see the module's docstring)."""
    root = agency.folder.resolve()
    h = hashlib.sha256(b"oitsite-hub-agency-1\0" + code.encode() + b"\0" + agency.slug.encode() + b"\0")
    _hash_tree(h, root, Path("."))
    times = _git_times(root)
    dirty = _git_dirty(root) if times else set()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    limit = float(epoch) if epoch and epoch.isdigit() else None
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if not p.is_file() or p.is_symlink() or not _dated(rel):
            continue
        rp = p.resolve()
        t = times.get(rp) if rp not in dirty else None
        if t is None:
            t = p.stat().st_mtime
        if limit is not None and t > limit:
            t = limit
        h.update(f"T{rel.as_posix()}={t!r}\0".encode())
    return h.hexdigest()


def changed_agencies(changed_files: list[str], agencies: list[AgencyRef], agencies_prefix: str) -> tuple[list[str], bool]:
    """(slugs of the agencies whose folder a change touches, True when a change outside every
    agency folder can change every site: code, catalogs, templates, dependencies)."""
    prefix = agencies_prefix.strip("/") + "/"
    slugs = {a.slug for a in agencies}
    touched: set[str] = set()
    everything = False
    for f in (x.strip() for x in changed_files):
        if not f:
            continue
        if f.startswith(prefix):
            slug = f[len(prefix):].split("/", 1)[0]
            if slug in slugs:
                touched.add(slug)
            elif "/" not in f[len(prefix):]:  # agencies/hub.yaml and friends: the hub pages only
                continue
        elif not NO_EFFECT.match(f):
            everything = True
    return (sorted(slugs) if everything else sorted(touched)), everything

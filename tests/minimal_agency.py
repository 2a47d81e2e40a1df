"""A tiny valid agency to derive bad inputs from (tests/badinput/), and the mutations applied to it.

``tests/badinput/base/`` is an agency that checks clean (exit 0, no findings) against the ITA 2567
catalog *restricted to the items its data covers* (O2, O4, O5, O11, O16, O26): the real catalog
text and rules, only fewer items, so that every bad input must turn a clean check into a failing
one. The restricted catalog is written to a temporary folder and put in front of the bundled one
with ``OITSITE_CATALOGS`` (see oitsite.model.catalog).

Mutations are data (tests/badinput/cases.yaml); each is a mapping with one of these keys:

``write: {path, text}``            write a file (UTF-8; parent folders created)
``replace: {path, old, new}``      replace text that must occur exactly once
``append: {path, text}``           add text at the end of a file
``delete: path``                   remove a file
``encode: {path, encoding}``       re-save a file in another encoding (e.g. cp874)
``bytes: {path, hex}``             write raw bytes
``symlink: {path, target}``        make a symbolic link (target absolute, or relative to the link)
``copy: {src, dst}``               copy a file inside the agency
``sparse: {path, size, head}``     a sparse file of ``size`` bytes that starts with ``head``
``nest: {path, key, depth}``       ``key: [[[…]]]`` nested ``depth`` deep (parser stress)
``fifo: path``                     a named pipe (reading it would wait forever)
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
BASE = HERE / "badinput" / "base"
ROOT = HERE.parent
DEMO = ROOT / "agencies" / "demo"
CASES = HERE / "badinput" / "cases.yaml"
CATALOG_YEAR = 2567
#: Fixed build time for reproducible builds (2024-04-01 00:00 UTC, inside fiscal year 2567).
SOURCE_DATE_EPOCH = "1711929600"


def base_topics(base: Path = BASE) -> set[tuple[str, int | None]]:
    """(topic, fiscal year or None) of every data file of the base agency."""
    out: set[tuple[str, int | None]] = set()
    for p in (base / "data").rglob("*.yaml"):
        rel = p.relative_to(base / "data")
        out.add((p.stem, int(rel.parts[0]) if len(rel.parts) == 2 else None))
    return out


def write_mini_catalog(dst: Path, year: int = CATALOG_YEAR) -> Path:
    """Write ``ita-<year>.yaml`` into ``dst``: the bundled catalog keeping only the items whose
    topics the base agency has data for. Returns ``dst`` (a folder for OITSITE_CATALOGS)."""
    from oitsite.model.catalog import CATALOG_DIR
    from oitsite.model.schema import load_topics

    raw = yaml.safe_load((CATALOG_DIR / f"ita-{year}.yaml").read_text(encoding="utf-8"))
    have = base_topics()
    topics = load_topics()

    def covered(item: dict) -> bool:
        for ref in item.get("topics") or []:
            name, offset = (ref, 0) if isinstance(ref, str) else (ref["topic"], int(ref.get("year", 0)))
            key = (name, year + offset if topics[name].yearly else None)
            if key not in have:
                return False
        return True

    raw["items"] = [it for it in raw["items"] if covered(it)]
    dst.mkdir(parents=True, exist_ok=True)
    (dst / f"ita-{year}.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst


def make_agency(parent: Path, name: str = "thotsop") -> Path:
    """A private copy of the base agency under ``parent``; returns its folder."""
    dst = parent / name
    shutil.copytree(BASE, dst)
    return dst


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    """The corpus: cases.yaml and every cases-<class>.yaml beside it (one file per class of bad
    input), in file order."""
    cases = []
    for f in [path, *sorted(path.parent.glob("cases-*.yaml"))]:
        cases += yaml.safe_load(f.read_text(encoding="utf-8")) or []
    names = [c["name"] for c in cases]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ValueError(f"duplicate case names: {sorted(dupes)}")
    return cases


def _inside(root: Path, rel: str) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def apply(root: Path, mutation: dict[str, Any]) -> None:
    """Apply one mutation (see the module docstring) to the agency at ``root``."""
    (kind, arg), = mutation.items()
    if kind == "write":
        _inside(root, arg["path"]).write_text(arg["text"], encoding="utf-8")
    elif kind == "replace":
        p = root / arg["path"]
        text = p.read_text(encoding="utf-8")
        count = text.count(arg["old"])
        if count != 1:
            raise AssertionError(f"replace: {arg['old']!r} occurs {count} times in {arg['path']}")
        p.write_text(text.replace(arg["old"], arg["new"]), encoding="utf-8")
    elif kind == "append":
        p = _inside(root, arg["path"])
        with p.open("a", encoding="utf-8") as fh:
            fh.write(arg["text"])
    elif kind == "delete":
        (root / arg).unlink()
    elif kind == "encode":
        p = root / arg["path"]
        p.write_bytes(p.read_text(encoding="utf-8").encode(arg["encoding"]))
    elif kind == "bytes":
        _inside(root, arg["path"]).write_bytes(bytes.fromhex(arg["hex"]))
    elif kind == "symlink":
        link = _inside(root, arg["path"])
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)  # a real folder replaced by a link (data → /etc)
        elif link.exists() or link.is_symlink():
            link.unlink()
        os.symlink(arg["target"], link)
    elif kind == "copy":
        shutil.copyfile(root / arg["src"], _inside(root, arg["dst"]))
    elif kind == "sparse":
        p = _inside(root, arg["path"])
        with p.open("wb") as fh:
            fh.write(arg.get("head", "").encode("latin-1"))
            fh.truncate(int(arg["size"]))
    elif kind == "nest":
        depth = int(arg["depth"])
        _inside(root, arg["path"]).write_text(f"{arg['key']}: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    elif kind == "fifo":
        p = _inside(root, arg)
        if p.exists():
            p.unlink()
        os.mkfifo(p)
    else:
        raise ValueError(f"unknown mutation {kind!r}")


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (relative posix path → hex); symlinks by their target."""
    import hashlib

    out: dict[str, str] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            out[rel] = "symlink:" + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


_WORD_SPAN = re.compile(r'<span class="tw">([^<]*(?:<wbr>[^<]*)*)</span>')


def read_page(path: Path) -> str:
    """A built page's HTML with the Thai line-breaking markup (oitsite.site.linebreak: words in
    ``<span class="tw">`` with ``<wbr>`` between them) taken out, as its text reads."""
    return _WORD_SPAN.sub(lambda m: m.group(1).replace("<wbr>", ""), path.read_text(encoding="utf-8"))

"""Build every agency of ``agencies/`` into ``<out>/<slug>/`` and the hub pages; assemble shards.

Each agency is built by :func:`oitsite.site.build.build` (its own staging folder, checks, Sphinx)
in a worker process (one per core; Sphinx and the Thai dictionary are loaded once before the
workers fork), its shared assets are moved into the pool (:mod:`oitsite.hub.shared`), and only
then is it swapped into place — so a failed agency keeps its previous good site and never stops
the others. An agency whose input hash (:mod:`oitsite.hub.plan`) equals the one of its published
site is not rebuilt. ``<out>`` always holds exactly the agencies the run selected (all, one
shard, or ``only``), a status record for each (``.oitsite-hub/agencies/<slug>.json``) and the
hub pages written from those (:mod:`oitsite.hub.pages`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from oitsite.findings import Code, Finding, FindingsError
from oitsite.hub import pages
from oitsite.hub.plan import AgencyRef, code_hash, discover, inputs_hash, shard
from oitsite.hub.shared import POOL, prune, share_site
from oitsite.model.agency import shown
from oitsite.site.build import _swap, project_root
from oitsite.site.outsafe import STAMP, check_out, is_stamped, write_stamp

STATE = ".oitsite-hub"
STATUS_DIR = f"{STATE}/agencies"
SETTINGS = f"{STATE}/hub.json"
#: Names in ``<out>`` that are not agency sites.
RESERVED_PREFIX = ("_", ".")


@dataclass
class AgencyOutcome:
    slug: str
    state: str  # "built" | "unchanged" | "failed"
    seconds: float = 0.0
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)


@dataclass
class HubResult:
    out: Path
    outcomes: list[AgencyOutcome]
    seconds: float

    def by_state(self, state: str) -> list[AgencyOutcome]:
        return [o for o in self.outcomes if o.state == state]

    @property
    def failed(self) -> list[AgencyOutcome]:
        return self.by_state("failed")


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _finding_record(f: Finding) -> dict[str, Any]:
    return {k: v for k, v in (("code", f.code.value), ("message_th", f.message_th), ("file", f.file),
                              ("line", f.line), ("fix_th", f.fix_th)) if v not in (None, "")}


def _finding_from(rec: dict[str, Any]) -> Finding:
    try:
        code = Code(rec.get("code"))
    except ValueError:
        code = Code.BUILD_ERROR
    return Finding(code, rec.get("message_th", ""), file=rec.get("file"), line=rec.get("line"), fix_th=rec.get("fix_th", ""))


def _agency_info(folder: Path) -> dict[str, str]:
    """Name and place for the hub's rows (agency.yaml, read leniently: a broken file still gets a row)."""
    try:
        raw = yaml.safe_load((folder / "agency.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raw = None
    raw = raw if isinstance(raw, dict) else {}
    out = {k: str(raw[k]) for k in ("name_th", "short_name_th", "district", "province", "type") if isinstance(raw.get(k), (str, int))}
    out.setdefault("name_th", folder.name)
    return out


def _build_one(slug: str, folder: str, staging: str, pool: str, years: list[int] | None, allow_incomplete: bool,
               unused: tuple[str, ...]) -> dict[str, Any]:
    """Worker: build one agency into ``staging/<slug>`` and share its assets. Never raises."""
    from oitsite.site.build import build

    t0 = time.perf_counter()
    tmp = Path(staging) / slug
    try:
        res = build(Path(folder), tmp, years, allow_incomplete=allow_incomplete, jobs=1)
        shared = share_site(tmp, Path(pool), unused)
        return {"slug": slug, "ok": True, "site": str(tmp), "shared": shared, "pages": res.pages,
                "seconds": time.perf_counter() - t0}
    except FindingsError as exc:
        return {"slug": slug, "ok": False, "findings": [_finding_record(f) for f in exc.findings[:20]],
                "seconds": time.perf_counter() - t0}
    except Exception as exc:  # noqa: BLE001 — one agency's crash must not stop the others
        f = Finding(Code.BUILD_ERROR, f"สร้างเว็บไซต์ของหน่วยงานนี้ไม่สำเร็จ ({type(exc).__name__}: {exc})",
                    f"internal error: {exc}", fix_th="แจ้งผู้ดูแลระบบพร้อมข้อความนี้")
        return {"slug": slug, "ok": False, "findings": [_finding_record(f)], "seconds": time.perf_counter() - t0}


def read_status(out: Path) -> dict[str, dict[str, Any]]:
    d = out / STATUS_DIR
    if not d.is_dir():
        return {}
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(d.glob("*.json"))}


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def hub_settings(agencies_root: Path) -> dict[str, Any]:
    """``agencies/hub.yaml`` (optional): the hub's name (``name_th``), its address (``site_url``)
    and the repository's maintainers (``maintainers``, GitHub handles, for CODEOWNERS)."""
    p = Path(agencies_root) / "hub.yaml"
    raw: Any = {}
    if p.is_file():
        try:
            raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise FindingsError([Finding(Code.BUILD_ERROR, f"อ่าน {shown(p)} ไม่ได้: {exc}", str(exc), file=shown(p),
                                         fix_th="แก้ไฟล์ให้เป็น YAML ที่ถูกต้อง")]) from None
    raw = raw if isinstance(raw, dict) else {}
    return {"name_th": str(raw.get("name_th") or "เว็บไซต์เปิดเผยข้อมูลสาธารณะ (OIT) ขององค์กรปกครองส่วนท้องถิ่น"),
            "site_url": str(raw.get("site_url") or "https://example.github.io/").rstrip("/") + "/",
            "maintainers": [str(m) for m in raw.get("maintainers") or []]}


def _remove_site(path: Path) -> None:
    if path.is_dir() and not path.is_symlink() and is_stamped(path):
        shutil.rmtree(path)


def _unused_static() -> tuple[str, ...]:
    from oitsite.site.frontend import BUNDLED_CSS

    return tuple(f"_static/{c}" for c in BUNDLED_CSS)


def finish(out: Path, settings: dict[str, Any]) -> None:
    """Prune the pool to what the published sites use, write the hub pages and the stamp."""
    status = read_status(out)
    used = {n for s in status.values() for n in (s.get("published") or {}).get("shared", [])}
    prune(out / POOL, used)
    _write_json(out / SETTINGS, settings)
    pages.write_hub(out, settings, status)
    write_stamp(out)


def build_hub(agencies_root: Path, out: Path, *, years: list[int] | None = None, allow_incomplete: bool = False,
              shard_of: tuple[int, int] | None = None, only: list[str] | None = None, jobs: int | str | None = "auto",
              progress: Callable[[AgencyOutcome], None] | None = None) -> HubResult:
    """Build the selected agencies (all; ``only`` these slugs; then shard ``i/N``) into ``out``."""
    t0 = time.perf_counter()
    agencies_root = Path(agencies_root)
    project = project_root(agencies_root)
    out = check_out(Path(out), agencies_root, project)
    refs = discover(agencies_root)
    if only is not None:
        unknown = sorted(set(only) - {a.slug for a in refs})
        if unknown:
            raise FindingsError([Finding(Code.BUILD_ERROR, f"ไม่พบหน่วยงาน {s} ใน {shown(agencies_root)}",
                                         f"no agency {s}", fix_th="ตรวจชื่อโฟลเดอร์หน่วยงาน") for s in unknown])
        refs = [a for a in refs if a.slug in set(only)]
    if shard_of is not None:
        refs = shard(refs, *shard_of)
    settings = hub_settings(agencies_root)
    if out.is_dir() and any(out.iterdir()) and not (out / STATE).is_dir():
        shutil.rmtree(out)  # an earlier single-agency site (check_out found its stamp): replaced whole
    out.mkdir(parents=True, exist_ok=True)
    write_stamp(out)
    code = code_hash(project, {"years": years, "allow_incomplete": allow_incomplete})
    status = read_status(out)
    selected = {a.slug for a in refs}

    # the output holds exactly the selected agencies
    for slug in sorted(set(status) - selected):
        _remove_site(out / slug)
        (out / STATUS_DIR / f"{slug}.json").unlink()
    for d in sorted(out.iterdir()):
        if d.is_dir() and not d.name.startswith(RESERVED_PREFIX) and d.name not in selected:
            _remove_site(d)

    hashes = {a.slug: inputs_hash(a, code) for a in refs}
    todo: list[AgencyRef] = []
    outcomes: dict[str, AgencyOutcome] = {}
    for a in refs:
        st = status.get(a.slug) or {}
        pub = st.get("published") or {}
        if pub.get("inputs") == hashes[a.slug] and st.get("ok") and (out / a.slug).is_dir():
            outcomes[a.slug] = AgencyOutcome(a.slug, "unchanged")
            if progress:
                progress(outcomes[a.slug])
        else:
            todo.append(a)

    if todo:
        pool = out / POOL
        pool.mkdir(exist_ok=True)
        (out / STATE).mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="staging-", dir=out / STATE))
        unused = _unused_static()
        nproc = min(len(todo), _cores() if jobs in (None, "auto") else max(1, int(jobs)))
        args = [(a.slug, str(a.folder), str(staging), str(pool), years, allow_incomplete, unused) for a in todo]
        try:
            if nproc <= 1:
                results = (_build_one(*x) for x in args)
                _collect(out, results, refs, hashes, status, outcomes, progress)
            else:
                from oitsite.site.warm import warm

                warm()  # loaded once, shared by the forked workers
                ctx = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(max_workers=nproc, mp_context=ctx) as ex:
                    futures = [ex.submit(_build_one, *x) for x in args]
                    _collect(out, (f.result() for f in futures), refs, hashes, status, outcomes, progress)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finish(out, settings)
    return HubResult(out, [outcomes[a.slug] for a in refs], time.perf_counter() - t0)


def _collect(out: Path, results, refs: list[AgencyRef], hashes: dict[str, str], status: dict[str, dict[str, Any]],
             outcomes: dict[str, AgencyOutcome], progress: Callable[[AgencyOutcome], None] | None) -> None:
    folders = {a.slug: a for a in refs}
    for r in results:
        slug = r["slug"]
        a = folders[slug]
        prev = status.get(slug) or {}
        rec: dict[str, Any] = {"slug": slug, "folder": a.folder.name, "info": _agency_info(a.folder),
                               "inputs": hashes[slug], "ok": r["ok"]}
        if r["ok"]:
            _swap(Path(r["site"]), out / slug)
            rec["published"] = {"inputs": hashes[slug], "shared": r["shared"]}
            outcomes[slug] = AgencyOutcome(slug, "built", r["seconds"], r["pages"])
        else:
            rec["findings"] = r["findings"]
            has_site = (out / slug).is_dir() and (out / slug / STAMP).is_file()
            rec["published"] = prev.get("published") if has_site else None
            outcomes[slug] = AgencyOutcome(slug, "failed", r["seconds"], 0, [_finding_from(f) for f in r["findings"]])
        _write_json(out / STATUS_DIR / f"{slug}.json", rec)
        if progress:
            progress(outcomes[slug])


def assemble(parts: list[Path], out: Path, project: Path | None = None, keep: set[str] | None = None) -> Path:
    """Merge shard outputs (in order; a later part's agency replaces an earlier one's, except that
    a failed build keeps the earlier good site) into one hub at ``out``, published atomically.
    ``keep``: the agencies that still exist (others, e.g. from a previous site, are left out)."""
    parts = [Path(p).resolve() for p in parts]
    for p in parts:
        if not is_stamped(p) or not (p / STATE).is_dir():
            raise FindingsError([Finding(Code.BUILD_ERROR, f"{shown(p)} ไม่ใช่ผลการสร้างของ oitsite hub",
                                         f"{p} is not an oitsite hub output", file=shown(p),
                                         fix_th="ระบุโฟลเดอร์ที่ได้จาก oitsite hub build --shard i/N")])
    out = check_out(Path(out), parts[0], project)
    for p in parts:
        if out == p or p in out.parents or out in p.parents:
            raise FindingsError([Finding(Code.UNSAFE_OUT, f"--out {shown(out)} ซ้อนกับโฟลเดอร์ที่นำมารวม {shown(p)}",
                                         "--out overlaps a part", fix_th="ใช้ --out เป็นโฟลเดอร์ใหม่")])
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.assemble-", dir=out.parent))
    try:
        merged: dict[str, dict[str, Any]] = {}
        site_from: dict[str, Path] = {}
        settings: dict[str, Any] | None = None
        for p in parts:
            if (p / SETTINGS).is_file():
                settings = json.loads((p / SETTINGS).read_text(encoding="utf-8"))
            for slug, st in read_status(p).items():
                if keep is not None and slug not in keep:
                    continue
                prev = merged.get(slug)
                if (p / slug).is_dir() and st.get("published"):
                    site_from[slug] = p
                elif prev is not None and prev.get("published"):
                    st = {**st, "published": prev["published"]}
                merged[slug] = st
        for slug, st in sorted(merged.items()):
            if slug in site_from:
                shutil.copytree(site_from[slug] / slug, stage / slug, symlinks=True)
            _write_json(stage / STATUS_DIR / f"{slug}.json", st)
        (stage / POOL).mkdir()
        for p in parts:
            if (p / POOL).is_dir():
                for entry in sorted((p / POOL).iterdir()):
                    dst = stage / POOL / entry.name
                    if dst.exists() or entry.name.startswith("."):
                        continue
                    if entry.is_dir():
                        shutil.copytree(entry, dst, symlinks=True)
                    else:
                        shutil.copyfile(entry, dst)
        finish(stage, settings or hub_settings(Path("/nonexistent")))
        check_out(out, parts[0], project)
        _swap(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return out

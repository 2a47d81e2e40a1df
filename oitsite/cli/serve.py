"""``oitsite serve AGENCY_DIR``: live preview while editing.

Every save rebuilds the site with the real build (oitsite.site.build) and the browser reloads by
itself; while the data has errors the browser shows a Thai finding page instead (see
oitsite.site.preview). The terminal gets Thai status lines only, no Sphinx logs.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

from oitsite.check.site import check_site
from oitsite.cli.common import FINDINGS, add_year_option, parse_years, print_findings
from oitsite.findings import Code, Finding, FindingsError
from oitsite.site.build import build, project_root
from oitsite.site.preview import OVERLAY_FILE, findings_page, preview_app


def _say(text: str) -> None:
    print(time.strftime("[%H:%M:%S] ") + text, file=sys.stderr, flush=True)


def rebuild(*, agency: Path, years: list[int] | None, site_dir: Path, state_dir: Path,
            changed: list[Path] | None = None) -> bool:
    """One rebuild: check first (fast: the finding page shows at once), then the real build.
    Returns True when the real pages are up to date."""
    t0 = time.perf_counter()
    if changed:
        names = []
        for p in changed[:3]:
            try:
                names.append(p.relative_to(agency.resolve()).as_posix())
            except ValueError:
                names.append(p.name)
        _say("พบการแก้ไข " + ", ".join(names) + (" …" if len(changed) > 3 else "") + " กำลังสร้างใหม่…")
    else:
        _say("กำลังสร้างเว็บไซต์…")
    overlay = state_dir / OVERLAY_FILE
    name = agency.name
    try:
        site = check_site(agency, years)
        name = site.agency.name or name
        errors = site.errors(True)
        if not errors:
            build(agency, site_dir, years, allow_incomplete=True, jobs="auto", admin=False)  # /admin/ needs GitHub
    except FindingsError as exc:
        errors = exc.findings
    except Exception as exc:  # noqa: BLE001 - shown in Thai, never a traceback
        errors = [Finding(Code.BUILD_ERROR, f"เกิดข้อผิดพลาดภายในโปรแกรม ({type(exc).__name__}: {exc})",
                          f"internal error ({type(exc).__name__})",
                          fix_th="แจ้งผู้ดูแลระบบพร้อมข้อความนี้ (ตั้งค่า OITSITE_DEBUG=1 เพื่อดูรายละเอียด)")]
    took = time.perf_counter() - t0
    if errors:
        stamp = time.strftime(" (ตรวจเมื่อ %H:%M:%S น.)")
        tmp = overlay.with_suffix(".tmp")
        tmp.write_text(findings_page(errors, name, stamp), encoding="utf-8")
        os.replace(tmp, overlay)
        print_findings(errors[:10], "text", "th", sys.stderr)
        more = " (แสดง 10 รายการแรก)" if len(errors) > 10 else ""
        _say(f"พบข้อผิดพลาด {len(errors)} รายการ — ดูในเบราว์เซอร์{more}")
        return False
    overlay.unlink(missing_ok=True)
    _say(f"เสร็จใน {took:.1f} วินาที")
    return True


def cmd_serve(args: argparse.Namespace) -> int:
    agency = Path(args.agency).resolve()
    if agency.is_relative_to(Path.cwd().resolve()):
        agency = Path(os.path.relpath(agency))  # findings name files as `oitsite check` does
    years = parse_years(args.year)
    if not (agency / "agency.yaml").is_file():
        print(f"oitsite: ไม่พบ {agency / 'agency.yaml'} ระบุโฟลเดอร์ของหน่วยงาน เช่น agencies/demo", file=sys.stderr)
        return 2
    try:
        project_root(agency)
    except FindingsError as exc:
        print_findings(exc.findings, "text", "th", sys.stderr)
        return FINDINGS
    try:
        import uvicorn
    except ImportError:
        print("oitsite: ยังไม่ได้ติดตั้งส่วนแสดงตัวอย่าง ให้ติดตั้งด้วยคำสั่ง pip install -e '.[serve]'", file=sys.stderr)
        return 2
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", args.port))  # before the first build: a taken port is told at once
    except OSError:
        sock.close()
        print(f"oitsite: พอร์ต {args.port} ถูกใช้อยู่ (อาจเปิด oitsite serve ไว้แล้ว) ระบุพอร์ตอื่น เช่น --port {args.port + 1}",
              file=sys.stderr)
        return 2
    port = sock.getsockname()[1]
    work = Path(tempfile.mkdtemp(prefix="oitsite-serve-"))
    site_dir, state_dir = work / "site", work / "state"
    state_dir.mkdir()
    job = functools.partial(rebuild, agency=agency, years=years, site_dir=site_dir, state_dir=state_dir)
    try:
        job()
        if not site_dir.is_dir():
            site_dir.mkdir()  # the first build failed: only the finding page until it is fixed
        # uvicorn re-raises SIGTERM once it has shut down: as KeyboardInterrupt, the temporary
        # folder is still removed (below)
        signal.signal(signal.SIGTERM, _interrupt)

        app = preview_app(site_dir, state_dir, [agency.resolve()], job)
        _say(f"ดูตัวอย่างที่ http://127.0.0.1:{port}/ (หน้าเว็บโหลดใหม่เองเมื่อบันทึกไฟล์ · กด Ctrl+C เพื่อหยุด)")
        uvicorn.Server(uvicorn.Config(app, log_level="error", access_log=False)).run(sockets=[sock])
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        sock.close()
        shutil.rmtree(work, ignore_errors=True)
        _say("หยุดการแสดงตัวอย่างแล้ว")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def add_commands(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("serve", help="ดูตัวอย่างเว็บไซต์ขณะแก้ไข (สร้างใหม่และโหลดหน้าเว็บใหม่เองเมื่อบันทึกไฟล์)")
    s.add_argument("agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน")
    add_year_option(s)
    s.add_argument("--port", type=int, default=8000, metavar="พอร์ต", help="พอร์ตของเครื่องนี้ (ค่าเริ่มต้น 8000; 0 = พอร์ตว่างใดก็ได้)")
    s.set_defaults(func=cmd_serve)

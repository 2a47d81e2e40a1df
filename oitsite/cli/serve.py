"""``oitsite serve AGENCY_DIR``: live preview while editing (sphinx-autobuild)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from oitsite.check.site import load_site
from oitsite.cli.common import FINDINGS, add_year_option, parse_years, print_findings
from oitsite.findings import FindingsError
from oitsite.site.build import project_root
from oitsite.site.render import write_sources


def cmd_serve(args: argparse.Namespace) -> int:
    agency = Path(args.agency).resolve()
    try:
        site = load_site(agency, parse_years(args.year), allow_incomplete=True)
        root = project_root(agency)
    except FindingsError as exc:
        print_findings(exc.findings, "text", "th", sys.stderr)
        return FINDINGS
    src = Path(tempfile.mkdtemp(prefix="oitsite-serve-"))
    write_sources(site, src, root)
    env = dict(os.environ, OITSITE_AGENCY=str(agency), OITSITE_YEARS=",".join(map(str, site.years)))
    cmd = [sys.executable, "-m", "sphinx_autobuild", str(src), str(src / "_build"), "-c", str(root),
           "--watch", str(agency), "-a", "-E", "--port", str(args.port), "--host", "127.0.0.1"]
    print("ดูตัวอย่างที่ http://127.0.0.1:%d/ (กด Ctrl+C เพื่อหยุด)" % args.port)
    return subprocess.call(cmd, env=env)


def add_commands(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("serve", help="ดูตัวอย่างเว็บไซต์ขณะแก้ไข (รีเฟรชอัตโนมัติ)")
    s.add_argument("agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน")
    add_year_option(s)
    s.add_argument("--port", type=int, default=8000, metavar="พอร์ต", help="พอร์ตของเครื่องนี้ (ค่าเริ่มต้น 8000)")
    s.set_defaults(func=cmd_serve)

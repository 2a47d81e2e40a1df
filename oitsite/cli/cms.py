"""``oitsite cms AGENCY_DIR``: write the /admin/ form editor (Sveltia CMS) config."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oitsite.cli.common import FINDINGS, print_findings
from oitsite.findings import FindingsError
from oitsite.publish.admin import default_repo, write_admin


def cmd_cms(args: argparse.Namespace) -> int:
    agency = Path(args.agency)
    if not (agency / "agency.yaml").is_file():
        print(f"oitsite: ไม่พบ {agency / 'agency.yaml'} ระบุโฟลเดอร์ของหน่วยงาน เช่น agencies/demo", file=sys.stderr)
        return 2
    repo = args.repo or default_repo(agency)
    if repo == "OWNER/REPO":
        print("คำเตือน: ไม่ทราบชื่อคลัง GitHub ใช้ --repo ชื่อบัญชี/ชื่อคลัง (ในไฟล์ config.yml จะเป็น OWNER/REPO)", file=sys.stderr)
    try:
        admin = write_admin(Path(args.out), agency, repo=repo, branch=args.branch, auth_url=args.auth_url,
                            bundle=not args.no_bundle)
    except FindingsError as exc:
        print_findings(exc.findings, "text", "th", sys.stderr)
        return FINDINGS
    print(f"เขียนหน้าแก้ไขข้อมูลที่ {admin}/ (index.html, config.yml)")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("cms", help="สร้างหน้าแก้ไขข้อมูลผ่านแบบฟอร์ม (/admin/) จาก schema ของหัวข้อข้อมูล")
    p.add_argument("agency", metavar="AGENCY_DIR", help="โฟลเดอร์ของหน่วยงาน เช่น agencies/demo")
    p.add_argument("--out", required=True, metavar="โฟลเดอร์", help="โฟลเดอร์ปลายทาง (จะสร้าง <out>/admin/)")
    p.add_argument("--repo", help="คลัง GitHub ชื่อบัญชี/ชื่อคลัง (ค่าเริ่มต้น: $GITHUB_REPOSITORY หรือ git remote origin)")
    p.add_argument("--branch", default="main", metavar="กิ่ง", help="กิ่ง (branch) ของคลังที่แบบฟอร์มบันทึกลง (ค่าเริ่มต้น main)")
    p.add_argument("--auth-url", help="ที่อยู่บริการเข้าสู่ระบบด้วย GitHub (OAuth proxy) เช่น https://xxx.workers.dev "
                   "(ค่าเริ่มต้น: $OITSITE_CMS_AUTH_URL; ถ้าไม่ระบุ เข้าสู่ระบบด้วย access token)")
    p.add_argument("--no-bundle", action="store_true", help="ไม่คัดลอกไฟล์ sveltia-cms.js (เขียนเฉพาะ config.yml และ index.html)")
    p.set_defaults(func=cmd_cms)

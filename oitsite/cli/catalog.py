"""``oitsite catalog draft FILE``: a new year's catalog drafted from the NACC's criteria text.

Reads the document (PDF or text), drafts ``ita-<year>.yaml`` against the base year's catalog
(:mod:`oitsite.model.draft`), checks that the file loads as a catalog, writes it and prints in
Thai what a person must decide and how the year differs from the base (as ``diff-years``)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from oitsite.authoring.importer.write import atomic_write
from oitsite.cli.common import FINDINGS, OK, die, print_findings
from oitsite.cli.years import _year_arg
from oitsite.findings import FindingsError
from oitsite.load.document import read_document_text
from oitsite.model.catalog import CatalogError, available_years, load_catalog, parse_catalog
from oitsite.model.draft import build_draft, draft_catalog, draft_yaml, read_document
from oitsite.model.schema import load_topics
from oitsite.model.yeardiff import diff_catalogs
from oitsite.publish.catalogdoc import format_draft_report


def cmd_draft(args: argparse.Namespace) -> int:
    try:
        text = read_document_text(Path(args.file))
    except FindingsError as exc:
        print_findings(exc.findings, "text", stream=sys.stderr)
        return FINDINGS
    years = available_years()
    year = args.year or read_document(text).year
    # the base: the newest catalog up to the drafted year (a new year is compared with the last one)
    base_year = args.base_year or max((y for y in years if year and y <= year), default=max(years))
    try:
        base = load_catalog(base_year)
    except CatalogError as exc:
        print_findings(exc.findings, "text", stream=sys.stderr)
        return FINDINGS
    d = build_draft(text, base, year=year, source=Path(args.file).name)
    if not d.items:
        return die(f"ไม่พบรายการข้อ (O1, ข้อ 1 หรือแถวตาราง ๐๑) ใน {args.file} — ตรวจว่าเป็นข้อความเกณฑ์ ITA "
                   "(PDF ที่เป็นภาพสแกนต้องคัดลอกข้อความก่อน)")
    out = Path(args.out or f"ita-{d.year}.yaml")
    if out.is_dir():
        return die(f"{out} เป็นโฟลเดอร์ — ให้ --out เป็นชื่อไฟล์ เช่น {out / f'ita-{d.year}.yaml'}")
    if out.exists() and not args.force:
        return die(f"มีไฟล์ {out} อยู่แล้ว — ใช้ --out ชื่ออื่น หรือ --force เพื่อเขียนทับ")
    body = draft_yaml(d, base.agency_types)
    with tempfile.TemporaryDirectory() as tmp:  # the draft must load as a catalog before it is written
        probe = Path(tmp) / f"ita-{d.year}.yaml"
        probe.write_text(body, encoding="utf-8")
        try:
            parse_catalog(probe, load_topics())
        except CatalogError as exc:
            print_findings(exc.findings, "text", stream=sys.stderr)
            return die("ร่างที่ได้โหลดเป็นเกณฑ์ไม่ได้ (ข้อผิดพลาดของโปรแกรม โปรดแจ้งผู้ดูแล)")
    atomic_write(out, body)  # makes the folder; a reader never sees half a file
    diff = diff_catalogs(base, draft_catalog(d))
    if args.format == "json":
        json.dump({"file": str(out), "counts": d.counts(), "needs": [asdict(n) for n in d.needs],
                   "diff": diff.as_dict()}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_draft_report(d, diff, load_topics(), str(out)))
    return OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("catalog", help="งานกับไฟล์เกณฑ์ ITA (ร่างเกณฑ์ปีใหม่จากเอกสาร)")
    csub = c.add_subparsers(dest="catalog_cmd", metavar="คำสั่งย่อย")
    d = csub.add_parser("draft", help="ร่างไฟล์เกณฑ์ ita-<ปี>.yaml จากข้อความเอกสารเกณฑ์ (PDF หรือ .txt)")
    d.add_argument("file", metavar="FILE", help="เอกสารเกณฑ์ของสำนักงาน ป.ป.ช. หรือสำเนา (PDF หรือข้อความ)")
    d.add_argument("--year", type=_year_arg, metavar="ปี", help="ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: ปีที่เอกสารระบุ)")
    d.add_argument("--base-year", type=_year_arg, metavar="ปี",
                   help="เกณฑ์ปีที่ใช้เทียบและคัดลอก requires (ค่าเริ่มต้น: เกณฑ์ปีล่าสุดที่ไม่เกินปีที่ร่าง)")
    d.add_argument("--out", metavar="ไฟล์", help="ไฟล์ที่จะเขียน (ค่าเริ่มต้น ita-<ปี>.yaml ในโฟลเดอร์ปัจจุบัน)")
    d.add_argument("--force", action="store_true", help="เขียนทับไฟล์ --out ที่มีอยู่")
    d.add_argument("--format", choices=["text", "json"], default="text", help="รูปแบบรายงาน: text สำหรับคน json สำหรับโปรแกรม")
    d.set_defaults(func=cmd_draft)
    c.set_defaults(func=lambda args: (c.print_help(), 2)[1] if not getattr(args, "catalog_cmd", None) else 0)

"""``oitsite codes`` and ``oitsite topics``: the registries, for editors and for docs."""

from __future__ import annotations

import argparse
import sys

from oitsite.check.markdown import allow_list_markdown
from oitsite.findings import CODES, codes_markdown
from oitsite.model.schema import DOCUMENTS_FIELD, load_topics


def cmd_codes(args: argparse.Namespace) -> int:
    if args.format == "md":
        sys.stdout.write(codes_markdown(allow_list_markdown()))
    else:
        for code, info in CODES.items():
            print(f"{code.value:28} {info.severity:8} {info.title_th}")
    return 0


def cmd_topics(args: argparse.Namespace) -> int:
    topics = load_topics()
    for t in topics.values():
        where = "data/<ปี>/" if t.yearly else "data/"
        print(f"{t.id:28} {where}{t.id}.yaml  {t.title}")
    docs = next((t.fields.get(DOCUMENTS_FIELD) for t in topics.values()), None)
    if docs is not None:  # the one schema hook: every topic's file may carry its signed originals
        subs = ", ".join(f"{n} ({fd.title})" for n, fd in docs.fields.items())
        print(f"\nทุกหัวข้อมีช่อง {DOCUMENTS_FIELD}: {docs.title} — {subs}")
        print("  evidence: ข้อ.องค์ประกอบ: หน้า เช่น {O25.1: 3, O25.2: [4, 5]} "
              "(ไฟล์ที่ไม่แยกตามปีใส่ปีนำหน้าได้ เช่น 2568/O1.2)")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    k = sub.add_parser("codes", help="รายการรหัสผลการตรวจ")
    k.add_argument("--format", choices=["text", "md"], default="text", help="รูปแบบ (md = docs/findings.md)")
    k.set_defaults(func=cmd_codes)
    t = sub.add_parser("topics", help="รายการหัวข้อข้อมูลและชื่อไฟล์")
    t.set_defaults(func=cmd_topics)

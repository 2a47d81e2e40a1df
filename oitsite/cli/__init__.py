"""The `oitsite` command: one module per command, each with ``add_commands(subparsers)`` and a
handler that calls one library function, prints through :mod:`oitsite.cli.common` and returns
the exit code. Thai first; never a traceback for bad input."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

from oitsite.cli.common import INTERNAL, USAGE, ThaiArgumentParser, broken_pipe, die

#: The command modules, in the order of ``oitsite --help``.
COMMANDS = ["check", "build", "verify", "hub", "serve", "new", "imports", "export", "years", "catalog", "cms", "noticeboard", "info"]


def build_parser() -> argparse.ArgumentParser:
    p = ThaiArgumentParser(prog="oitsite", description="สร้างเว็บไซต์เปิดเผยข้อมูลสาธารณะ (OIT) ของ อปท. จากไฟล์ข้อมูล")
    sub = p.add_subparsers(dest="cmd", metavar="คำสั่ง")
    for name in COMMANDS:
        importlib.import_module(f"oitsite.cli.{name}").add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # ``oitsite check … | head``: the reader has had enough; stop quietly
        return broken_pipe()
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else die(exc.code)
    except Exception as exc:  # last resort: never a traceback for users
        if os.environ.get("OITSITE_DEBUG"):
            traceback.print_exc()
        print(f"oitsite: เกิดข้อผิดพลาดภายในโปรแกรม ({type(exc).__name__}: {exc})\n"
              "โปรดแจ้งผู้ดูแลระบบพร้อมข้อความนี้ (ตั้งค่า OITSITE_DEBUG=1 เพื่อดูรายละเอียด)", file=sys.stderr)
        return INTERNAL


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Copy the Sarabun webfont (Thai + Latin, 400/700, woff2) from node_modules into the site's static files.

Run after `npm ci` when package.json's @fontsource/sarabun version changes; the copied files are
committed (source/_static/fonts/) so building a site needs no Node. The @font-face rules live in
source/_static/oitsite.css (unicode-range per subset, font-display: swap).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "node_modules" / "@fontsource" / "sarabun"
DEST = ROOT / "source" / "_static" / "fonts"
FILES = [f"sarabun-{subset}-{weight}-normal.woff2" for subset in ("thai", "latin") for weight in (400, 700)]


def main() -> int:
    if not PKG.is_dir():
        print("ไม่พบ node_modules/@fontsource/sarabun — เรียก `npm ci` ก่อน", file=sys.stderr)
        return 1
    DEST.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(PKG / "files" / name, DEST / name)
    shutil.copyfile(PKG / "LICENSE", DEST / "OFL.txt")
    version = json.loads((PKG / "package.json").read_text())["version"]
    ranges = json.loads((PKG / "unicode.json").read_text())
    (DEST / "README.txt").write_text(
        f"Sarabun (Cadson Demak), SIL Open Font License 1.1 — see OFL.txt.\n"
        f"From the npm package @fontsource/sarabun {version} by scripts/vendor_fonts.py.\n"
        f"unicode-range thai: {ranges['thai']}\nunicode-range latin: {ranges['latin']}\n",
        encoding="utf-8")
    for name in FILES:
        print(f"{name}: {(DEST / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

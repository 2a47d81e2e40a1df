#!/usr/bin/env python3
"""Screenshots for the editor's guide (source/guide/img/*.png), taken from real builds.

    python scripts/screenshots.py [--site DIR] [--out source/guide/img]

* the demo agency's site (built here unless --site points at one), at phone and desktop width;
* a fresh `oitsite new` skeleton: its `oitsite check` output and its `--allow-incomplete` site;
* the /admin/ form editor of the demo site, run against Sveltia CMS's in-browser test backend
  (the same bundle and generated config.yml, only `backend` swapped, so no GitHub is needed).

Needs Debian's chromium (/usr/bin/chromium) and Python playwright (never `playwright install`).
Every PNG is palette-quantised until it is under --max-bytes (default 78 KB).
"""

from __future__ import annotations

import argparse
import contextlib
import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import browserkit  # scripts/browserkit.py: static server and Chromium launch shared with the benchmarks
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "agencies" / "demo"
CHROMIUM, ARGS = browserkit.CHROMIUM, browserkit.CHROMIUM_ARGS
PHONE = {"width": 390, "height": 780}
DESKTOP = {"width": 1280, "height": 760}
NEW_SLUG = "ban-tuayang"


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration of the block; no trailing /."""
    with browserkit.serve(folder) as url:
        yield url.rstrip("/")


def shrink(png: bytes, max_bytes: int) -> bytes:
    """Palette PNG under ``max_bytes``: fewer colours first, then a smaller image."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    scale = 1.0
    while True:
        for colors in (128, 64, 32, 16):
            src = img if scale == 1.0 else img.resize((int(img.width * scale), int(img.height * scale)), Image.LANCZOS)
            buf = io.BytesIO()
            src.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
                buf, "PNG", optimize=True)
            if buf.tell() <= max_bytes:
                return buf.getvalue()
        scale *= 0.85
        if scale < 0.4:
            raise SystemExit(f"cannot fit a screenshot under {max_bytes} bytes")


def build_demo(out: Path) -> Path:
    from oitsite.site.build import build

    build(DEMO, out)
    return out


def make_skeleton(base: Path) -> tuple[Path, str]:
    """`oitsite new` + `oitsite check` as an editor runs them (paths relative to the project)."""
    agencies = base / "agencies"
    cmd = [sys.executable, "-m", "oitsite", "new", NEW_SLUG, "--dir", "agencies", "--non-interactive", "--type", "sao",
           "--name-th", "องค์การบริหารส่วนตำบลบ้านตัวอย่าง", "--province", "ตัวอย่าง",
           "--site-url", "https://example.github.io/oit/"]
    subprocess.run(cmd, cwd=base, check=True, capture_output=True)
    check = subprocess.run([sys.executable, "-m", "oitsite", "check", f"agencies/{NEW_SLUG}"], cwd=base,
                           capture_output=True, text=True)
    text = f"$ oitsite check agencies/{NEW_SLUG}\n" + check.stderr.splitlines()[0] + "\n" + check.stdout
    text += check.stderr.splitlines()[-1] + "\n"
    return agencies / NEW_SLUG, text


def terminal_page(text: str, lines: int = 24) -> str:
    shown = "\n".join(text.splitlines()[:lines] + ["…"] + text.splitlines()[-1:])
    return ("<!DOCTYPE html><html lang='th'><meta charset='utf-8'><style>body{margin:0;background:#1e1e1e}"
            "pre{margin:0;padding:16px;color:#e6e6e6;font:14px/1.5 'DejaVu Sans Mono','Noto Sans Thai',monospace;"
            "white-space:pre-wrap;word-break:break-word}</style><pre>" + html.escape(shown) + "</pre></html>")


def admin_copy(site: Path, dest: Path, *, test_backend: bool) -> Path:
    """/admin/ of the built site: with the in-browser test backend instead of GitHub, or with the
    GitHub backend of an example repository (a build outside GitHub Actions may not know it)."""
    shutil.copytree(site / "admin", dest / "admin")
    cfg_path = dest / "admin" / "config.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    if test_backend:
        cfg["backend"] = {"name": "test-repo"}
        cfg.pop("publish_mode", None)  # editorial workflow needs a GitHub/GitLab backend
    else:
        cfg["backend"]["repo"] = "example/oitsite"
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def bootstrap_images(out: Path) -> None:
    """The guide is part of every build: a first run needs its images to exist (1×1 stand-ins,
    replaced below by the real screenshots)."""
    guide = ROOT / "source" / "guide"
    for page in guide.glob("*.md"):
        for rel in re.findall(r"!\[[^\]]*\]\((img/[^)]+\.png)\)", page.read_text(encoding="utf-8")):
            target = guide / rel
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                Image.new("RGB", (1, 1), "white").save(target)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="an already built demo site (default: build it)")
    ap.add_argument("--out", type=Path, default=ROOT / "source" / "guide" / "img")
    ap.add_argument("--max-bytes", type=int, default=78_000)
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="oitsite-shots-"))
    bootstrap_images(args.out)
    try:
        site = args.site or build_demo(work / "demo-site")
        agency, check_text = make_skeleton(work)
        from oitsite.site.build import build

        new_site = work / "new-site"
        build(agency, new_site, allow_incomplete=True)
        (work / "term").mkdir()
        (work / "term" / "index.html").write_text(terminal_page(check_text), encoding="utf-8")
        admin = admin_copy(site, work / "admin-test", test_backend=True)
        signin = admin_copy(site, work / "admin-github", test_backend=False)
        current = yaml.safe_load((DEMO / "agency.yaml").read_text(encoding="utf-8"))["current_year"]
        new_year = yaml.safe_load((agency / "agency.yaml").read_text(encoding="utf-8"))["current_year"]
        args.out.mkdir(parents=True, exist_ok=True)
        written: list[tuple[str, int]] = []

        def save(page, name: str, *, locator=None) -> None:
            png = locator.screenshot() if locator is not None else page.screenshot(full_page=False)
            data = shrink(png, args.max_bytes)
            (args.out / name).write_bytes(data)
            written.append((name, len(data)))

        with serve(site) as demo, serve(new_site) as fresh, serve(work / "term") as term, serve(admin) as cms, \
                serve(signin) as github, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)

            def page_at(viewport: dict):
                return browser.new_page(viewport=viewport, device_scale_factor=1, locale="th-TH")

            p = page_at(DESKTOP)
            p.goto(f"{demo}/index.html", wait_until="networkidle")
            save(p, "home-desktop.png")
            p.goto(f"{demo}/oit/{current}/index.html", wait_until="networkidle")
            save(p, "oit-index-desktop.png")
            p.goto(f"{demo}/oit/{current}/o02.html", wait_until="networkidle")
            qr = p.locator("figure.oit-qr").first
            qr.scroll_into_view_if_needed()
            p.evaluate("window.scrollBy(0, 200)")
            save(p, "item-qr-desktop.png")
            p.goto(f"{demo}/oit/{current}/noticeboard.html", wait_until="networkidle")
            save(p, "noticeboard-desktop.png")
            p.goto(f"{fresh}/oit/{new_year}/o01.html", wait_until="networkidle")
            save(p, "new-item-desktop.png")
            p.goto(f"{term}/index.html", wait_until="networkidle")
            save(p, "check-output-desktop.png")
            p.goto(f"{cms}/admin/", wait_until="load")
            p.get_by_text("Work with Test Repository").click()
            p.wait_for_timeout(2500)
            p.goto(f"{cms}/admin/#/collections/executives/entries/executives")
            p.wait_for_timeout(2500)
            p.get_by_role("button", name=re.compile(r"^\s*(add\s*)?(Add\b|เพิ่ม)")).first.click()
            p.wait_for_timeout(1000)
            save(p, "admin-form-desktop.png")
            p.close()

            p = page_at(PHONE)
            p.goto(f"{demo}/index.html", wait_until="networkidle")
            save(p, "home-phone.png")
            p.goto(f"{demo}/oit/{current}/o01.html", wait_until="networkidle")
            save(p, "item-phone.png")
            p.close()

            # the real sign-in page (GitHub backend, access-token sign-in), no network needed to show it
            p = page_at(PHONE)
            p.goto(f"{github}/admin/", wait_until="load")
            p.get_by_text("เข้าสู่ระบบด้วยรหัสเข้าใช้").wait_for(timeout=20_000)
            save(p, "admin-signin-phone.png")
            p.goto(f"{cms}/admin/", wait_until="load")
            p.get_by_text("Work with Test Repository").click()
            p.wait_for_timeout(2500)
            p.goto(f"{cms}/admin/#/collections/complaint-channels/entries/complaint-channels")
            p.wait_for_timeout(2500)
            save(p, "admin-form-phone.png")
            p.close()
            browser.close()
        for name, size in written:
            print(f"{name:32} {size / 1000:6.1f} KB")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from oitsite.findings import FindingsError

    try:
        sys.exit(main())
    except FindingsError as exc:
        sys.exit("\n".join(f.message_th for f in exc.findings))

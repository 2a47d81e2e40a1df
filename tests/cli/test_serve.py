"""``oitsite serve`` as an editor uses it (issue 15): open a page, save a YAML mistake, see a Thai
finding page within 3 s without touching the browser, fix it, get the real page back; images
(the item's QR code) load in the preview; the terminal shows Thai status lines only.

The real command runs in its own process group on a free port, on a copy of the small test
agency (tests/badinput/base, the catalog restricted to its items), and is always stopped.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import browserkit  # noqa: E402
from minimal_agency import make_agency, write_mini_catalog  # noqa: E402

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not browserkit.chromium_available(), reason="Debian chromium not installed")]

THAI = re.compile(r"[\u0e00-\u0e7f]")
BAD = "phones:\n  - number: \"0 7200 0100\"\n   label: สำนักปลัด\n"  # label indented one space too far


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"oitsite serve ended early (exit {proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@pytest.fixture
def served(tmp_path: Path):
    """(agency folder, base URL, path of the terminal output) of a running ``oitsite serve``."""
    agency = make_agency(tmp_path)
    port = _free_port()
    log = tmp_path / "terminal.txt"
    env = dict(os.environ, PYTHONPATH=str(ROOT), OITSITE_CATALOGS=str(write_mini_catalog(tmp_path / "catalogs")),
               PYTHONUNBUFFERED="1")
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "oitsite", "serve", str(agency), "--port", str(port)],
                                cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_http(base, proc, 120)
        yield agency, base, log, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)


def test_serve_shows_thai_findings_then_the_real_page_again(served):
    agency, base, log, proc = served
    contact = agency / "data" / "contact.yaml"
    good = contact.read_text(encoding="utf-8")
    assert "phones:\n  - number: \"0 7200 0100\"\n    label: สำนักปลัด\n" in good
    with browserkit.browser() as b:
        page = b.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "oit/2567/o04.html")
        page.wait_for_load_state("load")
        assert page.locator("#oitsite-findings").count() == 0
        assert "O4" in page.locator("h1").first.inner_text()
        # the QR code of the item is an image of the preview's own site, and it loads
        qr = page.locator("img[src$='-qr.svg']:not(.oit-print-qr)").first
        qr.wait_for()
        assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
        page.wait_for_function("() => performance.getEntriesByType('resource')"
                               ".some(e => e.name.includes('/_oitsite/reload.js'))")
        page.wait_for_timeout(300)  # the socket is open
        assert errors == [], errors  # the reload script is allowed by the page's CSP

        # a YAML mistake: the open page turns into the Thai finding page by itself
        t0 = time.monotonic()
        contact.write_text(good.replace("phones:\n  - number: \"0 7200 0100\"\n    label: สำนักปลัด\n", BAD),
                           encoding="utf-8")
        page.wait_for_selector("#oitsite-findings", timeout=3000)
        shown = time.monotonic() - t0
        text = page.locator("#oitsite-findings").inner_text()
        assert re.search(r"contact\.yaml:\d+", text), text
        assert "วิธีแก้" in text and THAI.search(text)
        assert "Traceback" not in text and "sphinx" not in text.lower()
        assert "ข้อผิดพลาด" in page.title()
        # every page is the finding page while the mistake is there
        page.goto(base + "index.html")
        assert page.locator("#oitsite-findings").count() == 1

        # fixed: the real page comes back by itself (after the rebuild)
        contact.write_text(good, encoding="utf-8")
        page.wait_for_function("() => !document.getElementById('oitsite-findings')", timeout=90_000)
        page.wait_for_load_state("load")
        assert page.locator("#oitsite-findings").count() == 0
        assert page.locator("h1").count() >= 1
        page.close()
    print(f"finding page shown {shown:.2f} s after the bad save")

    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(20)
    terminal = log.read_text(encoding="utf-8")
    lines = [ln for ln in terminal.splitlines() if ln.strip()]
    assert any("กำลังสร้าง" in ln for ln in lines) and any(re.search(r"เสร็จใน \d+\.\d วินาที", ln) for ln in lines)
    assert any(re.search(r"พบข้อผิดพลาด \d+ รายการ — ดูในเบราว์เซอร์", ln) for ln in lines)
    english = [ln for ln in lines if not THAI.search(ln)]
    assert english == [], english
    for word in ("sphinx", "traceback", "please open an issue", "warning:", "info", "detected"):
        assert word not in terminal.lower(), word

"""Every `oitsite …` example in README.md runs as written (issue 15), in a temporary folder that
holds a copy of the demo agency (the examples write there: _build/, a new agency, an import)."""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docfolder import make_folder

from oitsite import thai
from oitsite.cli import main

ROOT = Path(__file__).resolve().parents[2]
THAI = re.compile(r"[\u0E00-\u0E7F]")


def readme_examples() -> list[str]:
    """The `oitsite …` lines of README.md's ``sh`` blocks, without their comments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        for line in block.splitlines():
            line = re.split(r"\s+#\s", line, maxsplit=1)[0].strip()
            if line.startswith("oitsite "):
                out.append(line)
    return out


EXAMPLES = readme_examples()


def test_readme_has_examples() -> None:
    names = {shlex.split(e)[1] for e in EXAMPLES}
    assert {"check", "build", "serve", "new", "import", "export", "diff-years", "noticeboard", "catalogs"} <= names
    for e in EXAMPLES:  # runnable as written: no [optional] or a|b notation
        assert not re.search(r"\s\[|\s/\s|<", e), e


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "agencies" / "demo", work / "agencies" / "demo")
    # the spreadsheet the import example names: one row in the criteria's columns
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["งานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง",
               "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
               "เลขประจำตัวผู้เสียภาษี/เลขประจำตัวประชาชน", "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการ",
               "วันที่ลงนามในสัญญา", "วันสิ้นสุดสัญญา"])
    ws.append(["จัดซื้อวัสดุสำนักงาน", 12000, "ข้อบัญญัติ", "ดำเนินการแล้วเสร็จ", "เฉพาะเจาะจง", 12000, 11500,
               "010555607598" + str(thai.thai_id_check_digit("010555607598")), "ร้าน ก การค้า", "67019123456", "15 พฤศจิกายน 2566", "15 ธันวาคม 2566"])
    wb.save(work / "ผลจัดซื้อ.xlsx")
    # the folder of existing OIT files and the criteria text the import-documents and catalog-draft examples name
    make_folder(work / "เอกสารOIT2567")
    shutil.copy(ROOT / "tests" / "fixtures" / "criteria" / "synthetic-ita2570.txt", work / "เกณฑ์2570.txt")
    return work


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("OITSITE_DEBUG", None)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("example", EXAMPLES)
def test_readme_example_runs(example: str, workdir: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    argv = shlex.split(example)[1:]
    if argv[0] == "serve":  # runs until stopped: it must start (another port if 8000 is taken here; one year, faster)
        proc = subprocess.Popen([sys.executable, "-m", "oitsite", *argv, "--port", str(_free_port()), "--year", "2569"],
                                cwd=workdir, env=_env(), text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        lines: list[str] = []
        try:  # the status lines go to stderr; the address is told once the first build is done
            assert proc.stderr is not None
            for line in proc.stderr:
                lines.append(line)
                if "ดูตัวอย่างที่ http://127.0.0.1:" in line or len(lines) > 200:
                    break
            assert any("ดูตัวอย่างที่ http://127.0.0.1:" in ln for ln in lines), "".join(lines)
            assert all(THAI.search(ln) for ln in lines if ln.strip()), "".join(lines)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        return
    if argv[0] == "hub":  # the agencies folder as a host has it: the README's `new` skeleton (still unnamed,
        # so not publishable: the hub would rightly report it failed) is not part of it
        hub_dir = workdir / "hub-host"
        if not hub_dir.exists():
            shutil.copytree(workdir / "agencies" / "demo", hub_dir / "agencies" / "demo")
        workdir = hub_dir
    monkeypatch.chdir(workdir)  # in-process (no interpreter start per example); stdin is not a terminal
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    cap = capsys.readouterr()
    text = cap.out + cap.err
    assert code == 0, f"`{example}` exit {code}\n{text[-3000:]}"
    assert "Traceback" not in text and "เกิดข้อผิดพลาดภายใน" not in text
    if argv[0] == "noticeboard":
        assert list((workdir / "_build").glob("noticeboard-*.html"))
    if argv[0] == "build":
        assert (workdir / "_build" / "site" / "index.html").is_file()
    if argv[0] == "new":
        assert (workdir / "agencies" / argv[1] / "agency.yaml").is_file()

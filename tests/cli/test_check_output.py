"""`oitsite check` for people (issue 15): grouped by O-item, most important first, one line per
problem with its repeats (×N), a summary table and the next steps; a YAML syntax error replaces
the missing-element noise of its file; `check | head` ends quietly; a refused build counts what
check counts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from oitsite.authoring.scaffold import AgencyAnswers, create_agency
from oitsite.check.digest import digest
from oitsite.check.site import check_site
from oitsite.cli import main
from oitsite.findings import Code, Finding, summary_line

ROOT = Path(__file__).resolve().parents[2]
LOCATION = re.compile(r"^(?P<file>[^:\s]+\.(yaml|md)):(?P<line>\d+)(:\d+)?: ")


@pytest.fixture(scope="module")
def new_agency(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `oitsite new` writes: every field still a placeholder (hundreds of findings)."""
    target = tmp_path_factory.mktemp("new") / "agencies" / "ban-x"
    create_agency(target, AgencyAnswers("ban-x", type="subdistrict_municipality"))
    return target


@pytest.fixture(scope="module")
def report(new_agency: Path) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "oitsite", "check", str(new_agency)], capture_output=True,
                          text=True, timeout=120, check=False, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return proc.returncode, proc.stdout, proc.stderr


def test_grouped_by_item_most_important_first(report: tuple[int, str, str], new_agency: Path) -> None:
    rc, out, _ = report
    assert rc == 1
    heads = [ln for ln in out.splitlines() if ln.startswith("== ")]
    assert heads[0].startswith("== ข้อมูลหน่วยงานและไฟล์ทั่วไป")  # agency.yaml: every page uses it
    items = [int(m.group(1)) for h in heads if (m := re.match(r"== O(\d+) ", h))]
    assert items == sorted(items) and len(items) >= 20, heads  # items in catalog order
    site = check_site(new_agency)
    d = digest(site.reports)
    ranks = [g.rank for g in d.groups]
    assert ranks == sorted(ranks)  # errors before warnings before notices
    # each item's problems, one line each: the group's counts add up to the summary
    assert sum(sum(g.counts().values()) for g in d.groups) == len(site.findings)


def test_one_line_per_problem_with_repeats(report: tuple[int, str, str]) -> None:
    _, out, _ = report
    problems = [ln for ln in out.splitlines() if LOCATION.match(ln)]
    repeated = [ln for ln in problems if re.search(r" ×\d+", ln)]
    assert repeated, out[:2000]
    counted = sum(int(re.search(r" ×(\d+)", ln).group(1)) if " ×" in ln else 1 for ln in problems)
    total = int(re.search(r"ผิดพลาด (\d+) รายการ, คำเตือน (\d+)", out).group(1)) + \
        int(re.search(r"คำเตือน (\d+) รายการ", out).group(1))
    assert counted == total  # nothing lost in the grouping
    assert len(problems) <= total * 0.6  # and the list is much shorter than the findings
    # a placeholder line names every line where the file still has one
    line = next(ln for ln in problems if "oit.placeholder" in ln and "×" in ln)
    assert re.search(r"\(บรรทัด \d+(, \d+)+", line)


def test_summary_table_and_next_steps(report: tuple[int, str, str], new_agency: Path) -> None:
    _, out, _ = report
    tail = out[out.index("\nสรุป\n"):]
    assert re.search(r"ปี ITA\s+ครบ\s+ยังไม่ครบ\s+ยังไม่มีข้อมูล\s+ผิดพลาด\s+คำเตือน", tail)
    assert re.search(r"\n  25\d\d\s+\d+/\d+\s+\d+\s+\d+\s+\d+\s+\d+", tail)
    assert "ขั้นต่อไป:" in tail and f"oitsite check {new_agency}" in tail and "--allow-incomplete" in tail


def test_refused_build_counts_what_check_counts(report: tuple[int, str, str], new_agency: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = report
    check_line = next(ln for ln in out.splitlines() if ln.startswith("ผิดพลาด ") and "คำเตือน" in ln)
    assert main(["build", str(new_agency), "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert check_line in err.splitlines()
    assert "ไม่ได้เผยแพร่" in err and not (tmp_path / "site").exists()


def test_check_into_head_ends_quietly(new_agency: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "oitsite", "check", str(new_agency)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read().decode()
    rc = proc.wait(timeout=120)
    assert "BrokenPipe" not in err and "เกิดข้อผิดพลาดภายใน" not in err and "Traceback" not in err, err
    assert rc == 141


def test_yaml_error_replaces_missing_element_noise(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    agency = tmp_path / "agencies" / "demo"
    shutil.copytree(ROOT / "agencies" / "demo", agency)
    path = agency / "data" / "executives.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n    position:", "\n   position:", 1), encoding="utf-8")
    assert main(["check", str(agency), "--year", "2569"]) == 1
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if "executives.yaml" in ln and LOCATION.match(ln)]
    assert len(lines) == 1 and "oit.yaml-syntax" in lines[0], lines
    assert "แก้ไฟล์ที่อ่านไม่ได้ก่อน" in out


def test_safety_before_content() -> None:
    found = [Finding(Code.MISSING_ELEMENT, "ขาด", file="a.yaml", line=3),
             Finding(Code.PII_PHONE, "เบอร์", file="b.yaml", line=1),
             Finding(Code.UNSAFE_PATH, "ออกนอก", file="c.yaml", line=9)]
    d = digest(None, found)
    assert [p.finding.code for g in d.groups for p in g.problems] == [Code.UNSAFE_PATH, Code.MISSING_ELEMENT, Code.PII_PHONE]
    assert summary_line(d.findings) == summary_line(found)


def test_next_steps_never_say_ready_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 1
    out = capsys.readouterr().out
    assert "oit.missing-agency" in out and "ขั้นต่อไป:" in out and "พร้อมสร้างเว็บไซต์" not in out
    assert main(["check", str(ROOT / "agencies" / "demo"), "--year", "2569"]) == 0
    assert f"พร้อมสร้างเว็บไซต์: oitsite build {ROOT / 'agencies' / 'demo'}" in capsys.readouterr().out

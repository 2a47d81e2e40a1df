"""The bad-input corpus (issue #3): every case in tests/badinput/cases.yaml must give a Thai finding
with the expected code, file and line, the expected exit status, and never a traceback.

Each case copies tests/badinput/base/ (which checks clean against the ITA 2567 catalog restricted
to the items its data covers, see tests/minimal_agency.py), applies its mutations, and runs
``oitsite check --format json`` in-process; a handful also run as a real subprocess in text format.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from minimal_agency import SOURCE_DATE_EPOCH, apply, load_cases, make_agency, write_mini_catalog

from oitsite.cli import main

CASES = load_cases()
THAI = re.compile(r"[\u0e01-\u0e5b]")
#: Cases also run through a real `python -m oitsite` process (text output, exit status).
SUBPROCESS_CASES = ["yaml-tab-indent", "file-cp874", "attachment-symlink-escape", "markdown-script",
                    "yaml-deep-nesting", "yaml-alias-bomb", "unknown-key-nmae_th", "attachment-dotdot-allow-incomplete",
                    "missing-element-allowed"]
#: Address-space cap for those processes: a loader regression (alias bomb, deep nesting) fails the
#: test instead of eating the machine's memory.
SUBPROCESS_MEMORY = 3 * 1024**3
ROOT = Path(__file__).resolve().parents[2]


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (SUBPROCESS_MEMORY, SUBPROCESS_MEMORY))


@pytest.fixture(scope="session")
def catalog_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_mini_catalog(tmp_path_factory.mktemp("catalogs"))


@pytest.fixture
def oit_env(catalog_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("OITSITE_CATALOGS", str(catalog_dir))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    return {"OITSITE_CATALOGS": str(catalog_dir), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


def run_check(agency: Path, args: list[str], capsys: pytest.CaptureFixture) -> tuple[int, list[dict], str]:
    rc = main(["check", str(agency), "--format", "json", *args])
    out, err = capsys.readouterr()
    return rc, json.loads(out), out + err


def same_file(shown: str | None, agency: Path, rel: str) -> bool:
    """Findings name files relative to the working directory when inside it, else absolutely;
    symbolic links are not followed (the link itself is the file an editor must fix)."""
    return shown is not None and os.path.abspath(shown) == os.path.abspath(agency / rel)


def test_corpus_is_big_enough():
    assert len(CASES) >= 45
    with_line = [c for c in CASES if c["expect"].get("code") and c["expect"].get("line")]
    assert len(with_line) >= 45


def test_base_agency_is_clean(tmp_path: Path, oit_env, capsys):
    agency = make_agency(tmp_path)
    rc, findings, _ = run_check(agency, [], capsys)
    # the one notice is about the criteria, not the agency: the mini catalog keeps O2's unverified LAO footnote
    catalog_notes = [f for f in findings if f["code"] == "oit.unverified-criteria"]
    assert [f["items"] for f in catalog_notes] == [["O2"]] and catalog_notes[0]["severity"] == "notice"
    assert [f for f in findings if f not in catalog_notes] == [] and rc == 0


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case: dict, tmp_path: Path, oit_env, capsys):
    agency = make_agency(tmp_path)
    for m in case["mutate"]:
        apply(agency, m)
    rc, findings, text = run_check(agency, case.get("args", []), capsys)

    assert "Traceback" not in text and "oitsite: เกิดข้อผิดพลาดภายใน" not in text, text
    assert rc == case.get("exit", 1), f"exit {rc}\n{text}"
    for f in findings:  # every message an editor sees is Thai
        assert THAI.search(f["message_th"]), f
    want = case["expect"]
    if want.get("code") is None:
        assert [f for f in findings if f["severity"] != "notice"] == [], text
        return
    hits = [f for f in findings if f["code"] == want["code"] and same_file(f["file"], agency, want["file"])]
    assert hits, f"no {want['code']} in {want['file']}:\n{text}"
    if "line" in want:
        assert want["line"] in [f["line"] for f in hits], f"lines {[f['line'] for f in hits]} != {want['line']}\n{text}"
        hits = [f for f in hits if f["line"] == want["line"]]
    if "column" in want:
        assert want["column"] in [f["column"] for f in hits], f"columns {[f['column'] for f in hits]} != {want['column']}\n{text}"
        hits = [f for f in hits if f["column"] == want["column"]]
    for code in case.get("absent", []):  # noise the expected finding must replace
        assert not [f for f in findings if f["code"] == code and same_file(f["file"], agency, want["file"])], text
    if "contains" in want:
        assert any(want["contains"] in f["message_th"] or want["contains"] in f["fix_th"] for f in hits), hits
    if rc == 1:
        assert any(f["severity"] == "error" for f in findings)


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_bad_input_subprocess(name: str, tmp_path: Path, oit_env):
    case = next(c for c in CASES if c["name"] == name)
    agency = make_agency(tmp_path)
    for m in case["mutate"]:
        apply(agency, m)
    env = dict(os.environ, **oit_env)
    env.pop("OITSITE_DEBUG", None)
    proc = subprocess.run([sys.executable, "-m", "oitsite", "check", str(agency), *case.get("args", [])],
                          capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path, preexec_fn=_cap_memory)
    text = proc.stdout + proc.stderr
    assert proc.returncode == case.get("exit", 1), text
    assert "Traceback" not in text
    want = case["expect"]
    rel = os.path.relpath(agency / want["file"], tmp_path)  # shown relative to the working directory
    where = f"{rel}:{want['line']}" if want.get("line") else rel
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith(where + ":") and want["code"] in ln), None)
    assert line is not None, f"{where} {want['code']} not in:\n{text}"
    assert THAI.search(line)
    assert "ผิดพลาด" in proc.stderr or "ผิดพลาด" in proc.stdout  # Thai summary


def test_allow_incomplete_build_still_refuses_unsafe_path(tmp_path: Path, oit_env, capsys):
    """A missing element never stops a build (public or draft), a ../ attachment stops both."""
    agency = make_agency(tmp_path)
    apply(agency, {"replace": {"path": "data/executives.yaml", "old": "    kind: civil_service\n    photo: files/images/executive.png\n",
                               "new": "    kind: civil_service\n"}})
    out = tmp_path / "site"
    assert main(["build", str(agency), "--out", str(tmp_path / "public"), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["build", str(agency), "--out", str(out), "--allow-incomplete", "--quiet"]) == 0
    assert (out / "index.html").is_file()
    capsys.readouterr()

    apply(agency, {"replace": {"path": "data/2567/no-gift-announcement.yaml", "old": "file_th: files/announcement-th.pdf",
                               "new": "file_th: ../../etc/passwd"}})
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert main(["build", str(agency), "--out", str(out), "--allow-incomplete"]) == 1
    _, err = capsys.readouterr()
    assert "oit.unsafe-path" in err and "no-gift-announcement.yaml:2" in err
    assert "Traceback" not in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert main(["build", str(agency), "--out", str(tmp_path / "public")]) == 1  # nor the public one
    assert "oit.unsafe-path" in capsys.readouterr().err


def test_findings_doc_is_generated(capsys):
    """docs/findings.md is exactly what `oitsite codes --format md` prints from oitsite/codes.py."""
    assert main(["codes", "--format", "md"]) == 0
    generated = capsys.readouterr().out
    assert "`oit.unsafe-path`" in generated and "`oit.yaml-syntax`" in generated
    assert (ROOT / "docs" / "findings.md").read_text(encoding="utf-8") == generated, \
        "regenerate: python -m oitsite codes --format md > docs/findings.md"

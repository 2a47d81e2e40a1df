"""No English reaches a clerk from the command line (issue 15): every subcommand's --help and its
error paths (missing arguments, a bad choice, an unknown option) are Thai, every option has Thai
help, choices take Thai and English values, and help never names an O-item number (those differ
between ITA years)."""

from __future__ import annotations

import argparse
import glob
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from oitsite.cli import build_parser, main
from oitsite.cli.common import ARGPARSE_TH, ThaiArgumentParser, translate_argparse

THAI = re.compile(r"[\u0E00-\u0E7F]")


def _parsers() -> list[tuple[list[str], argparse.ArgumentParser]]:
    """Every parser of the command tree with the words that reach it (``[]``, ``["export", "itas"]``…)."""
    out: list[tuple[list[str], argparse.ArgumentParser]] = []

    def walk(path: list[str], p: argparse.ArgumentParser) -> None:
        out.append((path, p))
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(path + [name], sub)

    walk([], build_parser())
    return out


PARSERS = _parsers()
COMMAND_NAMES = {w for path, _ in PARSERS for w in path}


def english_only(line: str) -> bool:
    """A line with English words and no Thai: option names (``--year``), metavars (``AGENCY_DIR``),
    ``{text,json}`` choices, paths and command names are syntax, not English."""
    if THAI.search(line):
        return False
    rest = re.sub(r"\{[^}]*\}", " ", line)
    words = [w.strip("[](),.:|'\"") for w in rest.split()]
    words = [w for w in words if w and not w.startswith("-") and w != "..." and not re.fullmatch(r"[A-Z0-9_]+", w)
             and w not in COMMAND_NAMES and w != "oitsite" and "/" not in w and "." not in w]
    return any(re.search(r"[A-Za-z]{2,}", w) for w in words)


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """One line per help text (a wrapped Thai sentence may end in an English word such as "token")."""
    monkeypatch.setenv("COLUMNS", "400")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    cap = capsys.readouterr()
    return code, cap.out + cap.err


def _ids(items: list) -> list[str]:
    return [" ".join(path) or "oitsite" for path, _ in items]


@pytest.mark.parametrize(("path", "parser"), PARSERS, ids=_ids(PARSERS))
def test_help_is_thai(path: list[str], parser: argparse.ArgumentParser, capsys: pytest.CaptureFixture[str]) -> None:
    assert isinstance(parser, ThaiArgumentParser)
    code, text = run(path + ["--help"], capsys)
    assert code == 0
    assert text.startswith("วิธีใช้: oitsite")
    english = [line for line in text.splitlines() if english_only(line)]
    assert not english, f"English-only lines in `oitsite {' '.join(path)} --help`: {english}"
    assert not re.search(r"\bO\d+\b", text), "help names an O-item number (they differ between ITA years)"
    for action in parser._actions:
        if action.help == argparse.SUPPRESS:
            continue
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                assert choice.help and THAI.search(choice.help), f"{path} {choice.dest}: no Thai help"
            continue
        assert action.help and THAI.search(action.help), f"oitsite {' '.join(path)} {action.option_strings or action.dest}: no Thai help"


def _error_cases() -> list[tuple[str, list[str]]]:
    cases = []
    for path, p in PARSERS:
        needs = [a for a in p._actions if a.required]
        if needs:
            cases.append(("missing", path))
        cases.append(("unknown-option", path + ["--no-such-option"]))
        for a in p._actions:
            if a.option_strings and (a.choices is not None or (a.type is not None and a.type not in (str,))) \
                    and a.nargs != 0 and not isinstance(a, argparse._SubParsersAction):
                cases.append(("bad-value", path + [a.option_strings[-1], "zz-bad"]))
            if isinstance(a, argparse._SubParsersAction):
                cases.append(("bad-choice", path + ["zz-bad"]))
    return cases


ERRORS = _error_cases()


@pytest.mark.parametrize(("kind", "argv"), ERRORS, ids=[f"{k}:{' '.join(a)}" for k, a in ERRORS])
def test_errors_are_thai(kind: str, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(argv, capsys)
    assert code == 2, text
    english = [line for line in text.splitlines() if english_only(line)]
    assert not english, f"English-only lines for `oitsite {' '.join(argv)}`: {english}"
    assert "ผิดพลาด:" in text and "--help" in text
    assert "error:" not in text and "usage:" not in text


def test_argparse_messages_translated() -> None:
    assert translate_argparse("the following arguments are required: AGENCY_DIR, --out") == "ยังไม่ได้ระบุ: AGENCY_DIR, --out"
    # Python 3.11 quotes choices with repr(), 3.12.8+ does not: both read the same in Thai
    for choices in ("'text', 'json'", "text, json"):
        msg = f"argument --format: invalid choice: 'xml' (choose from {choices})"
        assert translate_argparse(msg) == "--format: ใช้ค่า xml ไม่ได้ (ใช้ได้: text, json)"
    assert translate_argparse("argument --port: invalid int value: 'abc'") == "--port: ค่า abc ไม่ใช่จำนวนเต็ม"
    assert translate_argparse("argument --out: expected one argument") == "--out: ต้องตามด้วยค่าหนึ่งค่า"
    assert "%" not in "".join(translate_argparse(k) for k in ARGPARSE_TH if "%" not in k)


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_thai_on_every_python(version: str) -> None:
    """argparse's strings moved between releases: the same Thai on 3.11, 3.12 and 3.13."""
    found = sorted(glob.glob(f"/root/.pyenv/versions/{version}.*/bin/python")) + \
        [p for p in [shutil.which(f"python{version}")] if p]
    if not found:
        pytest.skip(f"no Python {version} here")
    code = ("import sys; sys.path.insert(0, sys.argv[1]);"
            "from oitsite.cli.common import ThaiArgumentParser as P;"
            "p = P(prog='t'); p.add_argument('x'); p.add_argument('--f', choices=['a', 'b']);"
            "print(p.format_help());"
            "p.parse_args(sys.argv[2:])")
    root = str(Path(__file__).resolve().parents[2])
    for argv, want in ([[], "ยังไม่ได้ระบุ: x"], [["v", "--f", "c"], "--f: ใช้ค่า c ไม่ได้ (ใช้ได้: a, b)"],
                       [["v", "w"], "ไม่รู้จักตัวเลือกหรือค่านี้: w"], [["v", "--f"], "--f: ต้องตามด้วยค่าหนึ่งค่า"]):
        res = subprocess.run([found[0], "-c", code, root, *argv], capture_output=True, text=True, timeout=60, check=False)
        assert res.returncode == 2 and want in res.stderr, (version, argv, res.stderr)
        assert "วิธีใช้: t" in res.stdout and "แสดงวิธีใช้นี้แล้วจบ" in res.stdout and "ตัวเลือก:" in res.stdout
        assert not [line for line in (res.stdout + res.stderr).splitlines() if english_only(line)]


def test_thai_and_english_choice_values() -> None:
    from oitsite.authoring import scaffold
    from oitsite.cli import new as new_cmd

    for value in ("ทต.", "ทต", "เทศบาลตำบล", "subdistrict_municipality"):
        args = build_parser().parse_args(["new", "ban-x", "--type", value])
        assert args.type == "subdistrict_municipality"
    assert build_parser().parse_args(["check", "a", "--lang", "อังกฤษ"]).lang == "en"
    # the wizard takes what its prompt shows
    answers = iter(["ทต.", "เทศบาลตำบลตัวอย่าง", "", "", "", ""])
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    ans = new_cmd.wizard(scaffold.AgencyAnswers("x1"), ask)
    assert ans.type == "subdistrict_municipality" and "ทต." in prompts[0] and len(prompts) == 6


def test_top_level_without_command_is_thai() -> None:
    res = subprocess.run([sys.executable, "-m", "oitsite"], capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 2 and "วิธีใช้: oitsite" in res.stdout
    assert not [line for line in res.stdout.splitlines() if english_only(line)]

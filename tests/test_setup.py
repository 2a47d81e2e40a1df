"""The README's set-up works from a clean checkout (issue 15): `./run demo` and `./run tests`
make their own virtual environment (no system site-packages; pip may use the local mirror and
its cache) and install everything themselves, so a step missing from ./run, noxfile.py or
pyproject.toml fails here. .ci/run calls the README's exact test command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    """The commands of README's "Set-up" section (its ``sh`` blocks)."""
    section = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [ln.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL) for ln in block.splitlines() if ln.strip()]


def test_readme_setup_is_two_commands_and_ci_runs_the_test_one() -> None:
    cmds = setup_commands()
    assert cmds == ["./run demo", "./run tests"], cmds
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^\./run tests$", ci, re.MULTILINE), "the CI entry point must run the README's test command"
    assert "pip install" not in ci  # Debian 12 / Ubuntu 24.04: externally-managed-environment
    assert os.access(ROOT / "run", os.X_OK)


def _checkout(dst: Path) -> None:
    """The project's files as a clone has them (tracked and new, never .venv/_build/node_modules)."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if rel == "node_modules" or not src.exists() or src.is_dir():
            continue
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst / rel, follow_symlinks=False)
    if (ROOT / "node_modules").exists():  # npm's download is not what this test is about
        (dst / "node_modules").symlink_to((ROOT / "node_modules").resolve())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "NOX", "PYTEST"))}
    # the interpreter a fresh machine has, not this test run's virtual environment
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not (Path(p) / "activate").exists())
    return env


@pytest.mark.setup
def test_readme_setup_in_a_fresh_venv(tmp_path: Path) -> None:
    if shutil.which("python3") is None:
        pytest.skip("no python3 on PATH")
    _checkout(tmp_path)
    env = _env()
    # ./run demo (the build limited to one year to keep this test short: arguments go to `oitsite build`)
    demo = subprocess.run(["./run", "demo", "--year", "2569"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=1200, check=False)
    text = demo.stdout + demo.stderr
    assert demo.returncode == 0, text[-4000:]
    assert (tmp_path / "_build" / "site" / "index.html").is_file()
    venv_python = tmp_path / ".venv" / "bin" / "python"
    probe = subprocess.run([str(venv_python), "-c", "import sys, oitsite, nox; print(sys.prefix, oitsite.__file__)"],
                           capture_output=True, text=True, check=True, env=env, cwd="/").stdout
    assert probe.startswith(str(tmp_path / ".venv")) and str(tmp_path) in probe.split()[1]  # installed from the checkout
    code = "import sys; print(sys.prefix != sys.base_prefix)"
    in_venv = subprocess.run([str(venv_python), "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert in_venv.strip() == "True"
    # ./run tests (one quick test: the test dependencies are installed and pytest runs)
    tests = subprocess.run(["./run", "tests", "tests/cli/test_thai_cli.py::test_argparse_messages_translated", "-q",
                            "-p", "no:cacheprovider"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=1200, check=False)
    text = tests.stdout + tests.stderr
    assert tests.returncode == 0 and " passed" in text, text[-4000:]


def test_run_says_in_thai_what_to_install_without_venv(tmp_path: Path) -> None:
    """A stock Debian python3 without python3-venv: ./run names the package (apt-get install python3-venv)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    # a python3 whose ensurepip is missing, as on Debian/Ubuntu without python3-venv
    (fake / "python3").write_text(f"#!/bin/sh\nexec {sys.executable} -S -c \"import sys; sys.modules['ensurepip'] = None; "
                                  "sys.argv[1:] = sys.argv[2:] if sys.argv[1:2] == ['-c'] else sys.argv[1:]; "
                                  "exec(sys.argv[1]) if sys.argv[1:] else None\" \"$@\"\n")
    (fake / "python3").chmod(0o755)
    work = tmp_path / "w"
    work.mkdir()
    shutil.copy2(ROOT / "run", work / "run")
    res = subprocess.run(["./run", "demo"], cwd=work, env=dict(_env(), PYTHON=str(fake / "python3")),
                         capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 1, res.stderr
    assert "apt-get install -y python3-venv" in res.stderr and re.search(r"[\u0E00-\u0E7F]", res.stderr)
    assert not (work / ".venv").exists()

"""An empty or incomplete agency.yaml: the public `build` refuses with the check's findings (file,
line), never an internal error (exit 3); with --allow-incomplete (the draft) an empty one still builds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from minimal_agency import SOURCE_DATE_EPOCH, make_agency, write_mini_catalog  # noqa: E402

from oitsite.cli import main  # noqa: E402

AGENCY_YAML = {
    "empty": ("", "oit.missing-field", 1),
    "only-name": ("name_th: อบต.ทดสอบ\n", "oit.missing-field", 1),
    "wrong-types": ("name_th: [1, 2]\ntype: sao\nsite_url: https://x.example/\nyears: สองพัน\n", "oit.wrong-type", 4),
    "a-list": ("- name_th\n- type\n", "oit.wrong-type", 1),
}


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OITSITE_CATALOGS", str(write_mini_catalog(tmp_path / "catalogs")))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.delenv("OITSITE_DEBUG", raising=False)
    return tmp_path


@pytest.mark.parametrize("kind", AGENCY_YAML, ids=AGENCY_YAML.keys())
def test_build_refuses_with_findings(kind: str, env: Path, capsys):
    text, code, line = AGENCY_YAML[kind]
    agency = make_agency(env)
    (agency / "agency.yaml").write_text(text, encoding="utf-8")
    assert main(["check", str(agency), "--year", "2567"]) == 1
    out = capsys.readouterr().out
    assert f"agency.yaml:{line}" in out and code in out
    rc = main(["build", str(agency), "--out", str(env / "site"), "--year", "2567", "-j", "1"])
    err = capsys.readouterr().err
    assert rc == 1, err
    assert f"agency.yaml:{line}" in err and code in err and "ภายในโปรแกรม" not in err
    assert not (env / "site").exists()


def test_empty_agency_yaml_builds_incomplete(env: Path, capsys):
    agency = make_agency(env)
    (agency / "agency.yaml").write_text("", encoding="utf-8")
    rc = main(["build", str(agency), "--out", str(env / "site"), "--year", "2567", "-j", "1", "--allow-incomplete"])
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    assert (env / "site" / "index.html").is_file()

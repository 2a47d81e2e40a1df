"""``check`` and ``build`` agree: whatever can fail the build is a ``check`` finding first.

Every case of the bad-input corpus (tests/badinput/cases*.yaml) that ``oitsite check
--allow-incomplete`` accepts (no error left) is built, in this process, with the mini catalog
of test_badinput.py and ``-j 1``; the build must then succeed. A build failure here is a problem
only Sphinx noticed: teach ``check`` (or the renderer) about it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from minimal_agency import SOURCE_DATE_EPOCH, apply, load_cases, make_agency, write_mini_catalog

from oitsite.cli import main
from oitsite.findings import FindingsError

CASES = load_cases()
#: Seconds the whole parity run may take (the brief: < 90 s on two shared cores).
BUDGET = 90


@pytest.fixture(scope="module")
def catalog_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_mini_catalog(tmp_path_factory.mktemp("catalogs"))


def test_check_and_build_agree(tmp_path: Path, catalog_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from oitsite.site.build import build

    monkeypatch.setenv("OITSITE_CATALOGS", str(catalog_dir))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    t0 = time.perf_counter()
    built, disagree = [], []
    for i, case in enumerate(CASES):
        agency = make_agency(tmp_path / f"c{i}")
        for m in case["mutate"]:
            apply(agency, m)
        args = [a for a in case.get("args", []) if a != "--allow-incomplete"]
        rc = main(["check", str(agency), "--format", "json", "--allow-incomplete", *args])
        out, _ = capsys.readouterr()
        if rc != 0:
            continue
        built.append(case["name"])
        try:
            build(agency, tmp_path / f"c{i}-site", allow_incomplete=True, jobs=1)
        except FindingsError as exc:
            disagree.append(f"{case['name']}: check accepted, build refused:\n  "
                            + "\n  ".join(f"{f.code.value} {f.file}:{f.line} {f.message_th}" for f in exc.findings)
                            + f"\n  check said: {[f['code'] for f in json.loads(out)]}")
        except Exception as exc:  # noqa: BLE001 — any crash is a disagreement too
            disagree.append(f"{case['name']}: build crashed: {type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - t0
    assert len(built) >= 5, built  # the corpus does hold accepted inputs (warnings, notices, allowed gaps)
    assert not disagree, "\n".join(disagree)
    assert seconds < BUDGET, f"{len(built)} builds took {seconds:.0f} s"

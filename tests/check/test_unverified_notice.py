"""Uncertainty where it matters: ``check`` names the unverified requirements of the chosen year
with one registered notice (oit.unverified-criteria), and the assessor-facing manifest carries the
catalog's version and verification counts."""

from __future__ import annotations

import json

from minimal_agency import make_agency

from oitsite.check.validate import unverified_notice
from oitsite.cli import main
from oitsite.findings import CODES, Code
from oitsite.model.catalog import load_catalog


def test_notice_is_registered_and_names_the_unverified_items() -> None:
    assert CODES[Code.UNVERIFIED_CRITERIA].severity == "notice"
    cat = load_catalog(2567)
    n = unverified_notice(cat)
    assert n is not None and n.code is Code.UNVERIFIED_CRITERIA
    ids = list(dict.fromkeys(it.id for it, _ in cat.unverified_elements()))
    assert n.items == ids and "O8" in ids
    assert n.file and n.file.endswith("ita-2567.yaml")
    assert f"{len(cat.unverified_elements())}/{cat.verification()['elements']}" in n.message_th
    assert n.fix_th


def test_check_prints_one_notice_per_year_and_it_does_not_fail(tmp_path, capsys) -> None:
    agency = make_agency(tmp_path)
    rc = main(["check", str(agency), "--year", "2568,2569", "--format", "json", "--allow-incomplete"])
    found = [f for f in json.loads(capsys.readouterr().out) if f["code"] == Code.UNVERIFIED_CRITERIA.value]
    assert sorted(f["file"].rsplit("/", 1)[-1] for f in found) == ["ita-2568.yaml", "ita-2569.yaml"]
    assert all(f["severity"] == "notice" for f in found)
    assert rc == 0
    main(["check", str(agency), "--year", "2569", "--allow-incomplete"])
    err = capsys.readouterr().err
    assert err.count("oit.unverified-criteria") == 1 and "เกณฑ์ ITA 2569 มีองค์ประกอบที่ยังไม่ได้ตรวจสอบ" in err


def test_manifest_carries_catalog_version_and_verification(tmp_path) -> None:
    from oitsite.publish.manifest import manifest

    agency = make_agency(tmp_path)
    man = manifest(agency, 2569)
    cat = load_catalog(2569)
    assert man["catalog"]["version"].startswith("sha256:") and len(man["catalog"]["version"]) == len("sha256:") + 12
    assert man["catalog"]["verification"] == cat.verification()
    assert man["catalog"]["verification"]["unverified"] > 0

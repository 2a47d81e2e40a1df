"""Shards and the changed-agency list (oitsite.hub.plan)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oitsite.cli import main
from oitsite.hub.plan import AgencyRef, changed_agencies, parse_shard, shard

REFS = [AgencyRef(f"a{n:03d}", Path(f"agencies/a{n:03d}")) for n in range(17)]


def test_shards_cover_every_agency_once_and_are_stable():
    for n in (1, 2, 3, 5):
        parts = [shard(REFS, i, n) for i in range(1, n + 1)]
        flat = [a.slug for p in parts for a in p]
        assert sorted(flat) == [a.slug for a in REFS] and len(flat) == len(set(flat))
        assert max(map(len, parts)) - min(map(len, parts)) <= 1
        assert parts == [shard(list(reversed(REFS)), i, n) for i in range(1, n + 1)]  # order of discovery is irrelevant


@pytest.mark.parametrize("bad", ["0/2", "3/2", "1", "a/b", ""])
def test_bad_shard_is_refused_in_thai(bad):
    with pytest.raises(ValueError, match="i/N"):
        parse_shard(bad)


def test_changed_files_map_to_agencies_or_everything():
    assert changed_agencies(["agencies/a001/data/contact.yaml", "agencies/a003/files/x.pdf", "README.md"], REFS,
                            "agencies") == (["a001", "a003"], False)
    assert changed_agencies(["agencies/hub.yaml", "tests/x.py", "docs/a.md"], REFS, "agencies") == ([], False)
    slugs, everything = changed_agencies(["oitsite/catalogs/ita-2569.yaml"], REFS, "agencies")
    assert everything and slugs == [a.slug for a in REFS]


def test_plan_prints_the_matrix(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for s in ("ban-a", "ban-b", "ban-c"):
        (tmp_path / "agencies" / s).mkdir(parents=True)
        (tmp_path / "agencies" / s / "agency.yaml").write_text("name_th: x\n", encoding="utf-8")
    changed = tmp_path / "changed.txt"
    changed.write_text("agencies/ban-b/agency.yaml\nagencies/ban-c/data/x.yaml\nREADME.md\n", encoding="utf-8")
    assert main(["hub", "plan", "agencies", "--changed", str(changed), "--per-shard", "1"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["agencies"] == ["ban-b", "ban-c"] and plan["shards"] == ["1/2", "2/2"] and plan["only"] == "ban-b,ban-c"

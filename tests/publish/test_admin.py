"""/admin/ without the browser (issue 15): the CMS bundle as the site serves it, the titles and
groups of the collections, and never a site silently without its /admin/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from minimal_agency import DEMO, make_agency

from oitsite.cli import main
from oitsite.findings import Code, FindingsError
from oitsite.model.catalog import load_catalog
from oitsite.model.schema import load_topics
from oitsite.publish import admin as cms


@pytest.fixture(scope="module")
def bundle() -> str:
    dist = cms.find_bundle(DEMO)
    if dist is None:
        pytest.skip("npm ci has not installed @sveltia/cms")
    return (dist / cms.CMS_BUNDLE).read_text(encoding="utf-8")


def test_patched_bundle_is_thai_local_mode_on_request_and_loads_nothing_from_cdns(bundle: str):
    out = cms.patch_bundle(bundle)
    for key, (en, th) in cms.THAI_UI.items():
        assert f"{key}:`{th}`" in out and f"{key}:`{en}`" not in out, key
    assert cms.LOCAL_HOST_ASKED in out and cms.LOCAL_HOST_TEST not in out
    assert "cdn.jsdelivr.net/fontsource" not in out and f"`{cms.CMS_UNPKG}`" not in out  # fonts, version check
    assert f"fonts/{cms.ICON_FONT_FILE}" in out


def test_another_bundle_version_is_refused_in_thai(bundle: str):
    changed = bundle.replace("Sign In Using Access Token", "Sign in with a token")
    with pytest.raises(FindingsError) as exc:
        cms.patch_bundle(changed)
    (f,) = exc.value.findings
    assert f.code is Code.CMS_BUNDLE and "npm ci" in f.fix_th and "sign_in_using_access_token" in f.message_th


def test_collections_carry_the_years_o_numbers_grouped_by_sub_indicator():
    config = cms.cms_config(DEMO, repo="lao/oit", years=[2568, 2569])  # the newest year is shown
    cols = config["collections"]
    labels = [c["label"] for c in cols if not c.get("divider")]
    assert labels[0] == "ข้อมูลหน่วยงาน"
    catalog = load_catalog(2569)
    procurement = next(c for c in cols if c.get("name") == "procurement")
    ids = [it.id for it in catalog.items if any(r.topic == "procurement" for r in it.topics)]
    assert procurement["label"] == ", ".join(ids) + " " + load_topics()["procurement"].title
    assert procurement["description"].startswith("ตัวชี้วัดย่อย 9.3 ")
    # a divider before each sub-indicator's first collection, in catalog order
    groups: list[list[str]] = []
    for c in cols[1:]:
        if c.get("divider"):
            groups.append([])
            continue
        desc = c.get("description", "")
        groups[-1].append(desc.split(" ")[1] if desc.startswith("ตัวชี้วัดย่อย") else "")
    firsts = [g[0] for g in groups]
    assert firsts[:7] == ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"], firsts
    assert all(len(set(g)) == 1 for g in groups), groups
    # a topic the selected year does not use names the year whose number it shows
    plan = next(c for c in cols if c.get("name") == "procurement-plan")
    assert re.fullmatch(r"O\d+ \(ITA 2568\) แผนการจัดซื้อจัดจ้าง", plan["label"]), plan["label"]


def test_a_missing_bundle_fails_the_build_with_a_thai_finding(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setattr(cms, "find_bundle", lambda start=None: None)  # as on a machine without npm ci
    with pytest.raises(FindingsError) as exc:
        cms.write_admin(tmp_path / "site", DEMO, repo="lao/oit")
    (f,) = exc.value.findings
    assert f.code is Code.CMS_BUNDLE and "npm ci" in f.fix_th and "--no-admin" in f.fix_th
    assert not (tmp_path / "site" / "admin").exists()
    assert main(["cms", str(DEMO), "--out", str(tmp_path / "cms")]) == 1
    assert "oit.cms-bundle" in capsys.readouterr().err
    # the build refuses too (nothing published), and builds without /admin/ when told so
    agency = make_agency(tmp_path)
    assert main(["build", str(agency), "--out", str(tmp_path / "out"), "--allow-incomplete", "-j", "1"]) == 1
    printed = capsys.readouterr()
    assert "oit.cms-bundle" in printed.out + printed.err
    assert not (tmp_path / "out").exists()
    assert main(["build", str(agency), "--out", str(tmp_path / "out"), "--allow-incomplete", "-j", "1",
                 "--no-admin"]) == 0
    assert (tmp_path / "out" / "index.html").is_file() and not (tmp_path / "out" / "admin").exists()


def test_config_yaml_writes_a_repeated_definition_once_and_reads_back_the_same():
    import yaml
    config = cms.cms_config(DEMO, repo="lao/oit", years=[2568, 2569])
    text = cms.config_yaml(config)
    assert yaml.safe_load(text) == config  # aliases resolve to the same data
    assert cms.config_yaml(config) == text  # deterministic
    plain = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
    assert len(text.encode()) < 0.4 * len(plain.encode()), (len(text.encode()), len(plain.encode()))
    # the document upload field is written out once, not once per topic
    assert text.count("label: ไฟล์เอกสาร\n") == 1, text.count("label: ไฟล์เอกสาร\n")

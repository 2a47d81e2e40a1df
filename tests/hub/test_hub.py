"""Many agencies from one repository (issue 17): hub pages, shared assets, incremental and
sharded builds, one agency's failure isolated. Three tiny agencies (the bad-input base agency
against its restricted 2567 catalog), built once per module and reused."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from minimal_agency import BASE, SOURCE_DATE_EPOCH, write_mini_catalog

from oitsite.cli import main
from oitsite.hub.build import build_hub, read_status
from oitsite.hub.shared import POOL

SLUGS = ("alpha", "beta", "gamma")
THAI = {"alpha": "บ้านหนึ่ง", "beta": "บ้านสอง", "gamma": "บ้านสาม"}


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` (relative path → sha256): what two builds must agree on."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def make_agencies(dst: Path) -> Path:
    for slug in SLUGS:
        shutil.copytree(BASE, dst / slug)
        y = dst / slug / "agency.yaml"
        text = re.sub(r"(?m)^name_th: .*$", f"name_th: องค์การบริหารส่วนตำบล{THAI[slug]}", y.read_text(encoding="utf-8"))
        y.write_text(text + f"editors: ['@clerk-{slug}']\n", encoding="utf-8")
    (dst / "gamma" / "data" / "contact.yaml").unlink()  # gamma lacks its contact item: the dashboard shows it
    (dst / "hub.yaml").write_text("name_th: สำนักงานท้องถิ่นจังหวัดตัวอย่าง\nsite_url: https://hub.example/\n"
                                  "maintainers: ['@province-it']\n", encoding="utf-8")
    return dst


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory):
    with pytest.MonkeyPatch.context() as mp:
        cat = write_mini_catalog(tmp_path_factory.mktemp("catalog"))
        mp.setenv("OITSITE_CATALOGS", str(cat))
        mp.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        yield tmp_path_factory.mktemp("hub")


@pytest.fixture(scope="module")
def clean(env: Path) -> tuple[Path, Path]:
    """(agencies folder, its hub built from nothing)."""
    agencies = make_agencies(env / "agencies")
    res = build_hub(agencies, env / "clean", allow_incomplete=True, jobs=2)
    assert [o.state for o in res.outcomes] == ["built"] * 3, [(o.slug, o.findings) for o in res.outcomes]
    return agencies, env / "clean"


def test_hub_lists_every_agency_with_completeness_and_what_it_lacks(clean):
    _, out = clean
    index = (out / "index.html").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f'href="{slug}/index.html"' in index and THAI[slug] in index
        assert f'href="{slug}/oit/2567/index.html"' in index
    assert "สำนักงานท้องถิ่นจังหวัดตัวอย่าง" in index and 'lang="th"' in index
    data = json.loads((out / "dashboard.json").read_text(encoding="utf-8"))
    rows = {d["slug"]: d for d in data["agencies"]}
    assert rows["alpha"]["lacking"] == [] and rows["alpha"]["met"] == rows["alpha"]["total"] > 0
    lacking = rows["gamma"]["lacking"]
    assert lacking and all((out / it["path"]).is_file() for it in lacking)
    csv = (out / "dashboard.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert csv[0].startswith("รหัสหน่วยงาน,หน่วยงาน")
    assert {line.split(",")[0] for line in csv[1:]} == {"gamma"}
    dash = (out / "dashboard.html").read_text(encoding="utf-8")
    assert "data-sortable" in dash and 'href="dashboard.csv"' in dash
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://hub.example/alpha/oit/2567/index.html</loc>" in sitemap
    assert "Sitemap: https://hub.example/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    search = (out / "_hub" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(search.removeprefix("window.OITSITE_HUB_INDEX = ").rstrip().rstrip(";"))
    assert {e["u"].split("/")[0] for e in entries} == set(SLUGS)
    assert all((out / e["u"]).is_file() for e in entries)
    assert any(THAI["beta"] in e["n"] for e in entries)


def _local_refs(out: Path):
    for page in sorted(out.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r"""\s(?:href|src)=["']([^"'#?]*)""", text):
            url = m.group(1)
            if url and not re.match(r"^[a-z][a-z0-9+.-]*:", url) and not url.startswith("/"):
                yield page, url
    for css in sorted((out / POOL).glob("*.css")):
        for m in re.finditer(r"""url\(\s*["']?([^"')]+)""", css.read_text(encoding="utf-8")):
            if not m.group(1).startswith("data:"):
                yield css, m.group(1)


def test_shared_assets_are_stored_once_and_every_reference_resolves(clean):
    _, out = clean
    broken = [(p.relative_to(out).as_posix(), u) for p, u in _local_refs(out) if not (p.parent / u).exists()]
    assert broken == []
    status = read_status(out)
    used = [set(status[s]["published"]["shared"]) for s in SLUGS]
    assert used[0] == used[1]  # the same fonts, theme, images and CMS bundle: one copy for both
    # gamma lacks an item: its purged CSS bundle (rules its pages use) may differ; nothing else does
    assert {n for n in used[0] ^ used[2] if not n.endswith(".css")} == set()
    pool = {p.name for p in (out / POOL).iterdir()}
    assert pool == used[0] | used[2]
    assert any(n.endswith(".woff2") for n in pool) and any(n.endswith(".css") for n in pool)
    assert any(n.startswith("cms-") for n in pool)
    for slug in SLUGS:
        assert not list((out / slug).rglob("*.woff2")) and not (out / slug / "admin" / "sveltia-cms.js").exists()
        page = (out / slug / "oit" / "2567" / "index.html").read_text(encoding="utf-8")
        assert f'href="../../../{POOL}/' in page
    bundle = next((out / POOL).glob("cms-*")) / "sveltia-cms.js"
    assert "../../_shared/" in bundle.read_text(encoding="utf-8")  # the icon font, from <slug>/admin/


@pytest.fixture(scope="module")
def incremental(env: Path, clean):
    """The clean hub rebuilt after one file of beta changed (built from a copy of the clean output)."""
    agencies, out = clean
    changed = env / "agencies2"
    shutil.copytree(agencies, changed)
    p = changed / "beta" / "agency.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("องค์การบริหารส่วนตำบลบ้านสอง", "องค์การบริหารส่วนตำบลบ้านสองใหม่"),
                 encoding="utf-8")
    inc = env / "incremental"
    shutil.copytree(out, inc)
    res = build_hub(changed, inc, allow_incomplete=True, jobs=2)
    return changed, inc, res


def test_a_change_to_one_agency_rebuilds_only_that_agency(clean, incremental):
    _, out = clean
    _, inc, res = incremental
    assert {o.slug: o.state for o in res.outcomes} == {"alpha": "unchanged", "beta": "built", "gamma": "unchanged"}
    before, after = tree(out), tree(inc)
    for slug in ("alpha", "gamma"):
        assert {k: v for k, v in before.items() if k.startswith(slug + "/")} == \
               {k: v for k, v in after.items() if k.startswith(slug + "/")}
    assert "บ้านสองใหม่" in (inc / "index.html").read_text(encoding="utf-8")  # the hub row it affects


def test_incremental_equals_sharded_clean_build_byte_for_byte(env: Path, incremental):
    changed, inc, _ = incremental
    parts = []
    for i in (1, 2):
        part = env / f"shard{i}"
        res = build_hub(changed, part, allow_incomplete=True, shard_of=(i, 2), jobs=2)
        parts.append(part)
        assert {o.state for o in res.outcomes} == {"built"}
    assert {d.name for d in parts[0].iterdir() if d.name in SLUGS} | {d.name for d in parts[1].iterdir() if d.name in SLUGS} == set(SLUGS)
    assert main(["hub", "assemble", str(parts[0]), str(parts[1]), "--out", str(env / "assembled")]) == 0
    assert tree(env / "assembled") == tree(inc)


def test_one_agency_failing_keeps_its_previous_site_and_the_others(env: Path, incremental, capsys):
    changed, inc, _ = incremental
    broken = env / "agencies3"
    shutil.copytree(changed, broken)
    (broken / "beta" / "agency.yaml").write_text("name_th: [ไม่ปิดวงเล็บ\n", encoding="utf-8")
    out = env / "failing"
    shutil.copytree(inc, out)
    before = tree(out)
    assert main(["hub", "build", str(broken), "--out", str(out), "--allow-incomplete", "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert "หน่วยงาน beta: สร้างเว็บไซต์ไม่สำเร็จ" in err
    after = tree(out)
    assert {k: v for k, v in before.items() if k.startswith(("alpha/", "beta/", "gamma/", POOL))} == \
           {k: v for k, v in after.items() if k.startswith(("alpha/", "beta/", "gamma/", POOL))}
    st = read_status(out)["beta"]
    assert st["ok"] is False and st["published"] and st["findings"][0]["message_th"]
    assert "สร้างครั้งล่าสุดไม่สำเร็จ" in (out / "index.html").read_text(encoding="utf-8")


def test_codeowners_gives_each_clerk_only_its_folder(clean, capsys):
    agencies, _ = clean
    assert main(["hub", "codeowners", str(agencies)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line and not line.startswith("#")]
    prefix = "/" + agencies.as_posix().strip("/") + "/"
    assert lines == ["* @province-it"] + [f"{prefix}{s}/ @clerk-{s} @province-it" for s in SLUGS]


@pytest.mark.browser
def test_hub_in_a_browser_shared_assets_load_search_and_sort(clean):
    """Served as a static host serves it: an agency page and its /admin/ load every asset from
    ``_shared/`` (nothing same-origin fails), the theme font applies; the hub search finds an
    agency's items; the dashboard sorts."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import browserkit

    if not browserkit.chromium_available():
        pytest.skip("Debian chromium not installed")
    _, out = clean
    with browserkit.serve(out) as base, browserkit.browser() as b:
        ctx = b.new_context()
        page = ctx.new_page()
        bad: list[str] = []
        page.on("response", lambda r: bad.append(f"{r.status} {r.url}") if r.url.startswith(base) and r.status >= 400 else None)
        page.on("requestfailed", lambda r: bad.append(f"failed {r.url}") if r.url.startswith(base) else None)
        page.goto(f"{base}alpha/oit/2567/index.html", wait_until="networkidle")
        assert "Sarabun" in page.evaluate("getComputedStyle(document.body).fontFamily")
        assert page.evaluate("document.fonts.check('16px Sarabun', 'ก')")
        page.goto(f"{base}beta/admin/index.html", wait_until="networkidle")
        assert page.evaluate("!!document.querySelector('script[src*=\"_shared/cms-\"]')")
        assert bad == []
        page.goto(f"{base}search.html?q=" + THAI["beta"], wait_until="networkidle")
        links = page.eval_on_selector_all("#hub-results a", "els => els.map(e => e.getAttribute('href'))")
        assert links and all(h.startswith("beta/") for h in links)
        page.goto(f"{base}dashboard.html", wait_until="networkidle")
        lacking = "els => els.map(e => e.cells[4].textContent.trim())"
        page.click("thead th:nth-child(5) button")
        page.click("thead th:nth-child(5) button")  # descending: the agency lacking most first
        assert page.eval_on_selector_all("tbody tr", lacking)[0] != "0"
        ctx.close()

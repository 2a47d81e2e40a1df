"""``--out`` never destroys what oitsite did not create (issue "Nothing lost, nothing leaked").

Every refused output folder leaves the whole tree (including .git) byte-for-byte unchanged and
no staging folder behind; a stamped earlier site and an empty folder are built into fine.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from minimal_agency import SOURCE_DATE_EPOCH, make_agency, write_mini_catalog  # noqa: E402

from oitsite.cli import main  # noqa: E402
from oitsite.findings import Code, FindingsError  # noqa: E402
from oitsite.site.build import build  # noqa: E402
from oitsite.site.outsafe import STAMP, is_stamped  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def digest(root: Path) -> dict[str, str]:
    """Every entry under ``root``: folders, files by sha256, links by target."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OITSITE_CATALOGS", str(write_mini_catalog(tmp_path / "catalogs")))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    return tmp_path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throw-away project layout (conf.py, _templates/oit, a git repository, an agency)."""
    proj = tmp_path / "proj"
    (proj / "_templates" / "oit").mkdir(parents=True)
    (proj / "conf.py").write_text("# stand-in\n")
    (proj / "agencies").mkdir()
    make_agency(proj / "agencies")
    subprocess.run(["git", "init", "-q", str(proj)], check=True)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("งานของฉัน\n", encoding="utf-8")
    (tmp_path / "gitsite").mkdir()
    (tmp_path / "gitsite" / STAMP).write_text('{"generator": "oitsite"}\n')
    subprocess.run(["git", "init", "-q", str(tmp_path / "gitsite" / "deploy")], check=True)
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / STAMP).symlink_to(tmp_path / "gitsite" / STAMP)
    (tmp_path / "fake" / "index.html").write_text("x")
    (tmp_path / "afile").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "notes")
    return proj


REFUSED = {
    "project-root": "proj",
    "contains-project": ".",
    "agency": "proj/agencies/thotsop",
    "agency-files": "proj/agencies/thotsop/files",
    "inside-agency-new": "proj/agencies/thotsop/site",
    "git-dir": "proj/.git",
    "inside-git-dir": "proj/.git/site",
    "non-empty-unstamped": "notes",
    "stamped-but-holds-git": "gitsite",
    "stamp-is-a-link": "fake",
    "a-file": "afile",
    "a-symlink": "link",
}


@pytest.mark.parametrize("rel", REFUSED.values(), ids=REFUSED.keys())
def test_refused_out_changes_nothing(rel: str, project: Path, tmp_path: Path):
    agency = project / "agencies" / "thotsop"
    before = digest(tmp_path)
    with pytest.raises(FindingsError) as exc:
        build(agency, tmp_path / rel, jobs=1)
    (f,) = exc.value.findings
    assert f.code is Code.UNSAFE_OUT and f.severity == "error"
    assert "ไม่สร้างเว็บไซต์ลงใน" in f.message_th and f.fix_th
    assert digest(tmp_path) == before


@pytest.mark.parametrize("rel", ["proj", "proj/agencies/thotsop/files", "notes"])
def test_cli_refuses_with_thai_message(rel: str, project: Path, tmp_path: Path, capsys):
    before = digest(tmp_path)
    rc = main(["build", str(project / "agencies" / "thotsop"), "--out", str(tmp_path / rel), "-j", "1"])
    err = capsys.readouterr().err
    assert rc == 1
    assert "oit.unsafe-out" in err and "ไม่สร้างเว็บไซต์ลงใน" in err and "Traceback" not in err
    assert digest(tmp_path) == before


def test_empty_folder_then_stamped_site_replaced(env: Path):
    agency = make_agency(env / "src")
    out = env / "public" / "site"
    out.mkdir(parents=True)
    res = build(agency, out, jobs=1)
    assert (res.out / "index.html").is_file() and is_stamped(res.out)
    agency_before = digest(agency)
    (out / "stale.html").write_text("old page")
    res = build(agency, out, jobs=1)
    assert is_stamped(res.out) and not (out / "stale.html").exists() and (out / "index.html").is_file()
    assert digest(agency) == agency_before
    assert sorted(p.name for p in (env / "public").iterdir()) == ["site"]  # no staging left behind


def test_default_out_inside_checkout_is_allowed(tmp_path: Path):
    from oitsite.site.outsafe import check_out

    assert check_out(tmp_path / "new" / "site", ROOT / "agencies" / "demo", ROOT) == (tmp_path / "new" / "site").resolve()


# ------------------------------------------------------------------ attachments: copied as checked

SWAPS = {
    "symlink-out": lambda p, outside: (p.unlink(), p.symlink_to(outside)),
    "content-replaced": lambda p, outside: p.write_bytes(p.read_bytes() + b"\n% extra"),
    # files/ moved out of the agency and linked back: same bytes, but read from outside
    "folder-symlinked-out": lambda p, outside: (os.rename(p.parent, outside.with_name("outfiles")),
                                                p.parent.symlink_to(outside.with_name("outfiles"))),
}


@pytest.mark.parametrize("swap", SWAPS, ids=SWAPS.keys())
def test_attachment_swapped_between_check_and_copy_is_refused(swap: str, env: Path, monkeypatch: pytest.MonkeyPatch):
    import oitsite.site.build as site_build

    agency = make_agency(env / "src")
    outside = env / "secret.pdf"
    outside.write_bytes((agency / "files" / "announcement-th.pdf").read_bytes())  # same bytes, other place
    real_extras = site_build._write_extras

    def swapped(site, html, pages, *rest):
        attachments = sorted(set().union(*(p.attachments for p in pages.values())))
        assert "files/announcement-th.pdf" in attachments
        SWAPS[swap](agency / "files" / "announcement-th.pdf", outside)
        return real_extras(site, html, pages, *rest)

    monkeypatch.setattr(site_build, "_write_extras", swapped)
    out = env / "site"
    with pytest.raises(FindingsError) as exc:
        build(agency, out, jobs=1)
    (f,) = exc.value.findings
    assert f.code is Code.FILE_CHANGED and "files/announcement-" in f.message_th
    assert f.file and "files/announcement-" in f.file
    assert not out.exists()

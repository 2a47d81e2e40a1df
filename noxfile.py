"""Project tasks, run through ``./run <session>`` (README): ``./run demo`` builds the bundled demo
site, ``./run tests`` runs the whole suite.

``./run`` makes the virtual environment (.venv) that runs nox; every session installs into that
same environment (``sys.executable``), never into whatever Python happens to be active, and
refuses to run from a Python outside a virtual environment (Debian/Ubuntu forbid installing
there: "externally-managed-environment").
"""

import shutil
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests"]

PY = sys.executable  # the interpreter of the venv that runs nox (./run made it)


def _in_venv(session: nox.Session) -> None:
    if sys.prefix == sys.base_prefix:
        session.error("nox ต้องทำงานใน virtual environment ของโครงการ: ใช้คำสั่ง ./run " + session.name
                      + " (จะสร้าง .venv ให้เอง) แทนการเรียก nox ของระบบ")


def _npm(session: nox.Session, required: bool) -> None:
    """The form editor bundle served at /admin/ (Sveltia CMS, from npm), once."""
    if Path("node_modules/@sveltia/cms").is_dir():
        return
    if shutil.which("npm"):
        session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    elif required:
        session.error("ไม่พบคำสั่ง npm (ใช้ติดตั้งหน้าแก้ไขข้อมูล /admin/ ที่การทดสอบตรวจ): apt-get install -y npm")


@nox.session(python=False)
def demo(session: nox.Session) -> None:
    """Build agencies/demo into _build/site (open _build/site/index.html); ``./run demo --year 2569``
    passes the arguments to ``oitsite build``."""
    _in_venv(session)
    session.run(PY, "-m", "pip", "install", "-q", "-e", ".[serve]", external=True)
    _npm(session, required=False)
    # without npm the build would stop with oit.cms-bundle: build the demo without /admin/
    extra = [] if Path("node_modules/@sveltia/cms").is_dir() else ["--no-admin"]
    if extra:
        session.log("ไม่พบ npm: สร้างเว็บไซต์ตัวอย่างโดยไม่มีหน้าแก้ไขข้อมูล /admin/ (ติดตั้ง npm แล้วสั่งใหม่เพื่อให้มี)")
    session.run(PY, "-m", "oitsite", "build", "agencies/demo", "--out", "_build/site", *extra, *session.posargs,
                external=True)


@nox.session(python=False)
def tests(session: nox.Session) -> None:
    """The whole test suite: unit, bad-input corpus, fuzzing, build, workflows and real-browser tests."""
    _in_venv(session)
    session.run(PY, "-m", "pip", "install", "-q", "-e", ".[test,serve]", external=True)
    _npm(session, required=True)
    session.run(PY, "-m", "pytest", *(session.posargs or ["-q"]), external=True)


@nox.session(python=False)
def bench(session: nox.Session) -> None:
    """Benchmarks: demo build, procurement import/build, documents import and as evidence, page weight, search quality."""
    _in_venv(session)
    session.run(PY, "scripts/bench_build.py", external=True)
    for rows in ("1000", "10000"):
        session.run(PY, "scripts/bench_procurement.py", "--rows", rows, external=True)
    session.run(PY, "scripts/bench_import_documents.py", "--pad-mb", "2.5", external=True)  # 35 documents, ~83 MB
    for script in ("bench_weight.py", "bench_search.py", "bench_documents.py"):
        session.run(PY, f"scripts/{script}", external=True)

"""Project tasks. `nox -s demo` builds the bundled demo site; `nox -s tests` runs the whole suite."""

import shutil

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests"]


@nox.session(python=False)
def demo(session: nox.Session) -> None:
    """Build agencies/demo into _build/site (open _build/site/index.html)."""
    session.run("python", "-m", "pip", "install", "-q", "-e", ".[serve]")
    extra = []
    if shutil.which("npm"):  # the form editor bundle served at /admin/ (Sveltia CMS, from npm)
        session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    else:  # without npm the build would stop with oit.cms-bundle: build the site without /admin/
        session.log("ไม่พบ npm: สร้างเว็บไซต์ตัวอย่างโดยไม่มีหน้าแก้ไขข้อมูล /admin/ (ติดตั้ง Node.js แล้วสั่ง npm ci เพื่อให้มี)")
        extra = ["--no-admin"]
    session.run("python", "-m", "oitsite", "build", "agencies/demo", "--out", "_build/site", *extra)


@nox.session(python=False)
def tests(session: nox.Session) -> None:
    """The whole test suite: unit, bad-input corpus, fuzzing, build, workflows and real-browser tests."""
    session.run("python", "-m", "pip", "install", "-q", "-e", ".[test,serve]")
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("python", "-m", "pytest", *(session.posargs or ["-q"]))


@nox.session(python=False)
def bench(session: nox.Session) -> None:
    """Benchmarks: demo build, procurement import/build, documents import and as evidence, page weight, search quality."""
    session.run("python", "scripts/bench_build.py")
    for rows in ("1000", "10000"):
        session.run("python", "scripts/bench_procurement.py", "--rows", rows)
    session.run("python", "scripts/bench_import_documents.py", "--pad-mb", "2.5")  # 35 documents, ~83 MB
    for script in ("bench_weight.py", "bench_search.py", "bench_documents.py"):
        session.run("python", f"scripts/{script}")

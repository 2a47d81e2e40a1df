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
    if shutil.which("npm"):  # the form editor bundle served at /admin/ (Sveltia CMS, from npm)
        session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("python", "-m", "oitsite", "build", "agencies/demo", "--out", "_build/site")


@nox.session(python=False)
def tests(session: nox.Session) -> None:
    """The whole test suite: unit, bad-input corpus, fuzzing, build, workflows and real-browser tests."""
    session.run("python", "-m", "pip", "install", "-q", "-e", ".[test,serve]")
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("python", "-m", "pytest", *(session.posargs or ["-q"]))


@nox.session(python=False)
def bench(session: nox.Session) -> None:
    """Benchmarks: demo build time, procurement import/build, page weight, search quality, documents."""
    session.run("python", "scripts/bench_build.py")
    for rows in ("1000", "10000"):
        session.run("python", "scripts/bench_procurement.py", "--rows", rows)
    for script in ("bench_weight.py", "bench_search.py", "bench_documents.py"):
        session.run("python", f"scripts/{script}")

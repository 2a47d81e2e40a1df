"""Shared fixtures: the demo agency built once per test session, and copies of it to mutate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]  # small Sphinx roots: tests/site/roots/

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "agencies" / "demo"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo agency built (all its years) into a temporary folder; returns the site folder."""
    from oitsite.site.build import build

    out = tmp_path_factory.mktemp("demo") / "site"
    build(DEMO, out)
    return out


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the demo agency inside a copy of the project layout (safe to mutate)."""
    dst = tmp_path / "agencies" / "demo"
    shutil.copytree(DEMO, dst, symlinks=True)
    return dst

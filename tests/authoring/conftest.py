"""Shared by the importer tests: an agency folder with only its name."""

from pathlib import Path

import pytest


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    d = tmp_path / "agency"
    d.mkdir()
    (d / "agency.yaml").write_text("name_th: อบต.ทดสอบ\n", encoding="utf-8")
    return d

"""Agency settings reach the public pages: the responsible unit named in agency.yaml ``units`` (by
topic) is the one an item page shows, and O16 2567 shows only the contracts signed by 31 March."""

from __future__ import annotations

from pathlib import Path

import pytest
from minimal_agency import SOURCE_DATE_EPOCH, apply, make_agency, read_page, write_mini_catalog

from oitsite.cli import main

LATE = """  - name: จ้างปรับปรุงศาลาประชาคม
    budget: 90000
    source: งบประมาณรายจ่ายประจำปี
    status: ลงนามในสัญญาแล้ว
    method: เฉพาะเจาะจง
    reference_price: 90000
    contract_price: 89000
    vendor_tax_id: "0994000123451"
    vendor_name: ห้างหุ้นส่วนจำกัด ทดสอบพาณิชย์
    project_id: "67049000003"
    contract_date: 15 เมษายน 2567
    contract_end: 30 เมษายน 2567
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("settings")
    mp = pytest.MonkeyPatch()
    mp.setenv("OITSITE_CATALOGS", str(write_mini_catalog(tmp / "catalogs")))
    mp.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    try:
        agency = make_agency(tmp)
        apply(agency, {"append": {"path": "agency.yaml", "text": "units:\n  - topic: procurement\n    unit: งานพัสดุ กองคลัง\n"}})
        apply(agency, {"append": {"path": "data/2567/procurement.yaml", "text": LATE}})
        assert main(["build", str(agency), "--out", str(tmp / "site"), "--year", "2567", "-j", "1"]) == 0
    finally:
        mp.undo()
    return tmp / "site"


def test_item_page_shows_the_agencys_unit(site: Path) -> None:
    o16 = read_page(site / "oit" / "2567" / "o16.html")
    o2 = read_page(site / "oit" / "2567" / "o02.html")
    assert "งานพัสดุ กองคลัง" in o16 and "งานพัสดุ กองคลัง" not in o2


def test_o16_leaves_out_the_late_contract(site: Path) -> None:
    o16 = read_page(site / "oit" / "2567" / "o16.html")
    assert "จ้างซ่อมแซมถนนหมู่ที่ 2" in o16 and "จ้างปรับปรุงศาลาประชาคม" not in o16
    assert "ไม่นับ 1 รายการที่ลงวันที่หลังจากนั้น" in o16

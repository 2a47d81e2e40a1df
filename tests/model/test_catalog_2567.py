"""The ITA 2567 catalog (oitsite/catalogs/ita-2567.yaml) against the topic schemas and seed 004."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "oitsite" / "catalogs" / "ita-2567.yaml"
TOPICS_DIR = ROOT / "oitsite" / "catalogs" / "topics"

RULES = {"dates_in_fiscal_year", "as_of", "covers_year", "signed_by_top_executive", "min_count", "has_choices",
         "dates_until", "has_record"}
RULE_PARAMS = {
    "dates_in_fiscal_year": {"path"},
    "dates_until": {"path", "month_day"},
    "has_record": {"path", "label"},
    "as_of": {"path", "month_day"},
    "covers_year": {"start", "end"},
    "signed_by_top_executive": {"path"},
    "min_count": {"path", "n"},
    "has_choices": {"path", "values"},
}
RULE_OPTIONAL = {"dates_in_fiscal_year": {"if_any"}}
CONFIDENCE = {"high", "medium", "low"}
THAI_DIGITS = re.compile("[๐-๙]")
DATA_YEAR = re.compile(r"ปี พ\.ศ\. (\d{4})")  # "ในปี พ.ศ. 2567", "ประจำปี พ.ศ. 2566" (not law years)


@pytest.fixture(scope="module")
def catalog() -> dict:
    return yaml.safe_load(CATALOG.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def topics() -> dict[str, dict]:
    out = {}
    for p in TOPICS_DIR.glob("*.yaml"):
        t = yaml.safe_load(p.read_text(encoding="utf-8"))
        out[t["id"]] = t
    return out


def items_of(catalog: dict) -> list[dict]:
    return catalog["items"]


def field_at(topic: dict, path: str) -> dict | None:
    """Schema of ``<field>[].<field>…`` inside a topic (walking list → fields); None if absent."""
    fields: dict[str, Any] = topic.get("fields") or {}
    found = None
    for part in path.split("."):
        found = fields.get(part.removesuffix("[]"))
        if found is None:
            return None
        if part.endswith("[]") and found.get("type") != "list":
            return None
        fields = found.get("fields") or {}
    return found


def check_path(path: str, item: dict, topics: dict[str, dict]) -> str | None:
    topic_id, _, rest = path.partition(".")
    if topic_id not in topics:
        return f"{path}: unknown topic"
    if topic_id not in topic_ids(item):
        return f"{path}: topic not in the item's topics"
    if rest == "body":
        return None
    if not rest or field_at(topics[topic_id], rest) is None:
        return f"{path}: no such field"
    return None


def topic_ids(item: dict) -> list[str]:
    return [t if isinstance(t, str) else t["topic"] for t in item["topics"]]


def topic_offsets(item: dict) -> dict[str, int]:
    return {(t if isinstance(t, str) else t["topic"]): (0 if isinstance(t, str) else t.get("year", 0))
            for t in item["topics"]}


def texts(item: dict) -> list[str]:
    out = [item["title"], item["period"]]
    for el in item["elements"]:
        out += [el["text"], el.get("group", "")]
    return out


# ---------------------------------------------------------------------------------------------


def test_top_level(catalog: dict) -> None:
    assert catalog["year"] == 2567
    assert "2567" in catalog["title"]
    assert "อบต." in catalog["agency_types"]
    assert "004_6100b3bb3a82718b" in catalog["source"] and "2567" in catalog["source"]
    indicators = {i["id"] for i in catalog["indicators"]}
    assert indicators == {"9", "10"}
    subs = catalog["subindicators"]
    assert [s["id"] for s in subs] == ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]
    assert all(s["indicator"] in indicators and s["title"] for s in subs)


def test_35_items_in_order(catalog: dict) -> None:
    assert [i["id"] for i in items_of(catalog)] == [f"O{n}" for n in range(1, 36)]


def test_item_fields(catalog: dict) -> None:
    sub_ids = {s["id"] for s in catalog["subindicators"]}
    allowed = {"id", "title", "title_en", "subindicator", "unit", "topics", "period", "elements", "notes", "source_text",
               "source", "confidence"}
    for item in items_of(catalog):
        assert set(item) <= allowed, item["id"]
        for key in ("title", "unit", "period", "source_text"):
            assert isinstance(item[key], str) and item[key].strip(), (item["id"], key)
        assert item["subindicator"] in sub_ids, item["id"]
        assert item["elements"], item["id"]
        assert all(isinstance(n, str) and n.strip() for n in item.get("notes", [])), item["id"]


def test_subindicator_ranges(catalog: dict) -> None:
    """The seed's headings: 9.1 = O1–O6, 9.2 = O7–O13, 9.3 = O14–O17, 9.4 = O18–O21, 9.5 = O22–O25,
    10.1 = O26–O31, 10.2 = O32–O35."""
    ranges = {"9.1": (1, 6), "9.2": (7, 13), "9.3": (14, 17), "9.4": (18, 21), "9.5": (22, 25),
              "10.1": (26, 31), "10.2": (32, 35)}
    for item in items_of(catalog):
        lo, hi = ranges[item["subindicator"]]
        assert lo <= int(item["id"][1:]) <= hi, item["id"]


@pytest.mark.parametrize("item_id, title", [
    ("O1", "โครงสร้าง"),  # VRU67/SONG67; seed 004 has the 2568 title "โครงสร้างและอำนาจหน้าที่"
    ("O6", "Q&A"),
    ("O11", "คู่มือหรือแนวทางการให้บริการสำหรับผู้รับบริการหรือผู้มาติดต่อ"),
    ("O13", "E-Service"),
    ("O14", "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"),
    ("O17", "รายงานสรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"),
    ("O21", "การขับเคลื่อนจริยธรรม"),
    ("O26", "ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่"),  # seed 004 misspells "เจตนาธรรมเนียม"
    ("O29", "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา"),
    ("O34", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"),
    ("O35", "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"),
])
def test_seed_titles(catalog: dict, item_id: str, title: str) -> None:
    item = next(i for i in items_of(catalog) if i["id"] == item_id)
    assert item["title"] == title


def test_units(catalog: dict) -> None:
    for item in items_of(catalog):
        want = "กองคลัง" if 14 <= int(item["id"][1:]) <= 17 else "สำนักปลัด"
        assert item["unit"] == want, item["id"]


def test_topics_exist_and_offsets(catalog: dict, topics: dict[str, dict]) -> None:
    for item in items_of(catalog):
        assert item["topics"], item["id"]
        for ref in item["topics"]:
            tid = ref if isinstance(ref, str) else ref["topic"]
            assert tid in topics, (item["id"], tid)
            if isinstance(ref, dict):
                assert set(ref) <= {"topic", "year"}
                assert ref.get("year", 0) in (0, -1), item["id"]
                if ref.get("year", 0) != 0:
                    assert topics[tid]["keyed_by"] == "fiscal_year", (item["id"], tid)
        assert len(topic_ids(item)) == len(set(topic_ids(item))), item["id"]


@pytest.mark.parametrize("item_id, refs", [
    ("O9", [{"topic": "annual-report", "year": -1}]),
    ("O16", ["procurement"]),
    ("O17", [{"topic": "procurement", "year": -1}]),
    ("O34", ["ita-measures", {"topic": "ita-results", "year": -1}]),
    ("O35", [{"topic": "ita-progress", "year": -1}]),
])
def test_topic_mapping(catalog: dict, item_id: str, refs: list) -> None:
    item = next(i for i in items_of(catalog) if i["id"] == item_id)
    assert item["topics"] == refs


def test_elements_have_text_and_checks(catalog: dict, topics: dict[str, dict]) -> None:
    for item in items_of(catalog):
        for el in item["elements"]:
            where = (item["id"], el.get("text"))
            assert set(el) <= {"group", "text", "requires", "rules", "source", "verified", "confidence", "note",
                               "agency_types"}, where
            if el.get("verified") is False:
                assert el.get("note") and el.get("confidence") in CONFIDENCE, where  # says what is guessed
            assert isinstance(el["text"], str) and el["text"].strip(), where
            assert "<" not in el["text"] and "<" not in el.get("group", ""), where  # HTML stripped
            assert el.get("requires") or el.get("rules"), where
            for req in el.get("requires", []):
                for alt in req.split("|"):
                    assert check_path(alt, item, topics) is None, (where, check_path(alt, item, topics))


def test_rules(catalog: dict, topics: dict[str, dict]) -> None:
    for item in items_of(catalog):
        offsets = topic_offsets(item)
        for el in item["elements"]:
            for rule in el.get("rules", []):
                where = (item["id"], el["text"], rule)
                name = rule.get("rule")
                assert name in RULES, where
                assert RULE_PARAMS[name] <= set(rule) - {"rule"} <= RULE_PARAMS[name] | RULE_OPTIONAL.get(name, set()), where
                for key in ("path", "start", "end"):
                    if key in rule:
                        assert check_path(rule[key], item, topics) is None, (where, check_path(rule[key], item, topics))
                tid, _, rest = (rule.get("path") or rule["start"]).partition(".")
                fd = field_at(topics[tid], rest)
                if name in ("dates_in_fiscal_year", "as_of", "dates_until"):
                    assert fd["type"] == "date", where
                    assert topics[tid]["keyed_by"] == "fiscal_year", where  # needs a data year
                if name in ("as_of", "dates_until"):
                    assert re.fullmatch(r"\d\d-\d\d", rule["month_day"]), where
                if name == "covers_year":
                    assert field_at(topics[tid], rest)["type"] == "fiscal_year", where
                    etid, _, erest = rule["end"].partition(".")
                    assert field_at(topics[etid], erest)["type"] == "fiscal_year", where
                if name == "signed_by_top_executive":
                    assert fd["type"] == "text", where
                if name == "min_count":
                    assert isinstance(rule["n"], int) and rule["n"] >= 1, where
                    assert fd["type"] == "list", where
                if name == "has_choices":
                    assert rule["values"], where
                    if fd["type"] == "choice":
                        assert set(rule["values"]) <= set(fd["options"]), where
                    else:
                        assert all(isinstance(v, str) for v in rule["values"]), where
                assert tid in offsets


def test_digits_and_years(catalog: dict) -> None:
    """Catalog text uses Arabic digits and only the data years of assessment 2567 (2566 or 2567)."""
    for item in items_of(catalog):
        for t in texts(item):
            assert not THAI_DIGITS.search(t), (item["id"], t)
            assert "2568" not in t, (item["id"], t)
            for y in DATA_YEAR.findall(t):
                assert y in ("2566", "2567"), (item["id"], t)


def test_year_matches_topic_offset(catalog: dict, topics: dict[str, dict]) -> None:
    """An item whose fiscal-year topics are all previous-year data speaks of 2566; current-year, 2567."""
    for item in items_of(catalog):
        yearly = {t: o for t, o in topic_offsets(item).items() if topics[t]["keyed_by"] == "fiscal_year"}
        mentioned = {y for t in texts(item) for y in DATA_YEAR.findall(t)}
        if item["id"] == "O34":  # analyses the 2566 results, measures for 2567
            assert yearly == {"ita-measures": 0, "ita-results": -1} and mentioned == {"2566", "2567"}
            continue
        if yearly and set(yearly.values()) == {-1}:
            assert mentioned == {"2566"}, item["id"]
        elif yearly:
            assert mentioned <= {"2567"}, item["id"]


def test_as_of_31_march(catalog: dict) -> None:
    for item_id in ("O8", "O16"):
        item = next(i for i in items_of(catalog) if i["id"] == item_id)
        rules = [r for el in item["elements"] for r in el.get("rules", []) if r["rule"] == "as_of"]
        assert rules and all(r["month_day"] == "03-31" for r in rules), item_id
        assert "31 มีนาคม 2567" in item["period"]


def test_deviations_from_seed_are_noted(catalog: dict) -> None:
    """Where the seed's year differs from the catalog's, a note says so."""
    for item in items_of(catalog):
        seed_years = {y.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
                      for y in re.findall(r"ปี พ\.ศ\. ?([๐-๙]{4})", item["source_text"])}
        ours = {y for t in texts(item) for y in DATA_YEAR.findall(t)}
        for y in seed_years - ours:
            assert any(y in n for n in item.get("notes", [])), (item["id"], y)


def test_source_text_is_the_seed(catalog: dict) -> None:
    for item in items_of(catalog):
        st = item["source_text"]
        assert "<" not in st and "  " not in st, item["id"]
    o16 = next(i for i in items_of(catalog) if i["id"] == "O16")["source_text"]
    assert "ณ วันที่ ๓๑ มีนาคม ๒๕๖๗" in o16 and "(๑๒) วันสิ้นสุดสัญญา" in o16
    seed = Path("/work/shared/seeds/004_6100b3bb3a82718b.txt")
    if seed.exists():  # the seed is outside the repo; compare when available
        rows = [ln.split("\t") for ln in seed.read_text(encoding="utf-8").splitlines() if re.match(r"^๐[๐-๙]+\t", ln)]
        assert len(rows) == 35
        for item, row in zip(items_of(catalog), rows):
            assert item["source_text"] == " ".join(re.sub(r"<[^>]+>", " ", row[2]).split()), item["id"]


def test_numbered_subitems_become_elements(catalog: dict) -> None:
    """A bullet with (1)…(n) sub-items yields n elements sharing the bullet's lead-in as `group`."""
    expect = {"O8": 5, "O10": 4, "O11": 6, "O14": 5, "O16": 13, "O17": 17, "O19": 9, "O22": 5, "O30": 7, "O34": 12}
    for item in items_of(catalog):
        if item["id"] in expect:
            assert len(item["elements"]) == expect[item["id"]], item["id"]
    o14 = next(i for i in items_of(catalog) if i["id"] == "O14")
    assert [e["text"] for e in o14["elements"]][0] == "งานที่ซื้อหรือจ้าง"
    assert len({e["group"] for e in o14["elements"]}) == 1 and "ทุกรายการ" in o14["elements"][0]["group"]


@pytest.mark.parametrize("item_id, path", [
    ("O2", "executives.members[].phone|executives.members[].email"),
    ("O16", "procurement.records[].vendor_tax_id"),
    ("O17", "procurement.records[].vendor_tax_id"),
    ("O1", "authority.summary|authority.body"),
])
def test_key_requirements(catalog: dict, item_id: str, path: str) -> None:
    item = next(i for i in items_of(catalog) if i["id"] == item_id)
    assert any(path in el.get("requires", []) for el in item["elements"])


def test_key_rules(catalog: dict) -> None:
    by_id = {i["id"]: i for i in items_of(catalog)}

    def rules(item_id: str) -> list[dict]:
        return [r for el in by_id[item_id]["elements"] for r in el.get("rules", [])]

    assert {"rule": "signed_by_top_executive", "path": "no-gift-announcement.signed_by"} in rules("O26")
    assert {"rule": "has_choices", "path": "ethics-code.codes[].audience",
            "values": ["executives", "council", "staff"]} in rules("O20")
    areas = {v for r in rules("O30") if r["rule"] == "has_choices" for v in r["values"]}
    assert areas == {"permits", "authority", "procurement", "hr"}
    for item_id, topic in (("O7", "strategic-plan"), ("O18", "hr-plan"), ("O32", "anticorruption-plan")):
        assert {"rule": "covers_year", "start": f"{topic}.start_year", "end": f"{topic}.end_year"} in rules(item_id)


def test_parses_with_oitsite_catalog() -> None:
    """The package's own loader accepts the file (paths, rules, topics)."""
    catalog_mod = pytest.importorskip("oitsite.model.catalog")
    schema_mod = pytest.importorskip("oitsite.model.schema")
    cat = catalog_mod.parse_catalog(CATALOG, schema_mod.load_topics())
    assert cat.year == 2567 and len(cat.items) == 35
    assert cat.item("O16").slug == "o16"


def test_sources_recorded_for_every_item() -> None:
    """2567 records its source once (the catalog's `source`: seed 004) and each item's wording in
    `source_text`; it does not mark items one by one (docs/catalogs.md says so). An item or element
    that follows another copy of the 2567 handbook names it, with a confidence."""
    catalog_mod = pytest.importorskip("oitsite.model.catalog")
    cat = catalog_mod.load_catalog(2567)
    assert cat.complete and "seed 004" in cat.source and cat.verified
    ids = {s["id"] for s in cat.sources}
    for item in cat.items:
        assert item.source_text and item.verified is None and set(item.source.values()) <= ids, item.id
        assert all(el.source in ids | {""} for el in item.elements), item.id
        if item.source:
            assert all(el.confidence in CONFIDENCE for el in item.elements), item.id
    assert cat.item("O1").source == {"title": "vru67-song67"}
    assert cat.item("O26").source == {"title": "rtrda-2568"}


def test_2567_corrections() -> None:
    """Issue "Criteria you can trust": O2 lists the top and the deputy executive with per-person
    fields; O8's progress sub-items are marked guessed; previous-year items check the year;
    O16 refuses contracts signed after 31 March 2567."""
    catalog_mod = pytest.importorskip("oitsite.model.catalog")
    cat = catalog_mod.load_catalog(2567)
    o2 = [e.text for e in cat.item("O2").elements]
    assert o2[:6] == ["(1) ผู้บริหารสูงสุด", "(2) รองผู้บริหารสูงสุด", "ชื่อ - นามสกุล", "ตำแหน่ง", "รูปถ่าย", "ช่องทางการติดต่อ"]
    assert {"rule": "has_record", "path": "executives.members[].deputy",
            "label": "รองผู้บริหารสูงสุด (deputy: true ในข้อมูลผู้บริหาร)"} in cat.item("O2").elements[1].rules
    o8 = cat.item("O8").elements
    assert [e.verified for e in o8] == [None, None, None, False, False]
    for item_id, path in (("O12", "service-stats.records[].date"), ("O24", "complaint-stats.records[].received"),
                          ("O33", "anticorruption-report.projects[].start")):
        last = cat.item(item_id).elements[-1]
        assert {"rule": "dates_in_fiscal_year", "path": path, "if_any": True} in last.rules, item_id
        assert not any(r["rule"] == "min_count" for r in last.rules), item_id
    o16 = [r for e in cat.item("O16").elements for r in e.rules]
    assert {"rule": "dates_until", "path": "procurement.records[].contract_date", "month_day": "03-31"} in o16
    assert cat.verification()["unverified"] == len(cat.unverified_elements()) == 4

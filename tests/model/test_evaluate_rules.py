"""The data-period rules of oitsite.model.evaluate, one by one (each passes and fails), and the
"is this filled" helpers that decide met/missing (placeholders are never data)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from oitsite.model import evaluate as ev
from oitsite.model.evaluate import RULES, gap_path, present


class Ctx:
    """What a rule may read: the data of its topics, their fiscal year, the assessment year."""

    def __init__(self, data: dict[str, dict], year: int = 2567, data_year: int | None = None,
                 top: dict | None = None, options: dict | None = None):
        self._data, self.year, self._fy = data, year, data_year
        self.agency = SimpleNamespace(
            top_executive=lambda: top,
            topic_defs={t: SimpleNamespace(field_at=lambda parts: SimpleNamespace(options=options or {}))
                        for t in data})

    def data(self, topic):
        return self._data.get(topic)

    def data_year(self, topic):
        return self._fy or self.year

    def values(self, path):
        topic, rest = path.split(".", 1)
        return ev._values(self.data(topic), [p.removesuffix("[]") for p in rest.split(".")])


def test_every_rule_is_tested_here():
    tested = {"dates_in_fiscal_year", "as_of", "covers_year", "signed_by_top_executive", "min_count", "has_choices",
              "dates_until", "has_record"}
    assert set(RULES) == tested, "a new rule needs its tests in this file"


# fiscal year 2567 = 1 October 2023 – 30 September 2024
@pytest.mark.parametrize("dates, ok", [
    ([dt.date(2023, 10, 1), dt.date(2024, 9, 30)], True),
    ([dt.date(2023, 9, 30)], False),          # the day before the fiscal year
    ([dt.date(2024, 10, 1)], False),          # the day after
    ([], False),                              # no dates at all
])
def test_dates_in_fiscal_year(dates, ok):
    ctx = Ctx({"news": {"records": [{"date": d} for d in dates]}})
    problems = RULES["dates_in_fiscal_year"](ctx, {"path": "news.records[].date"})
    assert (problems == []) is ok, problems
    if not ok and dates:
        assert "ปีงบประมาณ พ.ศ. 2567" in problems[0]


def test_dates_in_fiscal_year_if_any_accepts_no_dates_but_not_dates_outside():
    rule = {"path": "stats.records[].date", "if_any": True}
    assert RULES["dates_in_fiscal_year"](Ctx({"stats": {"records": []}}), rule) == []
    outside = Ctx({"stats": {"records": [{"date": dt.date(2024, 10, 1)}]}})
    assert RULES["dates_in_fiscal_year"](outside, rule)


# O16 2567: contracts signed by 31 March 2567 (= 31 March 2024, inside fiscal year 2567)
@pytest.mark.parametrize("dates, ok", [
    ([dt.date(2023, 10, 1), dt.date(2024, 3, 31)], True),   # the cut-off day itself counts
    ([dt.date(2024, 4, 1)], False),                          # the day after
    ([dt.date(2024, 3, 1), dt.date(2024, 9, 30)], False),    # one late contract is enough
    ([], True),                                              # nothing dated, nothing late
])
def test_dates_until(dates, ok):
    ctx = Ctx({"procurement": {"records": [{"contract_date": d} for d in dates]}})
    problems = RULES["dates_until"](ctx, {"path": "procurement.records[].contract_date", "month_day": "03-31"})
    assert (problems == []) is ok, problems
    if not ok:
        assert "31 มีนาคม 2567" in problems[0]


def test_dates_until_uses_the_topics_data_year_and_a_first_quarter_month():
    ctx = Ctx({"t": {"records": [{"d": dt.date(2022, 12, 31)}]}}, year=2567, data_year=2566)
    assert RULES["dates_until"](ctx, {"path": "t.records[].d", "month_day": "12-31"}) == []
    assert RULES["dates_until"](ctx, {"path": "t.records[].d", "month_day": "12-30"})


@pytest.mark.parametrize("members, ok", [
    ([{"deputy": True}, {}], True),
    ([{"deputy": False}, {}], False),
    ([], False),
])
def test_has_record(members, ok):
    ctx = Ctx({"executives": {"members": members}})
    problems = RULES["has_record"](ctx, {"path": "executives.members[].deputy", "label": "รองผู้บริหารสูงสุด"})
    assert (problems == []) is ok, problems
    if not ok:
        assert problems == ["ยังไม่มีรองผู้บริหารสูงสุด"]


def test_dates_in_fiscal_year_uses_the_topics_data_year():
    ctx = Ctx({"news": {"records": [{"date": dt.date(2022, 12, 1)}]}}, year=2567, data_year=2566)
    assert RULES["dates_in_fiscal_year"](ctx, {"path": "news.records[].date"}) == []


@pytest.mark.parametrize("as_of, ok", [
    (dt.date(2024, 3, 31), True),   # ณ 31 มีนาคม 2567 of fiscal year 2567
    (dt.date(2023, 3, 31), False),  # the year before
    (dt.date(2024, 4, 30), False),
    (None, False),
])
def test_as_of(as_of, ok):
    ctx = Ctx({"procurement": {"as_of": as_of} if as_of else {}})
    problems = RULES["as_of"](ctx, {"path": "procurement.as_of", "month_day": "03-31"})
    assert (problems == []) is ok, problems


def test_as_of_a_month_in_the_first_quarter_belongs_to_the_start_year():
    ctx = Ctx({"t": {"as_of": dt.date(2023, 12, 31)}})
    assert RULES["as_of"](ctx, {"path": "t.as_of", "month_day": "12-31"}) == []


@pytest.mark.parametrize("start, end, ok", [(2566, 2570, True), (2567, 2567, True), (2561, 2565, False),
                                            (2568, 2572, False), (None, 2570, False)])
def test_covers_year(start, end, ok):
    data = {k: v for k, v in (("start_year", start), ("end_year", end)) if v is not None}
    problems = RULES["covers_year"](Ctx({"plan": data}), {"start": "plan.start_year", "end": "plan.end_year"})
    assert (problems == []) is ok, problems


@pytest.mark.parametrize("signer, top, ok", [
    ("นายสมชาย ใจดี", {"name": "นายสมชาย  ใจดี"}, True),   # title and spacing do not matter
    ("สมชาย ใจดี", {"name": "นายสมชาย ใจดี"}, True),
    ("นายสมศักดิ์ ใจดี", {"name": "นายสมชาย ใจดี"}, False),
    ("นายสมชาย ใจดี", None, False),                      # no top executive to compare with
    (None, {"name": "นายสมชาย ใจดี"}, False),
])
def test_signed_by_top_executive(signer, top, ok):
    ctx = Ctx({"policy": {"signed_by": signer} if signer else {}}, top=top)
    problems = RULES["signed_by_top_executive"](ctx, {"path": "policy.signed_by"})
    assert (problems == []) is ok, problems


@pytest.mark.parametrize("n, need, ok", [(4, 4, True), (3, 4, False), (0, 1, False)])
def test_min_count(n, need, ok):
    ctx = Ctx({"stats": {"records": [{"x": i} for i in range(n)]}})
    problems = RULES["min_count"](ctx, {"path": "stats.records[].x", "n": need})
    assert (problems == []) is ok, problems


def test_has_choices_names_what_is_missing_by_its_label():
    ctx = Ctx({"channels": {"records": [{"kind": "phone"}]}}, options={"phone": "โทรศัพท์", "web": "เว็บไซต์"})
    assert RULES["has_choices"](ctx, {"path": "channels.records[].kind", "values": ["phone"]}) == []
    assert RULES["has_choices"](ctx, {"path": "channels.records[].kind", "values": ["phone", "web"]}) == ["ยังขาด: เว็บไซต์"]


# ------------------------------------------------------------------ met / missing


@pytest.mark.parametrize("value, filled", [
    ("ข้อมูลจริง", True), ("", False), ("   ", False), ("((กรอก: ชื่อ))", False),
    ("ชื่อ ((กรอก: นามสกุล))", False),   # a half-filled template is still a placeholder
    ([], False), ({}, False), (None, False), (0, True), ([{"a": 1}], True),
])
def test_placeholders_and_blanks_are_never_data(value, filled):
    assert present({"v": value}, ["v"]) is filled


def test_below_a_list_every_record_must_be_filled_and_the_gap_is_located():
    data = {"members": [{"photo": "a.jpg"}, {"photo": "b.jpg"}, {"photo": ""}, {"photo": "d.jpg"}]}
    assert not present(data, ["members", "photo"])
    assert gap_path(data, ["members", "photo"]) == ("members", 2, "photo")
    data["members"][2]["photo"] = "c.jpg"
    assert present(data, ["members", "photo"])

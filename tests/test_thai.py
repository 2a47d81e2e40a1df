"""Tests for oitsite.thai: Thai digits, Buddhist-Era dates, fiscal years, baht, ids, phones."""

from __future__ import annotations

import datetime as dt
import pickle
import random
import re
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from oitsite import thai
from oitsite.thai import (
    PHONE_RE,
    THAI_ID_RE,
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    ParsedDate,
    ThaiValueError,
    be_year,
    fiscal_year,
    fiscal_year_range,
    format_baht,
    format_date,
    format_number,
    is_mobile,
    normalize_phone,
    normalize_thai_id,
    parse_baht,
    parse_date,
    parse_fiscal_year,
    parse_int,
    parse_number,
    parse_phone,
    thai_sort_key,
    to_arabic_digits,
    to_thai_digits,
    valid_thai_id,
)

D = dt.date
THAI_CHAR = re.compile(r"[\u0e01-\u0e5b]")


def raises_thai(fn, value, kind: str | None = None) -> ThaiValueError:
    with pytest.raises(ThaiValueError) as info:
        fn(value)
    err = info.value
    assert THAI_CHAR.search(err.message_th), "message_th must be Thai"
    assert err.message_en
    assert str(err) == err.message_th
    if kind is not None:
        assert err.kind == kind, (err.kind, err.message_th)
    return err


# --------------------------------------------------------------------------- error type


def test_error_is_value_error_and_pickles():
    err = ThaiValueError("ผิด", "wrong", "x.y")
    assert isinstance(err, ValueError)
    back = pickle.loads(pickle.dumps(err))
    assert (back.message_th, back.message_en, back.kind, str(back)) == ("ผิด", "wrong", "x.y", "ผิด")


# --------------------------------------------------------------------------- digits and months


@pytest.mark.parametrize(
    ("thai_text", "arabic"),
    [
        ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
        ("๓๑ มีนาคม ๒๕๖๗", "31 มีนาคม 2567"),
        ("๑,๒๓๔.๕๐ บาท", "1,234.50 บาท"),
        ("abc", "abc"),
        ("", ""),
    ],
)
def test_digit_conversion(thai_text, arabic):
    assert to_arabic_digits(thai_text) == arabic
    assert to_thai_digits(arabic) == thai_text


@given(st.text())
def test_digit_conversion_round_trip(s):
    assert to_arabic_digits(to_thai_digits(to_arabic_digits(s))) == to_arabic_digits(s)
    assert not re.search("[๐-๙]", to_arabic_digits(s))
    assert not re.search("[0-9]", to_thai_digits(s))


def test_months():
    assert len(THAI_MONTHS) == len(THAI_MONTHS_ABBR) == 12
    assert (THAI_MONTHS[0], THAI_MONTHS[6], THAI_MONTHS[-1]) == ("มกราคม", "กรกฎาคม", "ธันวาคม")
    assert (THAI_MONTHS_ABBR[0], THAI_MONTHS_ABBR[2], THAI_MONTHS_ABBR[-1]) == ("ม.ค.", "มี.ค.", "ธ.ค.")


# --------------------------------------------------------------------------- parse_date: accepted

BE_NOTICE = "เข้าใจว่าเป็นปี พ.ศ. 2567 (ค.ศ. 2024)"


@pytest.mark.parametrize(
    ("value", "expected", "era", "notice"),
    [
        # YAML gives date objects: CE as is, BE years (>= 2400) shifted with a notice
        (D(2024, 3, 31), D(2024, 3, 31), "CE", None),
        (D(2567, 3, 31), D(2024, 3, 31), "BE", BE_NOTICE),
        (dt.datetime(2567, 3, 31, 9, 30), D(2024, 3, 31), "BE", BE_NOTICE),
        (dt.datetime(2024, 3, 31, 23, 59), D(2024, 3, 31), "CE", None),
        # ISO-looking strings
        ("2567-03-31", D(2024, 3, 31), "BE", BE_NOTICE),
        ("2024-03-31", D(2024, 3, 31), "CE", None),
        ("2567-3-31", D(2024, 3, 31), "BE", BE_NOTICE),
        ("2567/03/31", D(2024, 3, 31), "BE", BE_NOTICE),
        ("2024-03-31 00:00:00", D(2024, 3, 31), "CE", None),
        ("2024-03-31T10:00:00+07:00", D(2024, 3, 31), "CE", None),
        ("๒๕๖๗-๐๓-๓๑", D(2024, 3, 31), "BE", BE_NOTICE),
        ("  2567-03-31\u200b ", D(2024, 3, 31), "BE", BE_NOTICE),
        # day/month/year
        ("31/03/2567", D(2024, 3, 31), "BE", None),
        ("31/3/2567", D(2024, 3, 31), "BE", None),
        ("1/10/2566", D(2023, 10, 1), "BE", None),
        ("31-03-2567", D(2024, 3, 31), "BE", None),
        ("31.03.2567", D(2024, 3, 31), "BE", None),
        ("31/03/2024", D(2024, 3, 31), "CE", None),
        ("๓๑/๐๓/๒๕๖๗", D(2024, 3, 31), "BE", None),
        # Thai text
        ("31 มีนาคม 2567", D(2024, 3, 31), "BE", None),
        ("31 มี.ค. 2567", D(2024, 3, 31), "BE", None),
        ("31 มี.ค.2567", D(2024, 3, 31), "BE", None),
        ("31มีนาคม2567", D(2024, 3, 31), "BE", None),
        ("31 มีค 2567", D(2024, 3, 31), "BE", None),
        ("31 มีนา 2567", D(2024, 3, 31), "BE", None),
        ("๓๑ มีนาคม ๒๕๖๗", D(2024, 3, 31), "BE", None),
        ("31 มีนาคม พ.ศ. 2567", D(2024, 3, 31), "BE", None),
        ("31 มีนาคม พ.ศ.2567", D(2024, 3, 31), "BE", None),
        ("วันที่ 31 มีนาคม 2567", D(2024, 3, 31), "BE", None),
        ("วันอาทิตย์ที่ 31 มีนาคม พ.ศ. 2567", D(2024, 3, 31), "BE", None),
        ("1 ม.ค. 2567", D(2024, 1, 1), "BE", None),
        ("29 ก.พ. 2567", D(2024, 2, 29), "BE", None),
        ("1 ต.ค. 2566", D(2023, 10, 1), "BE", None),
        ("31 ธ.ค. 2566", D(2023, 12, 31), "BE", None),
        ("31 กรกฏาคม 2567", D(2024, 7, 31), "BE", None),  # common misspelling of กรกฎาคม
        ("30 พฤศจิกายน 2566", D(2023, 11, 30), "BE", None),
        ("31 มีนาคม ค.ศ. 2024", D(2024, 3, 31), "CE", None),
        ("31 มีนาคม 2024", D(2024, 3, 31), "CE", "เข้าใจว่าเป็นปี ค.ศ. 2024 (พ.ศ. 2567)"),
        ("31 March 2024", D(2024, 3, 31), "CE", None),
        ("31 Mar 2024", D(2024, 3, 31), "CE", None),
    ],
)
def test_parse_date_accepts(value, expected, era, notice):
    assert parse_date(value) == ParsedDate(expected, era, notice)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (45382, D(2024, 3, 31)),
        (45382.75, D(2024, 3, 31)),  # time of day ignored
        (Decimal("45382"), D(2024, 3, 31)),
        ("45382", D(2024, 3, 31)),
        (45200, D(2023, 10, 1)),
        (20000, D(1954, 10, 3)),
        (80000, D(2119, 1, 11)),
    ],
)
def test_parse_date_excel_serial(value, expected):
    parsed = parse_date(value)
    assert parsed.value == expected
    assert parsed.era == "CE"
    assert "Excel" in (parsed.notice_th or "")


def test_excel_serial_agrees_with_openpyxl():
    openpyxl_datetime = pytest.importorskip("openpyxl.utils.datetime")
    for serial in (20000, 36526, 45382, 45566, 79999):
        assert parse_date(serial).value == openpyxl_datetime.from_excel(serial).date()


def test_be_date_object_whose_ce_year_is_not_leap():
    # YAML parses 2400-02-29 (2400 is a Gregorian leap year), but BE 2400 = CE 1857 is not
    raises_thai(parse_date, D(2400, 2, 29), "date.day")
    # and BE 2567 = CE 2024 is a leap year though 2567 is not: only the string form works
    assert parse_date("2567-02-29").value == D(2024, 2, 29)


# --------------------------------------------------------------------------- parse_date: rejected


@pytest.mark.parametrize(
    ("value", "kind", "must_mention"),
    [
        # the 2567 → 3110 trap: 543 added twice
        ("3110-03-31", "date.year", "543"),
        (D(3110, 3, 31), "date.year", "543"),
        ("31/03/3110", "date.year", "2567"),
        ("31 มีนาคม 3110", "date.year", "2567"),
        ("1481-03-31", "date.year", "2024"),  # 543 subtracted twice
        ("2300-01-01", "date.year", "2300"),
        (D(1800, 1, 1), "date.year", "1800"),
        ("1899-12-31", "date.year", "1900"),
        ("2701-01-01", "date.year", "2700"),
        # two-digit and odd-length years
        ("31/3/67", "date.two_digit_year", "2567"),
        ("31 มี.ค. 67", "date.two_digit_year", "2567"),
        ("31 มีนาคม 67", "date.two_digit_year", "4 หลัก"),
        ("31/03/567", "date.year", "4 หลัก"),
        # impossible days and months
        ("31/02/2567", "date.day", "29 วัน"),
        ("30 กุมภาพันธ์ 2567", "date.day", "กุมภาพันธ์"),
        ("29/02/2566", "date.day", "28 วัน"),
        ("2567-02-30", "date.day", "29 วัน"),
        ("31 เมษายน 2567", "date.day", "30 วัน"),
        ("0/03/2567", "date.day", "ไม่มีวันที่ 0"),
        ("31/13/2567", "date.month", "วัน/เดือน/ปี"),
        ("03/31/2024", "date.month", "สลับ"),  # US order
        ("2567-31-03", "date.month", "ปี-เดือน-วัน"),
        ("2567-00-10", "date.month", "1 ถึง 12"),
        # era marker contradicts the year
        ("31 มีนาคม พ.ศ. 2024", "date.era_mismatch", "2567"),
        ("31 มีนาคม ค.ศ. 2567", "date.era_mismatch", "2024"),
        # incomplete or garbage
        ("มีนาคม 2567", "date.format", "1 มีนาคม 2567"),
        ("2567", "date.format", "มีแต่ปี"),
        (2567, "date.format", "มีแต่ปี"),
        (2024.0, "date.format", "มีแต่ปี"),
        ("31 ไม่ใช่เดือน 2567", "date.format", "2567-03-31"),
        ("hello", "date.format", "2567-03-31"),
        ("2567-03-31-01", "date.format", None),
        ("2567-03/31", "date.format", None),
        ("x" * 500, "date.format", None),
        (19999, "date.format", None),
        (80001, "date.format", None),
        (-45382, "date.format", None),
        (10**400, "date.format", None),
        (float("nan"), "date.format", None),
        (float("inf"), "date.format", None),
        (Decimal("sNaN"), "date.format", None),
        (None, "date.empty", "ยังไม่ได้กรอก"),
        ("", "date.empty", None),
        ("   ", "date.empty", None),
        (True, "date.type", None),
        ([2567, 3, 31], "date.type", None),
    ],
)
def test_parse_date_rejects(value, kind, must_mention):
    err = raises_thai(parse_date, value, kind)
    if must_mention is not None:
        assert must_mention in err.message_th
    if kind in ("date.year", "date.empty"):
        assert "2567-03-31" in err.message_th  # says how to write it


def test_year_error_message_matches_brief():
    err = raises_thai(parse_date, "3110-03-31")
    assert "3110" in err.message_th
    for needle in ("พ.ศ.", "2567-03-31", "ค.ศ.", "2024-03-31"):
        assert needle in err.message_th
    assert "3110-03-31" in err.message_th  # quotes what the editor wrote


@pytest.mark.parametrize("year", [1900, 2200, 2400, 2700])
def test_year_range_edges_accepted(year):
    parsed = parse_date(f"{year}-01-01")
    assert parsed.era == ("CE" if year <= 2200 else "BE")
    assert parsed.value.year == (year if year <= 2200 else year - 543)


# --------------------------------------------------------------------------- format_date


@pytest.mark.parametrize(
    ("d", "kwargs", "text"),
    [
        (D(2024, 3, 31), {}, "31 มีนาคม 2567"),
        (D(2024, 3, 31), {"style": "short"}, "31 มี.ค. 2567"),
        (D(2024, 3, 31), {"digits": "thai"}, "๓๑ มีนาคม ๒๕๖๗"),
        (D(2024, 3, 31), {"digits": "thai", "style": "short"}, "๓๑ มี.ค. ๒๕๖๗"),
        (D(2023, 10, 1), {}, "1 ตุลาคม 2566"),
        (D(2024, 1, 5), {"style": "short"}, "5 ม.ค. 2567"),
        (dt.datetime(2024, 12, 25, 8, 0), {}, "25 ธันวาคม 2567"),
    ],
)
def test_format_date(d, kwargs, text):
    assert format_date(d, **kwargs) == text


def test_format_date_rejects_bad_options():
    with pytest.raises(ValueError, match="digits"):
        format_date(D(2024, 1, 1), digits="roman")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="style"):
        format_date(D(2024, 1, 1), style="medium")  # type: ignore[arg-type]


DATES = st.dates(min_value=D(1900, 1, 1), max_value=D(2157, 12, 31))
DIGITS = st.sampled_from(["arabic", "thai"])
STYLES = st.sampled_from(["long", "short"])


@given(DATES, DIGITS, STYLES)
def test_format_then_parse_round_trips(d, digits, style):
    assert parse_date(format_date(d, digits=digits, style=style)) == ParsedDate(d, "BE", None)


@given(DATES)
def test_numeric_forms_round_trip(d):
    be = d.year + 543
    assert parse_date(f"{be}-{d.month:02d}-{d.day:02d}").value == d
    assert parse_date(f"{d.day}/{d.month}/{be}").value == d
    assert parse_date(d) == ParsedDate(d, "CE", None)
    if be <= 2700:
        try:
            shifted = d.replace(year=be)  # what YAML makes of "2567-03-31"
        except ValueError:  # 29 Feb in a BE year that is not a Gregorian leap year
            return
        assert parse_date(shifted) == ParsedDate(d, "BE", f"เข้าใจว่าเป็นปี พ.ศ. {be} (ค.ศ. {d.year})")


@given(DATES, DIGITS, STYLES)
@settings(max_examples=50)
def test_format_date_matches_pythainlp(d, digits, style):
    util = pytest.importorskip("pythainlp.util")
    fmt = "%-d %B %Y" if style == "long" else "%-d %b %Y"
    expected = util.thai_strftime(dt.datetime(d.year, d.month, d.day), fmt, thaidigit=digits == "thai")
    assert format_date(d, digits=digits, style=style) == expected


# --------------------------------------------------------------------------- years and fiscal years


@pytest.mark.parametrize(
    ("d", "be", "fy"),
    [
        (D(2023, 9, 30), 2566, 2566),
        (D(2023, 10, 1), 2566, 2567),
        (D(2023, 12, 31), 2566, 2567),
        (D(2024, 1, 1), 2567, 2567),
        (D(2024, 3, 31), 2567, 2567),
        (D(2024, 9, 30), 2567, 2567),
        (D(2024, 10, 1), 2567, 2568),
        (D(2000, 1, 1), 2543, 2543),
    ],
)
def test_be_and_fiscal_year(d, be, fy):
    assert be_year(d) == be
    assert fiscal_year(d) == fy


@pytest.mark.parametrize(
    ("fy", "start", "end"),
    [
        (2567, D(2023, 10, 1), D(2024, 9, 30)),
        (2568, D(2024, 10, 1), D(2025, 9, 30)),
        (2566, D(2022, 10, 1), D(2023, 9, 30)),
    ],
)
def test_fiscal_year_range(fy, start, end):
    assert fiscal_year_range(fy) == (start, end)


@pytest.mark.parametrize(("bad", "hint"), [(2024, "2567"), (3110, "2567"), (67, None), (True, None)])
def test_fiscal_year_range_rejects_non_be(bad, hint):
    err = raises_thai(fiscal_year_range, bad)
    if hint:
        assert hint in err.message_th


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2157, 9, 30)))  # fiscal years up to 2700
def test_fiscal_year_consistent_with_range(d):
    start, end = fiscal_year_range(fiscal_year(d))
    assert start <= d <= end
    assert (end - start).days + 1 in (365, 366)
    assert fiscal_year(start - dt.timedelta(days=1)) == fiscal_year(d) - 1


@pytest.mark.parametrize(
    ("value", "fy"),
    [(2567, 2567), ("2567", 2567), ("๒๕๖๗", 2567), ("พ.ศ. 2567", 2567),
     ("ปีงบประมาณ พ.ศ. 2567", 2567), ("ปีงบประมาณ 2567", 2567), ("ปี 2568", 2568)],
)
def test_parse_fiscal_year(value, fy):
    assert parse_fiscal_year(value) == fy


@pytest.mark.parametrize(
    ("value", "kind", "hint"),
    [(2024, "fiscal_year.range", "2567"), ("2024", "fiscal_year.range", "2567"),
     (3110, "fiscal_year.range", "2567"), ("67", "fiscal_year.range", None),
     ("abc", "fiscal_year.format", None), (None, "fiscal_year.format", None),
     (2567.0, "fiscal_year.format", None), (True, "fiscal_year.format", None)],
)
def test_parse_fiscal_year_rejects(value, kind, hint):
    err = raises_thai(parse_fiscal_year, value, kind)
    if hint:
        assert hint in err.message_th


# --------------------------------------------------------------------------- baht


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234, "1234.00"),
        (0, "0.00"),
        (1234.5, "1234.50"),
        (0.1 + 0.2, "0.30"),  # spreadsheet float noise is rounded to satang
        (Decimal("1234.5"), "1234.50"),
        (Decimal("1234.500"), "1234.50"),
        ("1234", "1234.00"),
        ("1,234.50", "1234.50"),
        ("1,234,567.89", "1234567.89"),
        ("๑,๒๓๔", "1234.00"),
        ("๑,๒๓๔.๕๐ บาท", "1234.50"),
        ("1,234.50 บาท", "1234.50"),
        ("1,234.50บาท", "1234.50"),
        ("฿1,234", "1234.00"),
        ("฿ 1,234.5", "1234.50"),
        ("THB 99", "99.00"),
        ("1,500.-", "1500.00"),
        ("1,500.- บาท", "1500.00"),
        ("123 บาทถ้วน", "123.00"),
        ("2.5 ล้านบาท", "2500000.00"),
        ("1.25 ล้าน", "1250000.00"),
        ("+100", "100.00"),
        ("  1,000\u00a0บาท ", "1000.00"),
    ],
)
def test_parse_baht_accepts(value, expected):
    result = parse_baht(value)
    assert result == Decimal(expected)
    assert str(result) == expected  # always two decimals


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("-5", "baht.negative"),
        ("−1,000", "baht.negative"),  # U+2212 minus sign
        ("(1,234)", "baht.negative"),
        (-1, "baht.negative"),
        (-0.5, "baht.negative"),
        (Decimal("-3"), "baht.negative"),
        ("12,34", "baht.format"),  # European decimal comma / misplaced separator
        ("1,2345", "baht.format"),
        ("1 234", "baht.format"),
        ("1234.", "baht.format"),
        ("1.234,50", "baht.format"),
        ("NaN", "baht.format"),
        ("inf", "baht.format"),
        ("1e5", "baht.format"),
        ("หนึ่งพันบาท", "baht.format"),
        ("abc", "baht.format"),
        ("1,234 บาท 50 สตางค์", "baht.format"),
        (float("nan"), "baht.format"),
        (float("inf"), "baht.format"),
        (Decimal("NaN"), "baht.format"),
        (Decimal("sNaN"), "baht.format"),
        ("1,234.567", "baht.decimals"),
        (Decimal("1.005"), "baht.decimals"),
        ("9" * 16, "baht.range"),
        (10**20, "baht.range"),
        ("", "baht.empty"),
        (None, "baht.empty"),
        (True, "baht.type"),
        ([1], "baht.type"),
        ("1" * 1000, "baht.format"),
    ],
)
def test_parse_baht_rejects(value, kind):
    raises_thai(parse_baht, value, kind)


def test_parse_baht_decimals_message_suggests_rounding():
    assert "1,234.57" in raises_thai(parse_baht, "1,234.567").message_th


@pytest.mark.parametrize(
    ("x", "kwargs", "text"),
    [
        (1234.5, {}, "1,234.50 บาท"),
        (Decimal("1234.5"), {}, "1,234.50 บาท"),
        (1234, {"unit": False}, "1,234.00"),
        (0, {}, "0.00 บาท"),
        (Decimal("1234567.891"), {}, "1,234,567.89 บาท"),
        (Decimal("0.005"), {}, "0.01 บาท"),  # half-up, not banker's rounding
        (Decimal("2.675"), {}, "2.68 บาท"),
        (2.675, {}, "2.68 บาท"),  # repr(2.675) is used, not its binary value 2.67499…
        (Decimal("-0.001"), {}, "0.00 บาท"),  # no "-0.00"
        (-1500, {}, "-1,500.00 บาท"),
        (1234.5, {"digits": "thai"}, "๑,๒๓๔.๕๐ บาท"),
        (Decimal("1E+30"), {"unit": False}, "1,000,000,000,000,000,000,000,000,000,000.00"),
    ],
)
def test_format_baht(x, kwargs, text):
    assert format_baht(x, **kwargs) == text


@pytest.mark.parametrize(
    ("x", "kwargs", "text"),
    [
        (1234567, {}, "1,234,567"),
        (-1234567, {}, "-1,234,567"),
        (1234.5, {}, "1,234.5"),
        (Decimal("1234.50"), {}, "1,234.50"),
        (1234.5, {"decimals": 0}, "1,235"),
        (1234, {"decimals": 2}, "1,234.00"),
        (12, {"digits": "thai"}, "๑๒"),
        (1e20, {}, "100,000,000,000,000,000,000"),
        (0, {}, "0"),
    ],
)
def test_format_number(x, kwargs, text):
    assert format_number(x, **kwargs) == text


@pytest.mark.parametrize("bad", [True, "12", None, float("nan")])
def test_format_number_rejects_non_numbers(bad):
    with pytest.raises((TypeError, ValueError)):
        format_number(bad)


@given(st.decimals(min_value=0, max_value=10**14, places=2), DIGITS, st.booleans())
def test_baht_round_trip(x, digits, unit):
    assert parse_baht(format_baht(x, digits=digits, unit=unit)) == x


# --------------------------------------------------------------------------- integers and numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 12), ("12", 12), ("1,234", 1234), ("๑,๒๓๔", 1234), (" ๑๒ ", 12), ("-3", -3),
     ("+7", 7), (12.0, 12), (Decimal("4.00"), 4), ("15.00", 15), (10**30, 10**30)],
)
def test_parse_int(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    ("value", "kind"),
    [("12.5", "int.format"), (12.5, "int.format"), ("1,23", "int.format"), ("1e3", "int.format"),
     ("abc", "int.format"), ("๑๒ คน", "int.format"), (float("inf"), "int.format"),
     (Decimal("sNaN"), "int.format"), (True, "int.format"), ("9" * 5000, "int.format"),
     ("", "int.empty"), (None, "int.empty")],
)
def test_parse_int_rejects(value, kind):
    raises_thai(parse_int, value, kind)


@given(st.integers(min_value=-(10**30), max_value=10**30), DIGITS)
def test_int_round_trip(n, digits):
    assert parse_int(format_number(n, digits=digits)) == n


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,234.5", "1234.5"), ("-๓.๕", "-3.5"), ("−2", "-2"), (".5", "0.5"), (3, "3"), (2.5, "2.5")],
)
def test_parse_number(value, expected):
    assert parse_number(value) == Decimal(expected)


@pytest.mark.parametrize("value", ["1,2", "abc", "nan", float("nan"), True, None, ""])
def test_parse_number_rejects(value):
    raises_thai(parse_number, value)


# --------------------------------------------------------------------------- national / tax ids


def reference_check_digit(first12: str) -> int:
    """Written independently from the published rule: weights 13..2, mod 11."""
    weights = range(13, 1, -1)
    total = sum(int(d) * w for d, w in zip(first12, weights, strict=True))
    return (11 - total % 11) % 10


def make_id(first12: str) -> str:
    return first12 + str(reference_check_digit(first12))


def dashed(id13: str) -> str:
    return f"{id13[0]}-{id13[1:5]}-{id13[5:10]}-{id13[10:12]}-{id13[12]}"


_rng = random.Random(2567)
GENERATED_IDS = [make_id("".join(_rng.choice("0123456789") for _ in range(12))) for _ in range(8)]
# hand-checked: 1*13+2*12+3*11+4*10+5*9+6*8+7*7+8*6+9*5+0*4+1*3+2*2 = 352 = 32*11 → check (11-0)%10 = 1
KNOWN_VALID = ["1234567890121", make_id("099400016542")]  # the second: a juristic-person tax id shape


@pytest.mark.parametrize("id13", GENERATED_IDS + KNOWN_VALID)
def test_valid_ids_in_every_spelling(id13):
    for spelling in (id13, dashed(id13), dashed(id13).replace("-", " "), to_thai_digits(dashed(id13)),
                     f"  {id13} "):
        assert valid_thai_id(spelling), spelling
        assert normalize_thai_id(spelling) == id13


def test_known_check_digit():
    assert thai.thai_id_check_digit("123456789012") == 1
    assert valid_thai_id("1-2345-67890-12-1")
    assert not valid_thai_id("1-2345-67890-12-2")


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("1234567890122", "taxid.checksum"),
        ("1-2345-67890-12-0", "taxid.checksum"),
        ("2134567890121", "taxid.checksum"),  # transposed first digits
        ("123456789012", "taxid.length"),
        ("12345678901211", "taxid.length"),
        ("12345678901a1", "taxid.format"),
        ("1/2345/67890/12/1", "taxid.format"),
        ("", "taxid.empty"),
        (None, "taxid.empty"),
        (994000123456, "taxid.length"),  # YAML int that lost its leading 0
        ("1234567890121" + " " * 100, "taxid.format"),
    ],
)
def test_invalid_ids(value, kind):
    raises_thai(normalize_thai_id, value, kind)
    assert not valid_thai_id(value)


def test_id_given_as_yaml_int():
    assert normalize_thai_id(1234567890121) == "1234567890121"


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(1, 9))
def test_only_the_right_check_digit_is_valid(first12, shift):
    good = make_id(first12)
    bad = first12 + str((int(good[12]) + shift) % 10)
    assert valid_thai_id(good)
    assert valid_thai_id(dashed(good))
    assert not valid_thai_id(bad)
    assert [m.group() for m in THAI_ID_RE.finditer(f"เลขประจำตัว {dashed(good)} ของนาย ก")] == [dashed(good)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("เลขประจำตัว 1-2345-67890-12-1 ค่ะ", ["1-2345-67890-12-1"]),
        ("เลข1234567890121ค่ะ", ["1234567890121"]),
        ("เลข ๑-๒๓๔๕-๖๗๘๙๐-๑๒-๑", ["๑-๒๓๔๕-๖๗๘๙๐-๑๒-๑"]),
        ("บัตร 1 2345 67890 12 1 หมดอายุ", ["1 2345 67890 12 1"]),
        ("a 1234567890121, b 3-1005-01234-56-7.", ["1234567890121", "3-1005-01234-56-7"]),
        ("เลขผู้เสียภาษี 0994000123456", ["0994000123456"]),
        ("บัญชี 12345678901234", []),  # 14 digits: not an id
        ("123456789012", []),
        ("เลข 9-1-2345-67890-12-1", []),  # part of a longer dashed number
        ("โทร 02-123-4567 วันที่ 2567-03-31", []),
    ],
)
def test_thai_id_regex(text, found):
    assert [m.group() for m in THAI_ID_RE.finditer(text)] == found


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("โทร. 02-123-4567", ["02-123-4567"]),
        ("โทร.02 123 4567", ["02 123 4567"]),
        ("โทร 021234567", ["021234567"]),
        ("053-123-456", ["053-123-456"]),
        ("053-123456", ["053-123456"]),
        ("0-5312-3456", ["0-5312-3456"]),
        ("มือถือ 081-234-5678", ["081-234-5678"]),
        ("0812345678", ["0812345678"]),
        ("08-1234-5678", ["08-1234-5678"]),
        ("061.234.5678", ["061.234.5678"]),
        ("๐๙๑-๒๓๔-๕๖๗๘", ["๐๙๑-๒๓๔-๕๖๗๘"]),
        ("+66 81 234 5678", ["+66 81 234 5678"]),
        ("+66-2-123-4567", ["+66-2-123-4567"]),
        ("0066 81 234 5678", ["0066 81 234 5678"]),
        ("โทร 02-123-4567, 081-234-5678", ["02-123-4567", "081-234-5678"]),
        ("โทร 0-5312-3456-8", ["0-5312-3456"]),  # "-8": line range
        ("เลขประจำตัว 1-2345-67890-12-1", []),
        ("เลขผู้เสียภาษี 0994000123456", []),
        ("เลขผู้เสียภาษี 0-9940-00123-45-6", []),
        ("วันที่ 2567-03-31", []),
        ("ยอด 1,234,567.00 บาท", []),
        ("01-234-5678", []),  # 01 is not a Thai prefix
        ("081234567890", []),  # too long
        ("12081234567", []),  # inside a longer number
        ("รหัส 7-02-123-4567", []),  # tail of a longer dashed code
    ],
)
def test_phone_regex(text, found):
    assert [m.group() for m in PHONE_RE.finditer(text)] == found


@pytest.mark.parametrize(
    ("phone", "normalized", "mobile"),
    [
        ("081-234-5678", "0812345678", True),
        ("๐๘๑-๒๓๔-๕๖๗๘", "0812345678", True),
        ("06 1234 5678", "0612345678", True),
        ("091.234.5678", "0912345678", True),
        ("+66 81 234 5678", "+66812345678", True),
        ("+66 (0)81 234 5678", "+660812345678", True),
        ("0066812345678", "0066812345678", True),
        ("02-123-4567", "021234567", False),
        ("053-123-456", "053123456", False),
        ("+66 2 123 4567", "+6621234567", False),
        ("02-123-4567 ต่อ 12", "021234567", False),
        ("02-123-4567 ext. 12", "021234567", False),
        ("071-234-5678", "0712345678", False),  # 07 is not a mobile prefix
        ("1111", "1111", False),
        ("", "", False),
    ],
)
def test_normalize_phone_and_is_mobile(phone, normalized, mobile):
    assert normalize_phone(phone) == normalized
    assert is_mobile(phone) is mobile


@pytest.mark.parametrize(
    ("value", "expected"),
    [("081-234-5678", "0812345678"), ("๐๒-๑๒๓-๔๕๖๗", "021234567"), ("+66 81 234 5678", "+66812345678"),
     ("(053) 123-456", "053123456"), ("02-123-4567 ต่อ 12", "021234567"), ("1111", "1111")],
)
def test_parse_phone(value, expected):
    assert parse_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "kind"),
    [("0812345", "phone.format"), ("02-123-4567, 081-234-5678", "phone.format"),
     ("02-123-4567 081-234-5678", "phone.format"), ("01-234-5678", "phone.format"),
     ("โทรหาได้เลย", "phone.format"), ("+1 212 555 0100", "phone.format"),
     (21234567, "phone.type"), (812345678.0, "phone.type"), ("", "phone.empty"), (None, "phone.empty")],
)
def test_parse_phone_rejects(value, kind):
    raises_thai(parse_phone, value, kind)


@given(st.sampled_from("689"), st.text(alphabet="0123456789", min_size=8, max_size=8),
       st.sampled_from(["-", " ", ".", ""]), DIGITS)
def test_mobile_numbers_found_and_normalized(second, rest, sep, digits):
    number = f"0{second}{rest[0]}{sep}{rest[1:4]}{sep}{rest[4:]}"
    if digits == "thai":
        number = to_thai_digits(number)
    assert [m.group() for m in PHONE_RE.finditer(f"ติดต่อ {number} ค่ะ")] == [number]
    assert normalize_phone(number) == f"0{second}{rest}"
    assert is_mobile(number)
    assert parse_phone(number) == f"0{second}{rest}"


# --------------------------------------------------------------------------- sorting


def test_thai_sort_dictionary_order():
    words = ["หมู", "วัว", "เป็ด", "ไก่", "กาล", "เกิด", "วันที่"]
    assert sorted(words, key=thai_sort_key) == ["กาล", "เกิด", "ไก่", "เป็ด", "วันที่", "วัว", "หมู"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("กา", "เก"),  # leading vowel sorts after the consonant: ก-า < ก-เ
        ("เก", "ขา"),  # ...so เก is under ก, not after everything
        ("โต", "ไต"),
        ("ใจ", "ไจ"),
        ("กา", "ก้า"),  # tone marks only break ties
        ("ก้า", "กาก"),
        ("นาย ก", "นาย ข"),
        ("๒", "3"),  # Thai digits sort like Arabic ones
        ("apple", "Banana"),
    ],
)
def test_thai_sort_pairs(before, after):
    assert thai_sort_key(before) < thai_sort_key(after)


@given(st.lists(st.text(alphabet="กขคงจนมยรวสหอะาิีุูเแโใไ่้๊๋็์", max_size=6), max_size=12))
def test_sort_agrees_with_pythainlp_on_primary_key(words):
    util = pytest.importorskip("pythainlp.util")
    ours = [thai_sort_key(w)[0] for w in sorted(words, key=thai_sort_key)]
    theirs = [thai_sort_key(w)[0] for w in util.collate(words)]
    assert ours == sorted(theirs)


# --------------------------------------------------------------------------- robustness

PARSERS = [parse_date, parse_baht, parse_int, parse_number, parse_fiscal_year, parse_phone,
           normalize_thai_id]
RELEVANT = st.text(
    alphabet="0123456789๐๑๒๓๔๕๖๗๘๙-/.,:+()฿ Tบาทล้านมีนาคมพศค.ยธกสวันที่eE\u200b\u00a0",
    max_size=40,
)
ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(), st.text(), RELEVANT,
    st.dates(), st.datetimes(), st.lists(st.integers(), max_size=2), st.binary(max_size=4),
)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda f: f.__name__)
@given(value=ANYTHING)
@settings(max_examples=300)
@example(value="9" * 5000)
@example(value="2567-02-29")
@example(value=D(9999, 12, 31))
@example(value=Decimal("-sNaN"))
@example(value=1e308)
def test_parsers_raise_only_thai_value_error(parser, value):
    try:
        parser(value)
    except ThaiValueError as err:
        error: ThaiValueError | None = err
    else:
        error = None
    if error is not None:
        assert THAI_CHAR.search(error.message_th)
        assert error.message_en
        assert error.kind


@given(RELEVANT)
def test_valid_thai_id_never_raises(s):
    assert valid_thai_id(s) in (True, False)
    normalize_phone(s)
    is_mobile(s)
    thai_sort_key(s)

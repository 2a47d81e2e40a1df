"""Thai-locale helpers: digits, Buddhist-Era dates, fiscal years, baht, ids, phones, sorting.

Pure standard library.  Every ``parse_*``/``normalize_*`` function raises only
:class:`ThaiValueError` on bad input, whatever the input is; its ``message_th`` says,
in Thai, what is wrong and how to fix it (the caller adds file and line).

Year rule used everywhere: years 1900..2200 are Gregorian (ค.ศ., "CE"), years
2400..2700 are Buddhist Era (พ.ศ., "BE" = CE + 543); anything else is rejected,
which catches the classic "added 543 twice" mistake (2567 → 3110).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

__all__ = [
    "BE_OFFSET",
    "PHONE_RE",
    "THAI_ID_RE",
    "THAI_MONTHS",
    "THAI_MONTHS_ABBR",
    "ParsedDate",
    "ThaiValueError",
    "be_year",
    "fiscal_year",
    "fiscal_year_range",
    "format_baht",
    "format_date",
    "format_number",
    "is_mobile",
    "normalize_phone",
    "normalize_thai_id",
    "parse_baht",
    "parse_date",
    "parse_fiscal_year",
    "parse_int",
    "parse_number",
    "parse_phone",
    "thai_id_check_digit",
    "thai_sort_key",
    "to_arabic_digits",
    "to_thai_digits",
    "valid_thai_id",
]

Era = Literal["BE", "CE"]
Digits = Literal["thai", "arabic"]

BE_OFFSET = 543
CE_YEARS = range(1900, 2201)
BE_YEARS = range(2400, 2701)
_MAX_INPUT = 200  # longer strings are rejected before any regex runs


class ThaiValueError(ValueError):
    """A value a Thai editor typed cannot be understood.

    ``message_th`` (also ``str(e)``) is shown to the editor; ``message_en`` is for
    logs and English readers; ``kind`` is a short machine-readable reason such as
    ``"date.year"`` that callers may map to their own finding codes.
    """

    def __init__(self, message_th: str, message_en: str, kind: str = "invalid") -> None:
        super().__init__(message_th)
        self.message_th = message_th
        self.message_en = message_en
        self.kind = kind

    def __str__(self) -> str:
        return self.message_th

    def __reduce__(self) -> tuple[type[ThaiValueError], tuple[str, str, str]]:
        return (type(self), (self.message_th, self.message_en, self.kind))


# --------------------------------------------------------------------------- digits

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)
# zero-width characters Thai word processors like to insert, and no-break spaces
_INVISIBLE = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
                            "\u00a0": " ", "\u202f": " ", "\u2007": " "})


def to_arabic_digits(s: str) -> str:
    """``๑,๒๓๔`` → ``1,234``; every other character is kept."""
    return s.translate(_TO_ARABIC)


def to_thai_digits(s: str) -> str:
    """``1,234`` → ``๑,๒๓๔``; every other character is kept."""
    return s.translate(_TO_THAI)


def _digits(s: str, digits: Digits) -> str:
    if digits == "thai":
        return to_thai_digits(s)
    if digits == "arabic":
        return s
    raise ValueError(f"digits must be 'thai' or 'arabic', not {digits!r}")


def _clean(s: str) -> str:
    """Thai digits → Arabic, invisible characters dropped, whitespace collapsed."""
    return " ".join(to_arabic_digits(s.translate(_INVISIBLE)).split())


def _show(value: object) -> str:
    """The value as quoted in a message, shortened."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = repr(value)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _finite(x: int | float | Decimal) -> bool:
    if isinstance(x, Decimal):
        return x.is_finite()  # math.isfinite() raises on Decimal("sNaN")
    return isinstance(x, int) or math.isfinite(x)


# --------------------------------------------------------------------------- months

THAI_MONTHS: tuple[str, ...] = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTHS_ABBR: tuple[str, ...] = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
_MONTH_EXTRA: dict[str, int] = {
    # colloquial short forms
    "มกรา": 1, "กุมภา": 2, "มีนา": 3, "เมษา": 4, "พฤษภา": 5, "มิถุนา": 6,
    "กรกฎา": 7, "สิงหา": 8, "กันยา": 9, "ตุลา": 10, "พฤศจิกา": 11, "ธันวา": 12,
    # frequent misspellings
    "กุมภาพันธ": 2, "กรกฏาคม": 7, "กรกฏา": 7, "พฤษจิกายน": 11, "พฤศจิกายม": 11,
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}


def _month_key(token: str) -> str:
    return re.sub(r"[\s.]", "", token).lower()


_MONTHS: dict[str, int] = {
    **{_month_key(m): i for i, m in enumerate(THAI_MONTHS, 1)},
    **{_month_key(m): i for i, m in enumerate(THAI_MONTHS_ABBR, 1)},
    **_MONTH_EXTRA,
}
_ENGLISH_MONTHS = frozenset(k for k in _MONTH_EXTRA if k.isascii())


# --------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class ParsedDate:
    """A date as the editor wrote it: the Gregorian ``value``, the era the year was
    written in, and a Thai notice when the era had to be guessed."""

    value: dt.date
    era: Era
    notice_th: str | None = None


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_SERIALS = (20000, 80000)

_WEEKDAYS = "จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์"
_DATE_PREFIX_RE = re.compile(rf"^(?:วัน(?:{_WEEKDAYS})?\s*(?:ที่)?|ที่)\s*")
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_YMD_RE = re.compile(rf"(\d{{4}})\s*([-/.])\s*(\d{{1,2}})\s*\2\s*(\d{{1,2}}){_TIME}", re.ASCII)
_DMY_RE = re.compile(r"(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,6})", re.ASCII)
_ERA = r"พ\s*\.?\s*ศ\s*\.?|ค\s*\.?\s*ศ\s*\.?|B\.?E\.?|C\.?E\.?|A\.?D\.?"
_TEXT_RE = re.compile(
    rf"(\d{{1,2}})\s*([^\d\s][^\d]{{0,30}}?)\s*,?\s*(?:({_ERA})\s*)?(\d{{1,6}})", re.ASCII
)
_MONTH_YEAR_RE = re.compile(rf"([^\d\s][^\d]{{0,30}}?)\s*(?:(?:{_ERA})\s*)?(\d{{4}})", re.ASCII)
_YEAR_ONLY_RE = re.compile(rf"(?:(?:{_ERA})\s*)?(\d{{4}})", re.ASCII)


def _date_error(value: object, th: str, en: str, kind: str) -> ThaiValueError:
    return ThaiValueError(
        f"วันที่ {_show(value)} ไม่ถูกต้อง: {th}",
        f"Invalid date {_show(value)}: {en}",
        kind,
    )


_FORMAT_HINT_TH = "เขียนวันที่แบบ พ.ศ. เช่น 2567-03-31 หรือ 31 มีนาคม 2567 หรือแบบ ค.ศ. เช่น 2024-03-31"
_FORMAT_HINT_EN = "write e.g. 2567-03-31 or 31 มีนาคม 2567 (Buddhist Era) or 2024-03-31 (Gregorian)"


def _resolve_year(value: object, year: int, era: Era | None) -> tuple[int, Era]:
    """Return (Gregorian year, era written).  ``era`` is the explicit marker, if any."""
    if era == "BE":
        if year in BE_YEARS:
            return year - BE_OFFSET, "BE"
        if year in CE_YEARS:
            raise _date_error(
                value,
                f"เขียนว่า พ.ศ. แต่ปี {year} เป็นปี ค.ศ. — ถ้าหมายถึง ค.ศ. {year} "
                f"ให้เขียน พ.ศ. {year + BE_OFFSET}",
                f"marked as Buddhist Era but {year} is a Gregorian year; "
                f"CE {year} is BE {year + BE_OFFSET}",
                "date.era_mismatch",
            )
    elif era == "CE":
        if year in CE_YEARS:
            return year, "CE"
        if year in BE_YEARS:
            raise _date_error(
                value,
                f"เขียนว่า ค.ศ. แต่ปี {year} เป็นปี พ.ศ. — ให้ลบ ค.ศ. ออก "
                f"หรือเขียน ค.ศ. {year - BE_OFFSET}",
                f"marked as Gregorian but {year} is a Buddhist-Era year "
                f"(CE {year - BE_OFFSET})",
                "date.era_mismatch",
            )
    elif year in CE_YEARS:
        return year, "CE"
    elif year in BE_YEARS:
        return year - BE_OFFSET, "BE"
    raise _year_error(value, year)


def _year_error(value: object, year: int) -> ThaiValueError:
    if year - 2 * BE_OFFSET in CE_YEARS:
        why_th = (f" (น่าจะบวก 543 ซ้ำสองครั้ง: ถ้าหมายถึง พ.ศ. {year - BE_OFFSET} "
                  f"ให้เขียน {year - BE_OFFSET})")
        why_en = f" (543 added twice? BE {year - BE_OFFSET} is written {year - BE_OFFSET})"
    elif year + BE_OFFSET in CE_YEARS:
        why_th = (f" (น่าจะลบ 543 เกิน: ถ้าหมายถึง ค.ศ. {year + BE_OFFSET} "
                  f"ให้เขียน {year + BE_OFFSET})")
        why_en = f" (543 subtracted once too often? did you mean CE {year + BE_OFFSET})"
    else:
        why_th = why_en = ""
    return _date_error(
        value,
        f"ปี {year} ดูไม่ถูกต้อง{why_th} — ปี พ.ศ. ต้องอยู่ระหว่าง 2400 ถึง 2700 "
        f"และปี ค.ศ. ระหว่าง 1900 ถึง 2200; {_FORMAT_HINT_TH}",
        f"year {year} looks wrong{why_en}; Buddhist-Era years are 2400-2700 and "
        f"Gregorian years 1900-2200; {_FORMAT_HINT_EN}",
        "date.year",
    )


def _make_date(value: object, year: int, month: int, day: int, era: Era | None,
               order: Literal["ymd", "dmy", "text"]) -> tuple[dt.date, Era]:
    ce_year, written = _resolve_year(value, year, era)
    shown_year = ce_year + BE_OFFSET if written == "BE" else ce_year
    era_th = "พ.ศ." if written == "BE" else "ค.ศ."
    if not 1 <= month <= 12:
        if order == "ymd":
            fix_th, fix_en = "เรียงเป็น ปี-เดือน-วัน เช่น 2567-03-31", "use year-month-day, e.g. 2567-03-31"
        else:
            fix_th, fix_en = "เรียงเป็น วัน/เดือน/ปี เช่น 31/03/2567", "use day/month/year, e.g. 31/03/2567"
        if order != "text" and 1 <= day <= 12:
            fix_th += " (ดูเหมือนสลับวันกับเดือน)"
            fix_en += " (day and month look swapped)"
        raise _date_error(
            value,
            f"ไม่มีเดือนที่ {month} (เดือนต้องเป็น 1 ถึง 12) — {fix_th}",
            f"there is no month {month} (must be 1-12); {fix_en}",
            "date.month",
        )
    days_in_month = calendar.monthrange(ce_year, month)[1]
    if not 1 <= day <= days_in_month:
        raise _date_error(
            value,
            f"เดือน{THAI_MONTHS[month - 1]} {era_th} {shown_year} ไม่มีวันที่ {day} "
            f"(มี {days_in_month} วัน) — ตรวจวันและเดือนอีกครั้ง",
            f"{calendar.month_name[month]} {ce_year} has no day {day} "
            f"(it has {days_in_month} days); check the day and month",
            "date.day",
        )
    return dt.date(ce_year, month, day), written


def _era_marker(token: str | None) -> Era | None:
    if not token:
        return None
    return "BE" if token[0] in "พBb" else "CE"


def _be_notice(d: dt.date) -> str:
    return f"เข้าใจว่าเป็นปี พ.ศ. {d.year + BE_OFFSET} (ค.ศ. {d.year})"


def _ce_notice(d: dt.date) -> str:
    return f"เข้าใจว่าเป็นปี ค.ศ. {d.year} (พ.ศ. {d.year + BE_OFFSET})"


def _from_excel_serial(value: object, serial: float | Decimal) -> ParsedDate:
    low, high = _EXCEL_SERIALS
    if not low <= serial <= high:
        if CE_YEARS[0] <= serial <= BE_YEARS[-1] and serial == int(serial):
            raise _year_only_error(value)
        raise _date_error(
            value,
            f"ตัวเลขนี้ไม่ใช่วันที่ — {_FORMAT_HINT_TH}",
            f"this number is not a date; {_FORMAT_HINT_EN}",
            "date.format",
        )
    d = _EXCEL_EPOCH + dt.timedelta(days=int(serial))
    notice = (f"เข้าใจว่าเป็นเลขวันที่ของ Excel: {int(serial)} = {format_date(d)} "
              f"— ตรวจว่าถูกต้อง หรือเขียนเป็น {d.year + BE_OFFSET}-{d.month:02d}-{d.day:02d}")
    return ParsedDate(d, "CE", notice)


def _year_only_error(value: object) -> ThaiValueError:
    return _date_error(value, f"มีแต่ปี ไม่มีวันและเดือน — {_FORMAT_HINT_TH}",
                       f"only a year, no day and month; {_FORMAT_HINT_EN}", "date.format")


def parse_date(value: object) -> ParsedDate:
    """Understand a date an editor wrote.

    Accepts ``datetime.date``/``datetime.datetime`` (what YAML produces for
    ``2024-03-31`` — and also for ``2567-03-31``, whose year is then read as พ.ศ.),
    strings ``2567-03-31``, ``2024-03-31``, ``31/03/2567``, ``31 มีนาคม 2567``,
    ``31 มี.ค. 2567``, ``วันที่ ๓๑ มีนาคม พ.ศ. ๒๕๖๗``, and Excel serial numbers
    (20000 to 80000, days since 1899-12-30).  Two-digit years are rejected.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _parse_date_object(value)
    if _is_number(value):
        assert isinstance(value, (int, float, Decimal))
        if not _finite(value):
            raise _date_error(value, f"ไม่ใช่วันที่ — {_FORMAT_HINT_TH}",
                              f"not a date; {_FORMAT_HINT_EN}", "date.format")
        return _from_excel_serial(value, value)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ThaiValueError(f"ยังไม่ได้กรอกวันที่ — {_FORMAT_HINT_TH}",
                             f"the date is empty; {_FORMAT_HINT_EN}", "date.empty")
    if not isinstance(value, str):
        raise _date_error(value, f"ไม่ใช่วันที่ — {_FORMAT_HINT_TH}",
                          f"not a date ({type(value).__name__}); {_FORMAT_HINT_EN}",
                          "date.type")
    return _parse_date_str(value)


def _parse_date_object(value: dt.date) -> ParsedDate:
    if value.year in CE_YEARS:
        return ParsedDate(value, "CE", None)
    if value.year in BE_YEARS:
        try:
            d = value.replace(year=value.year - BE_OFFSET)
        except ValueError:  # 29 Feb of a BE year whose CE year is not a leap year
            raise _date_error(
                value,
                f"ปี พ.ศ. {value.year} (ค.ศ. {value.year - BE_OFFSET}) ไม่มีวันที่ 29 กุมภาพันธ์",
                f"BE {value.year} (CE {value.year - BE_OFFSET}) has no 29 February",
                "date.day",
            ) from None
        return ParsedDate(d, "BE", _be_notice(d))
    raise _year_error(value, value.year)


def _parse_date_str(value: str) -> ParsedDate:
    if len(value) > _MAX_INPUT:
        raise _date_error(value, f"ข้อความยาวเกินไป — {_FORMAT_HINT_TH}",
                          f"text too long; {_FORMAT_HINT_EN}", "date.format")
    s = _DATE_PREFIX_RE.sub("", _clean(value))

    if m := _YMD_RE.fullmatch(s):
        year, month, day = int(m[1]), int(m[3]), int(m[4])
        d, era = _make_date(value, year, month, day, None, "ymd")
        return ParsedDate(d, era, _be_notice(d) if era == "BE" else None)

    if m := _DMY_RE.fullmatch(s):
        day, month, year_text = int(m[1]), int(m[3]), m[4]
        _check_year_digits(value, year_text, f"{day:02d}{m[2]}{month:02d}{m[2]}")
        d, era = _make_date(value, int(year_text), month, day, None, "dmy")
        return ParsedDate(d, era, None)

    if (m := _TEXT_RE.fullmatch(s)) and (month := _lookup_month(m[2])):
        day, year_text, marker = int(m[1]), m[4], _era_marker(m[3])
        _check_year_digits(value, year_text, f"{day} {THAI_MONTHS_ABBR[month - 1]} ")
        d, era = _make_date(value, int(year_text), month, day, marker, "text")
        english = _month_key(m[2]) in _ENGLISH_MONTHS
        guessed_ce = era == "CE" and marker is None and not english
        return ParsedDate(d, era, _ce_notice(d) if guessed_ce else None)

    if _YEAR_ONLY_RE.fullmatch(s):
        raise _year_only_error(value)
    if (m := _MONTH_YEAR_RE.fullmatch(s)) and _lookup_month(m[1]):
        raise _date_error(
            value,
            f"ไม่มีวันที่ (วันของเดือน) — ใส่วันด้วย เช่น 1 {s}",
            f"the day of the month is missing, e.g. 1 {s}",
            "date.format",
        )
    if re.fullmatch(r"\d{5}(?:\.\d+)?", s, re.ASCII):
        return _from_excel_serial(value, Decimal(s))
    raise _date_error(value, f"อ่านไม่ออก — {_FORMAT_HINT_TH}",
                      f"not a recognised date format; {_FORMAT_HINT_EN}", "date.format")


def _lookup_month(token: str) -> int | None:
    key = _month_key(token)
    key = key.removeprefix("เดือน").removesuffix("ปี")
    return _MONTHS.get(key)


def _check_year_digits(value: object, year_text: str, example_prefix: str) -> None:
    if len(year_text) == 4:
        return
    if len(year_text) == 2:
        raise _date_error(
            value,
            f"ปี \"{year_text}\" มีแค่ 2 หลัก จึงไม่รู้ว่าเป็น พ.ศ. หรือ ค.ศ. — เขียนปีเต็ม 4 หลัก "
            f"เช่น {example_prefix}25{year_text} (พ.ศ.)",
            f"two-digit year \"{year_text}\" is ambiguous; write all four digits, "
            f"e.g. {example_prefix}25{year_text} (Buddhist Era)",
            "date.two_digit_year",
        )
    raise _date_error(
        value,
        f"ปี \"{year_text}\" ต้องเป็นเลข 4 หลัก — {_FORMAT_HINT_TH}",
        f"the year \"{year_text}\" must have four digits; {_FORMAT_HINT_EN}",
        "date.year",
    )


def format_date(d: dt.date, *, digits: Digits = "arabic",
                style: Literal["long", "short"] = "long") -> str:
    """``31 มีนาคม 2567`` (long) or ``31 มี.ค. 2567`` (short), Buddhist-Era year."""
    if style == "long":
        month = THAI_MONTHS[d.month - 1]
    elif style == "short":
        month = THAI_MONTHS_ABBR[d.month - 1]
    else:
        raise ValueError(f"style must be 'long' or 'short', not {style!r}")
    return _digits(f"{d.day} {month} {d.year + BE_OFFSET}", digits)


def is_ce_year(year: int) -> bool:
    """A year written in the Gregorian calendar (1900–2200), by the year rule above."""
    return year in CE_YEARS


def as_be_year(year: int) -> int:
    """A year as พ.ศ.: a CE year gets 543 added, any other year is returned as it is."""
    return year + BE_OFFSET if year in CE_YEARS else year


def be_year(d: dt.date) -> int:
    """Buddhist-Era calendar year of a date."""
    return d.year + BE_OFFSET


def fiscal_year(d: dt.date) -> int:
    """Thai government fiscal year (พ.ศ.) of a date; it starts on 1 October:
    2023-09-30 → 2566, 2023-10-01 → 2567."""
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)


def fiscal_year_range(fy_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of a Buddhist-Era fiscal year: 2567 → (2023-10-01, 2024-09-30)."""
    if isinstance(fy_be, bool) or not isinstance(fy_be, int):
        raise ThaiValueError(
            f"ปีงบประมาณ {_show(fy_be)} ต้องเป็นเลขปี พ.ศ. เช่น 2567",
            f"fiscal year {_show(fy_be)} must be a Buddhist-Era year such as 2567",
            "fiscal_year.type",
        )
    _check_fiscal_year(fy_be, fy_be)
    ce = fy_be - BE_OFFSET
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


def _check_fiscal_year(value: object, year: int) -> None:
    if year in BE_YEARS:
        return
    if year in CE_YEARS:
        th = (f"ปีงบประมาณ {year} ดูเหมือนเป็น ค.ศ. — ปีงบประมาณต้องเป็น พ.ศ. "
              f"ถ้าหมายถึง ค.ศ. {year} ให้เขียน {year + BE_OFFSET}")
        en = f"fiscal year {year} looks Gregorian; write the Buddhist-Era year {year + BE_OFFSET}"
    elif year - BE_OFFSET in BE_YEARS:
        th = (f"ปีงบประมาณ {year} ดูไม่ถูกต้อง (น่าจะบวก 543 ซ้ำสองครั้ง) — "
              f"ถ้าหมายถึง พ.ศ. {year - BE_OFFSET} ให้เขียน {year - BE_OFFSET}")
        en = f"fiscal year {year} looks wrong (543 added twice?); did you mean {year - BE_OFFSET}"
    else:
        th = f"ปีงบประมาณ {_show(value)} ดูไม่ถูกต้อง — เขียนปี พ.ศ. 4 หลัก เช่น 2567"
        en = f"fiscal year {_show(value)} looks wrong; write a Buddhist-Era year such as 2567"
    raise ThaiValueError(th, en, "fiscal_year.range")


def parse_fiscal_year(value: object) -> int:
    """A Buddhist-Era fiscal year: ``2567``, ``"๒๕๖๗"``, ``"ปีงบประมาณ พ.ศ. 2567"``."""
    if isinstance(value, str) and len(value) <= _MAX_INPUT:
        s = _clean(value)
        s = re.sub(r"^(?:ปี\s*งบ(?:ประมาณ)?|ปี)\s*", "", s)
        s = re.sub(r"^(?:พ\s*\.?\s*ศ\s*\.?)\s*", "", s)
        if re.fullmatch(r"\d{1,6}", s, re.ASCII):
            year = int(s)
            _check_fiscal_year(value, year)
            return year
    elif isinstance(value, int) and not isinstance(value, bool):
        _check_fiscal_year(value, value)
        return value
    raise ThaiValueError(
        f"ปีงบประมาณ {_show(value)} ไม่ถูกต้อง — เขียนปี พ.ศ. 4 หลัก เช่น 2567",
        f"fiscal year {_show(value)} is not valid; write a Buddhist-Era year such as 2567",
        "fiscal_year.format",
    )


# --------------------------------------------------------------------------- numbers and baht

_CENT = Decimal("0.01")
_BAHT_LIMIT = Decimal(10) ** 15  # far above any Thai budget; keeps Decimal arithmetic exact
_GROUPED = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
_AMOUNT_RE = re.compile(rf"{_GROUPED}(?:\.[0-9]+)?", re.ASCII)
_INT_RE = re.compile(rf"([+-]?)({_GROUPED})(?:\.0+)?", re.ASCII)
_NUMBER_RE = re.compile(rf"[+-]?{_GROUPED}(?:\.[0-9]+)?|[+-]?\.[0-9]+", re.ASCII)
_BAHT_PREFIX_RE = re.compile(r"^(?:฿|THB|บาท)\s*", re.IGNORECASE)
_BAHT_SUFFIX_RE = re.compile(r"\s*(?:บาท(?:ถ้วน)?|บ\.|THB|฿)$", re.IGNORECASE)
_DASH_SUFFIX_RE = re.compile(r"(?<=[0-9])\s*[.,/=]?\s*-$")  # "1,500.-" (Thai: exactly 1,500)
_MINUS = "-\u2212\u2013"  # hyphen, minus sign, en dash

_BAHT_HINT_TH = "เขียนเป็นตัวเลข เช่น 1,234.50 หรือ 1234.50 (จะมีคำว่า บาท ต่อท้ายหรือไม่ก็ได้)"
_BAHT_HINT_EN = "write a number such as 1,234.50 or 1234.50 (\"บาท\" is optional)"


def _baht_error(value: object, th: str, en: str, kind: str) -> ThaiValueError:
    return ThaiValueError(f"จำนวนเงิน {_show(value)} ไม่ถูกต้อง: {th}",
                          f"Invalid amount {_show(value)}: {en}", kind)


def parse_baht(value: object) -> Decimal:
    """An amount of money in baht, returned with two decimals.

    Accepts numbers and strings like ``1,234.50``, ``๑,๒๓๔``, ``1,234.50 บาท``,
    ``฿1,234``, ``1,500.-`` and ``2.5 ล้านบาท``.  Negative amounts, NaN, more than
    two decimals (in text) and unreadable text raise :class:`ThaiValueError`.
    """
    if _is_number(value):
        assert isinstance(value, (int, float, Decimal))
        if not _finite(value):
            raise _baht_error(value, f"ไม่ใช่ตัวเลข — {_BAHT_HINT_TH}",
                              f"not a finite number; {_BAHT_HINT_EN}", "baht.format")
        if isinstance(value, float):
            # spreadsheet floats carry binary noise (0.1 + 0.2); round to satang
            amount = _check_amount(value, Decimal(repr(value)))
            return amount.quantize(_CENT, rounding=ROUND_HALF_UP)
        amount = Decimal(value)
    elif isinstance(value, str):
        amount = _parse_baht_str(value)
    elif value is None:
        raise ThaiValueError(f"ยังไม่ได้กรอกจำนวนเงิน — {_BAHT_HINT_TH}",
                             f"the amount is empty; {_BAHT_HINT_EN}", "baht.empty")
    else:
        raise _baht_error(value, f"ไม่ใช่จำนวนเงิน — {_BAHT_HINT_TH}",
                          f"not an amount ({type(value).__name__}); {_BAHT_HINT_EN}",
                          "baht.type")
    amount = _check_amount(value, amount)
    if amount != amount.quantize(_CENT, rounding=ROUND_HALF_UP):
        rounded = format_number(amount, decimals=2)
        raise _baht_error(
            value,
            f"มีทศนิยมเกิน 2 ตำแหน่ง — เงินบาทมีทศนิยมได้ 2 ตำแหน่ง (สตางค์) เช่น {rounded}",
            f"more than two decimals; baht amounts have at most two (satang), e.g. {rounded}",
            "baht.decimals",
        )
    return amount.quantize(_CENT)


def _check_amount(value: object, amount: Decimal) -> Decimal:
    if amount < 0:
        raise _baht_error(value, "จำนวนเงินติดลบไม่ได้ — ใส่จำนวนเงินที่เป็นบวก",
                          "amounts cannot be negative", "baht.negative")
    if amount >= _BAHT_LIMIT:
        raise _baht_error(value, "จำนวนเงินมากผิดปกติ — ตรวจจำนวนหลักอีกครั้ง",
                          "implausibly large amount; check the number of digits", "baht.range")
    return amount


def _parse_baht_str(value: str) -> Decimal:
    if not value.strip():
        raise ThaiValueError(f"ยังไม่ได้กรอกจำนวนเงิน — {_BAHT_HINT_TH}",
                             f"the amount is empty; {_BAHT_HINT_EN}", "baht.empty")
    if len(value) > _MAX_INPUT:
        raise _baht_error(value, f"ข้อความยาวเกินไป — {_BAHT_HINT_TH}",
                          f"text too long; {_BAHT_HINT_EN}", "baht.format")
    s = _clean(value)
    s = _BAHT_SUFFIX_RE.sub("", s)
    s = _DASH_SUFFIX_RE.sub("", s)
    multiplier = 1
    if s.endswith("ล้าน"):
        s, multiplier = s.removesuffix("ล้าน").rstrip(), 1_000_000
    s = _BAHT_PREFIX_RE.sub("", s)
    if (s[:1] in _MINUS) or (s.startswith("(") and s.endswith(")")):
        raise _baht_error(value, "จำนวนเงินติดลบไม่ได้ — ใส่จำนวนเงินที่เป็นบวก",
                          "amounts cannot be negative", "baht.negative")
    s = s.removeprefix("+").lstrip()
    if not _AMOUNT_RE.fullmatch(s):
        if re.fullmatch(r"[0-9][0-9,]*(?:\.[0-9]+)?", s, re.ASCII):
            th, en = ("ใส่เครื่องหมายจุลภาค (,) ผิดตำแหน่ง — คั่นทุก 3 หลัก เช่น 1,234,567.50 "
                      "และใช้จุด (.) เป็นทศนิยม"), \
                     "misplaced thousands separators; use 1,234,567.50"
            raise _baht_error(value, th, en, "baht.format")
        raise _baht_error(value, f"อ่านเป็นตัวเลขไม่ได้ — {_BAHT_HINT_TH}",
                          f"not a number; {_BAHT_HINT_EN}", "baht.format")
    amount = Decimal(s.replace(",", ""))
    return amount * multiplier if multiplier != 1 else amount


def _to_decimal(x: Decimal | int | float) -> Decimal:
    if isinstance(x, bool) or not isinstance(x, (int, float, Decimal)):
        raise TypeError(f"expected a number, got {type(x).__name__}")
    d = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    if not d.is_finite():
        raise ValueError(f"cannot format {x!r}")
    return d


def format_number(x: Decimal | int | float, *, digits: Digits = "arabic",
                  decimals: int | None = None) -> str:
    """``1234567.5`` → ``1,234,567.5``; with ``decimals`` rounded half-up to that many places."""
    d = _to_decimal(x)
    if decimals is not None:
        if decimals < 0:
            raise ValueError("decimals must be >= 0")
        with localcontext() as ctx:  # enough precision for any magnitude
            ctx.prec = max(28, d.adjusted() + decimals + 2)
            d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if d.is_zero():
        d = abs(d)  # no "-0.00"
    return _digits(format(d, ",f"), digits)


def format_baht(x: Decimal | int | float, *, digits: Digits = "arabic", unit: bool = True) -> str:
    """``1234.5`` → ``1,234.50 บาท`` (always two decimals)."""
    text = format_number(x, digits=digits, decimals=2)
    return f"{text} บาท" if unit else text


def parse_int(value: object) -> int:
    """A whole number: ``12``, ``"1,234"``, ``"๑๒"``, ``12.0``."""
    if _is_number(value):
        assert isinstance(value, (int, float, Decimal))
        if isinstance(value, int):
            return value
        if _finite(value) and value == int(value):
            return int(value)
    elif isinstance(value, str) and len(value) <= 60:
        s = _clean(value)
        if m := _INT_RE.fullmatch(s):
            n = int(m[2].replace(",", ""))
            return -n if m[1] == "-" else n
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ThaiValueError("ยังไม่ได้กรอกตัวเลข — ใส่จำนวนเต็ม เช่น 12 หรือ 1,234",
                             "the number is empty; write a whole number such as 12",
                             "int.empty")
    raise ThaiValueError(
        f"{_show(value)} ไม่ใช่จำนวนเต็ม — ใส่จำนวนเต็ม เช่น 12 หรือ 1,234 (ไม่มีทศนิยม)",
        f"{_show(value)} is not a whole number; write e.g. 12 or 1,234",
        "int.format",
    )


def parse_number(value: object) -> Decimal:
    """A (possibly negative, possibly fractional) number: ``"1,234.5"``, ``"-๓.๕"``."""
    if _is_number(value):
        assert isinstance(value, (int, float, Decimal))
        if _finite(value):
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, str) and len(value) <= 60:
        s = _clean(value).replace("\u2212", "-")
        if _NUMBER_RE.fullmatch(s):
            return Decimal(s.replace(",", ""))
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ThaiValueError("ยังไม่ได้กรอกตัวเลข — ใส่ตัวเลข เช่น 12.5 หรือ 1,234",
                             "the number is empty; write a number such as 12.5",
                             "number.empty")
    raise ThaiValueError(
        f"{_show(value)} ไม่ใช่ตัวเลข — ใส่ตัวเลข เช่น 12.5 หรือ 1,234",
        f"{_show(value)} is not a number; write e.g. 12.5 or 1,234",
        "number.format",
    )


# --------------------------------------------------------------------------- national / tax id

_DIGIT = r"0-9\u0e50-\u0e59"  # Arabic and Thai digits, for character classes
_D = f"[{_DIGIT}]"
THAI_ID_RE: re.Pattern[str] = re.compile(
    rf"(?<!{_D})(?<!{_D}[-.])"
    rf"{_D}[- ]?{_D}{{4}}[- ]?{_D}{{5}}[- ]?{_D}{{2}}[- ]?{_D}"
    rf"(?!{_D})(?![-.]{_D})"
)
"""13-digit national-id / tax-id candidates in free text (``1234567890123``,
``1-2345-67890-12-3``, Thai digits too).  Confirm each match with :func:`valid_thai_id`."""

_ID_SEPARATORS = str.maketrans({"-": None, "\u2013": None, " ": None})


def thai_id_check_digit(first12: str) -> int:
    """The 13th digit for the first 12 digits (weights 13..2, mod 11)."""
    if not re.fullmatch(r"[0-9]{12}", first12, re.ASCII):
        raise ValueError("expected 12 ASCII digits")
    total = sum(int(c) * (13 - i) for i, c in enumerate(first12))
    return (11 - total % 11) % 10


def _id_digits(s: str) -> str:
    return _clean(s).translate(_ID_SEPARATORS)


def valid_thai_id(s: object) -> bool:
    """True for a 13-digit Thai national id / tax id with a correct check digit;
    dashes, spaces and Thai digits are allowed."""
    try:
        normalize_thai_id(s)
    except ThaiValueError:
        return False
    return True


def normalize_thai_id(s: object) -> str:
    """The 13 digits of a valid Thai national id / tax id, or :class:`ThaiValueError`."""
    example = "1-2345-67890-12-1"
    hint_th = f"เลขประจำตัว 13 หลัก เช่น {example}"
    if isinstance(s, int) and not isinstance(s, bool):
        if 10**12 <= s < 10**13:
            s = str(s)
        else:
            raise ThaiValueError(
                f"เลขประจำตัว {_show(s)} ไม่ครบ 13 หลัก — ถ้าเลขขึ้นต้นด้วย 0 ให้ใส่ในเครื่องหมายคำพูด "
                f'เช่น "0994000123456"',
                f"id {_show(s)} is not 13 digits; quote ids that start with 0",
                "taxid.length",
            )
    if not isinstance(s, str) or not s.strip():
        raise ThaiValueError(f"ยังไม่ได้กรอกเลขประจำตัวที่ถูกต้อง — ใส่{hint_th}",
                             "the id is missing; write the 13-digit id", "taxid.empty")
    digits = _id_digits(s)
    if len(s) > 80 or not re.fullmatch(r"[0-9]+", digits, re.ASCII):
        raise ThaiValueError(
            f"เลขประจำตัว {_show(s)} มีตัวอักษรอื่นปน — ใส่เฉพาะตัวเลข (มีขีด - คั่นได้) เช่น {example}",
            f"id {_show(s)} contains characters other than digits and dashes",
            "taxid.format",
        )
    if len(digits) != 13:
        raise ThaiValueError(
            f"เลขประจำตัว {_show(s)} มี {len(digits)} หลัก แต่ต้องมี 13 หลัก — ตรวจว่าพิมพ์ครบทุกหลัก",
            f"id {_show(s)} has {len(digits)} digits, not 13",
            "taxid.length",
        )
    if thai_id_check_digit(digits[:12]) != int(digits[12]):
        raise ThaiValueError(
            f"เลขประจำตัว {_show(s)} ไม่ถูกต้อง (เลขตรวจสอบหลักสุดท้ายไม่ตรง) — "
            "ตรวจว่าพิมพ์ถูกทุกหลักจากบัตรหรือเอกสารจริง",
            f"id {_show(s)} fails the check-digit test; check every digit",
            "taxid.checksum",
        )
    return digits


# --------------------------------------------------------------------------- phones

_Z = r"[0\u0e50]"
_MOB = r"[689\u0e56\u0e58\u0e59]"
_LAND = r"[2-7\u0e52-\u0e57]"
_S = "[-. ]?"
_LOCAL = (
    rf"{_Z}{_MOB}{_D}{_S}{_D}{{3}}{_S}{_D}{{4}}"          # 081-234-5678
    rf"|{_Z}{_MOB}{_S}{_D}{{4}}{_S}{_D}{{4}}"             # 08-1234-5678
    rf"|{_Z}{_LAND}{_S}{_D}{{3}}{_S}{_D}{{4}}"            # 02-123-4567
    rf"|{_Z}{_LAND}{_D}{_S}{_D}{{3}}{_S}{_D}{{3}}"        # 053-123-456, 053-123456
    rf"|{_Z}{_S}{_LAND}{_D}{{3}}{_S}{_D}{{4}}"            # 0-5312-3456
)
_INTL = (
    rf"(?:\+|00)66{_S}(?:\(0\){_S})?"
    rf"(?:{_MOB}{_D}{_S}{_D}{{3}}{_S}{_D}{{4}}"           # +66 81 234 5678
    rf"|{_MOB}{_S}{_D}{{4}}{_S}{_D}{{4}}"                 # +66 8 1234 5678
    rf"|{_LAND}{_S}{_D}{{3}}{_S}{_D}{{4}}"                # +66 2 123 4567
    rf"|{_LAND}{_D}{_S}{_D}{{3}}{_S}{_D}{{3}})"           # +66 53 123 456
)
PHONE_RE: re.Pattern[str] = re.compile(
    rf"(?<![{_DIGIT}+])(?<!{_D}[-.])(?:{_INTL}|{_LOCAL})(?!{_D})"
)
"""Thai phone numbers in free text: landlines ``02-123-4567``, ``053-123-456``,
``0-5312-3456``; mobiles ``081-234-5678``; ``+66 81 234 5678``; Thai digits too."""

_EXTENSION_RE = re.compile(r"\s*(?:ต่อ|ext\.?|x|#)\s*[0-9].*$", re.IGNORECASE)


def normalize_phone(s: str) -> str:
    """Digits only (a leading ``+`` kept), Thai digits converted, extension dropped:
    ``"๐๘๑-๒๓๔-๕๖๗๘"`` → ``"0812345678"``, ``"+66 2 123 4567"`` → ``"+6621234567"``."""
    s = _EXTENSION_RE.sub("", _clean(s)).strip()
    digits = re.sub(r"[^0-9]", "", s)
    return "+" + digits if s.startswith("+") else digits


def _national(phone: str) -> str:
    """A normalized number in national form (``+66…``/``0066…`` → ``0…``)."""
    for prefix in ("+66", "0066"):
        if phone.startswith(prefix):
            rest = phone.removeprefix(prefix)
            return rest if rest.startswith("0") else "0" + rest
    return phone


def is_mobile(phone: str) -> bool:
    """True for Thai mobile numbers (06x/08x/09x, 10 digits, also as +66…)."""
    n = _national(normalize_phone(phone))
    return len(n) == 10 and n[:2] in ("06", "08", "09")


def parse_phone(value: object) -> str:
    """One Thai phone number, normalized (see :func:`normalize_phone`), or
    :class:`ThaiValueError`.  Accepts landlines (9 digits, 02 to 07), mobiles
    (10 digits, 06/08/09), ``+66`` forms and 4-digit hotlines (1xxx)."""
    hint_th = "เขียนเบอร์โทรศัพท์หนึ่งเบอร์ เช่น 02-123-4567, 053-123-456 หรือ 081-234-5678"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ThaiValueError(
            f"เบอร์โทรศัพท์ {_show(value)} ถูกอ่านเป็นตัวเลข ทำให้เลข 0 ข้างหน้าหาย — "
            f'ใส่เบอร์ในเครื่องหมายคำพูด เช่น "02-123-4567"',
            f"phone {_show(value)} was read as a number (leading 0 lost); quote it",
            "phone.type",
        )
    if not isinstance(value, str) or not value.strip():
        raise ThaiValueError(f"ยังไม่ได้กรอกเบอร์โทรศัพท์ — {hint_th}",
                             "the phone number is empty", "phone.empty")
    if len(value) <= 60:
        cleaned = _clean(value)
        if not re.search(r"[^0-9+()\-. ]", _EXTENSION_RE.sub("", cleaned)):
            phone = normalize_phone(cleaned)
            n = _national(phone)
            if ((len(n) == 9 and re.fullmatch(r"0[2-7][0-9]{7}", n))
                    or (len(n) == 10 and re.fullmatch(r"0[689][0-9]{8}", n))
                    or (phone == n and re.fullmatch(r"1[0-9]{3}", n))):
                return phone
    raise ThaiValueError(
        f"เบอร์โทรศัพท์ {_show(value)} ไม่ถูกต้อง — {hint_th} "
        "(เบอร์บ้าน 9 หลัก เบอร์มือถือ 10 หลัก ถ้ามีหลายเบอร์ให้แยกช่อง)",
        f"phone {_show(value)} is not a Thai number (landline 9 digits, mobile 10 digits, "
        "one number per field)",
        "phone.format",
    )


# --------------------------------------------------------------------------- sorting

_LEADING_VOWEL_RE = re.compile(r"([เ-ไ])([ก-ฮ])")
_TONES_RE = re.compile(r"[็-๎]")  # mai taikhu, tone marks, thanthakhat, nikhahit, yamakkan


def thai_sort_key(s: str) -> tuple[str, str]:
    """Key for (approximate) Thai dictionary order.

    Leading vowels เ แ โ ใ ไ are moved after their consonant (``เก`` sorts as
    ``กเ``), tone marks are ignored at first and only break ties, Thai digits sort
    like Arabic ones and Latin letters ignore case.
    """
    swapped = _LEADING_VOWEL_RE.sub(r"\2\1", to_arabic_digits(s).casefold())
    return _TONES_RE.sub("", swapped), swapped

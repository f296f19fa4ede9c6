"""Days on the Gregorian, Hijri (Umm al-Qura) and Jalali calendars, and how they are written."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wasit import dates
from wasit.dates import Calendar, CalendarDate, Digits, OutOfRange, UnknownZone

RAMADAN_1445 = dt.date(2024, 3, 11)
NOWRUZ_1403 = dt.date(2024, 3, 20)


def test_first_of_ramadan_1445_is_the_eleventh_of_march_2024() -> None:
    assert dates.convert(RAMADAN_1445, Calendar.HIJRI) == CalendarDate(Calendar.HIJRI, 1445, 9, 1)
    assert dates.to_gregorian(CalendarDate(Calendar.HIJRI, 1445, 9, 1)) == RAMADAN_1445
    # The day before is still Sha'ban.
    assert dates.convert(RAMADAN_1445 - dt.timedelta(days=1), "hijri").month == 8


def test_first_of_farvardin_1403_is_the_twentieth_of_march_2024() -> None:
    assert dates.convert(NOWRUZ_1403, Calendar.JALALI) == CalendarDate(Calendar.JALALI, 1403, 1, 1)
    assert dates.to_gregorian(CalendarDate(Calendar.JALALI, 1403, 1, 1)) == NOWRUZ_1403
    assert dates.convert(NOWRUZ_1403 - dt.timedelta(days=1), "jalali") == CalendarDate(
        Calendar.JALALI, 1402, 12, 29)


def test_the_muscat_round_of_january_2024_on_each_calendar() -> None:
    day = dt.date(2024, 1, 10)
    assert dates.format_date(day) == "10 January 2024"
    assert dates.format_date(day, calendar="hijri", language="en") == "28 Jumada al-Akhirah 1445 AH"
    assert dates.format_date(day, calendar="jalali", language="en") == "20 Dey 1402 SH"


@pytest.mark.parametrize(("calendar", "language", "digits", "expected"), [
    ("hijri", "en", "western", "1 Ramadan 1445 AH"),
    ("hijri", "ar", "arabic_indic", "١ رمضان ١٤٤٥ هـ"),
    ("hijri", "fa", "persian", "۱ رمضان ۱۴۴۵ ق"),
    ("gregorian", "en", "western", "11 March 2024"),
    ("gregorian", "ar", "arabic_indic", "١١ مارس ٢٠٢٤"),
    ("gregorian", "fa", "persian", "۱۱ مارس ۲۰۲۴"),
    ("gregorian", "ar", "western", "11 مارس 2024"),
])
def test_first_of_ramadan_written_in_each_language(calendar: str, language: str, digits: str,
                                                    expected: str) -> None:
    assert dates.format_date(RAMADAN_1445, calendar=calendar, language=language, digits=digits) == expected


@pytest.mark.parametrize(("language", "digits", "expected"), [
    ("en", "western", "1 Farvardin 1403 SH"),
    ("ar", "arabic_indic", "١ فروردين ١٤٠٣ هـ.ش"),
    ("fa", "persian", "۱ فروردین ۱۴۰۳ ش"),
])
def test_nowruz_written_in_each_language(language: str, digits: str, expected: str) -> None:
    assert dates.format_date(NOWRUZ_1403, calendar="jalali", language=language, digits=digits) == expected


def test_month_names_are_the_real_ones() -> None:
    assert [dates.month_name("gregorian", 1, lang) for lang in ("en", "ar", "fa")] == [
        "January", "يناير", "ژانویه"]
    assert [dates.month_name("hijri", 9, lang) for lang in ("en", "ar", "fa")] == ["Ramadan", "رمضان", "رمضان"]
    assert [dates.month_name("jalali", 1, lang) for lang in ("en", "ar", "fa")] == [
        "Farvardin", "فروردين", "فروردین"]
    assert dates.month_name("jalali", 12, "fa") == "اسفند"
    assert dates.month_name("hijri", 12, "ar") == "ذو الحجة"
    # A regional variant reads as its language; an unknown language as English.
    assert dates.month_name("gregorian", 5, "ar-om") == "مايو"
    assert dates.month_name("gregorian", 5, "de") == "May"
    with pytest.raises(ValueError, match="1 to 12"):
        dates.month_name("hijri", 13, "en")


def test_arabic_and_persian_digits_differ_where_they_should() -> None:
    assert dates.with_digits("0123456789", Digits.ARABIC_INDIC) == "٠١٢٣٤٥٦٧٨٩"
    assert dates.with_digits("0123456789", Digits.PERSIAN) == "۰۱۲۳۴۵۶۷۸۹"
    assert dates.with_digits("4 5 6", Digits.ARABIC_INDIC) != dates.with_digits("4 5 6", Digits.PERSIAN)
    assert dates.native_digits("ar") is Digits.ARABIC_INDIC
    assert dates.native_digits("fa") is Digits.PERSIAN
    assert dates.native_digits("en") is Digits.WESTERN


def test_a_moment_is_shown_as_it_is_in_the_zone_asked_for() -> None:
    # 22:30 UTC on 19 March is already Nowruz in Tehran (UTC+3:30).
    moment = dt.datetime(2024, 3, 19, 22, 30, tzinfo=dt.UTC)
    assert dates.format_datetime(moment, zone_name="Asia/Tehran", calendar="jalali", language="fa",
                                 digits="persian") == "۱ فروردین ۱۴۰۳ ش، ۰۲:۰۰"
    assert dates.format_datetime(moment, zone_name="UTC", calendar="jalali", language="en") == \
        "29 Esfand 1402 SH, 22:30"
    assert dates.format_time(moment, zone_name="Asia/Muscat", digits="arabic_indic") == "٠٢:٣٠"
    assert dates.local_date(moment, "Asia/Tehran") == NOWRUZ_1403


def test_a_naive_moment_or_an_unknown_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        dates.format_time(dt.datetime(2024, 3, 19, 22, 30))  # noqa: DTZ001 (the point of the test)
    for name in ("Mars/Olympus", "", "../etc/passwd", "x" * 100):
        with pytest.raises(UnknownZone):
            dates.zone(name)


def test_the_edges_of_the_range_are_shown_and_a_day_beyond_is_refused_clearly() -> None:
    assert dates.convert(dates.FIRST_DAY, "hijri") == CalendarDate(Calendar.HIJRI, 1343, 1, 1)
    assert dates.convert(dates.LAST_DAY, "hijri") == CalendarDate(Calendar.HIJRI, 1500, 12, 30)
    assert dates.convert(dates.LAST_DAY, "jalali").year == 1456
    for beyond in (dates.FIRST_DAY - dt.timedelta(days=1), dates.LAST_DAY + dt.timedelta(days=1)):
        assert not dates.supported(beyond)
        for calendar in ("hijri", "jalali"):
            with pytest.raises(OutOfRange, match="outside the days every calendar can show"):
                dates.format_date(beyond, calendar=calendar)
        # The Gregorian calendar needs no table: it still shows the day.
        assert dates.format_date(beyond) == f"{beyond.day} {dates.month_name('gregorian', beyond.month, 'en')} {beyond.year}"
    with pytest.raises(OutOfRange):
        dates.to_gregorian(CalendarDate(Calendar.HIJRI, 1501, 1, 1))
    with pytest.raises(OutOfRange):
        dates.to_gregorian(CalendarDate(Calendar.JALALI, 1300, 1, 1))


def test_an_impossible_day_is_refused() -> None:
    with pytest.raises(ValueError):
        dates.to_gregorian(CalendarDate(Calendar.JALALI, 1403, 13, 1))
    with pytest.raises(ValueError):
        dates.to_gregorian(CalendarDate(Calendar.HIJRI, 1445, 9, 31))


@given(st.dates(min_value=dates.FIRST_DAY, max_value=dates.LAST_DAY),
       st.sampled_from(list(Calendar)))
def test_every_supported_day_goes_there_and_back(day: dt.date, calendar: Calendar) -> None:
    assert dates.to_gregorian(dates.convert(day, calendar)) == day


@given(st.dates(min_value=dates.FIRST_DAY, max_value=dates.LAST_DAY - dt.timedelta(days=1)),
       st.sampled_from([Calendar.HIJRI, Calendar.JALALI]))
def test_the_next_day_is_the_next_day_on_every_calendar(day: dt.date, calendar: Calendar) -> None:
    today, tomorrow = dates.convert(day, calendar), dates.convert(day + dt.timedelta(days=1), calendar)
    assert (tomorrow.year, tomorrow.month, tomorrow.day) > (today.year, today.month, today.day)
    assert tomorrow.day == today.day + 1 or tomorrow.day == 1

from datetime import date, datetime
from zoneinfo import ZoneInfo

from veilignet.network.workdays import (
    add_working_days,
    compute_due,
    dutch_holidays,
    easter_sunday,
    is_working_day,
    working_days_between,
)

AMS = ZoneInfo("Europe/Amsterdam")


def test_easter_dates():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)


def test_dutch_holidays_2026():
    h = dutch_holidays(2026)
    assert h[date(2026, 4, 27)] == "Koningsdag"
    assert date(2026, 4, 6) in h  # Tweede Paasdag
    assert date(2026, 5, 14) in h  # Hemelvaartsdag
    assert date(2026, 5, 25) in h  # Tweede Pinksterdag
    assert date(2026, 12, 25) in h and date(2026, 12, 26) in h
    assert date(2026, 4, 3) not in h  # Goede Vrijdag is not a general holiday


def test_koningsdag_moves_to_saturday_when_27_april_is_sunday():
    # 27 April 2025 is a Sunday
    assert dutch_holidays(2025)[date(2025, 4, 26)] == "Koningsdag"
    assert date(2025, 4, 27) not in dutch_holidays(2025)


def test_working_days_skip_koningsdag():
    # Thursday 23 April 2026 + 5 working days: Fri 24, Tue 28, Wed 29, Thu 30, Fri 1 May (Mon 27 is Koningsdag)
    assert add_working_days(date(2026, 4, 23), 5) == date(2026, 5, 1)
    assert not is_working_day(date(2026, 4, 27))


def test_working_days_over_christmas_and_new_year():
    # Wednesday 23 Dec 2026: Thu 24, (25, 26 holidays; 26/27 weekend), Mon 28, Tue 29, Wed 30, Thu 31
    assert add_working_days(date(2026, 12, 23), 5) == date(2026, 12, 31)
    # one more skips Nieuwjaarsdag (Fri 1 Jan 2027) and the weekend
    assert add_working_days(date(2026, 12, 23), 6) == date(2027, 1, 4)
    assert working_days_between(date(2026, 12, 23), date(2027, 1, 4)) == 6


def test_compute_due_keeps_time_of_day_and_dst():
    start = datetime(2026, 3, 27, 10, 30, tzinfo=AMS)  # Friday before the switch to summer time
    due = compute_due(start, 5, "werkdagen")
    assert due == datetime(2026, 4, 3, 10, 30, tzinfo=AMS)
    assert due.utcoffset().total_seconds() == 7200
    assert compute_due(start, 7, "kalenderdagen") == datetime(2026, 4, 3, 10, 30, tzinfo=AMS)
    assert compute_due(start, 10, "weken") == datetime(2026, 6, 5, 10, 30, tzinfo=AMS)


def test_start_on_weekend_counts_from_next_working_day():
    saturday = datetime(2026, 11, 21, 9, 0, tzinfo=AMS)
    assert compute_due(saturday, 1, "werkdagen").date() == date(2026, 11, 23)
    assert compute_due(saturday, 5, "werkdagen").date() == date(2026, 11, 27)

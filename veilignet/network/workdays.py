"""Working days and Dutch public holidays, without Django (unit-tested directly).

Which days count as holidays: the days of the Algemene termijnenwet (art. 3), the law that says how
a statutory term in days is extended when it ends on a weekend or holiday, and which the Wmo
implementing decree's "5 dagen" for Veilig Thuis is read against (SYSTEM.md §6):
Nieuwjaarsdag, Tweede Paasdag, Hemelvaartsdag, Tweede Pinksterdag, Koningsdag (27 April, or 26 April
when the 27th is a Sunday), Bevrijdingsdag (5 May, every year), Eerste en Tweede Kerstdag. Goede
Vrijdag is not a general holiday and is not excluded. Eerste Paasdag and Eerste Pinksterdag always
fall on a Sunday and are excluded as such.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

DAYS = "kalenderdagen"
WORKING_DAYS = "werkdagen"
WEEKS = "weken"
UNITS = (DAYS, WORKING_DAYS, WEEKS)


def easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=256)
def dutch_holidays(year: int) -> dict[date, str]:
    easter = easter_sunday(year)
    kingsday = date(year, 4, 27)
    if kingsday.weekday() == 6:  # Sunday → Saturday the 26th
        kingsday = date(year, 4, 26)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter: "Eerste Paasdag",
        easter + timedelta(days=1): "Tweede Paasdag",
        kingsday: "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=49): "Eerste Pinksterdag",
        easter + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }


def is_holiday(day: date) -> bool:
    return day in dutch_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (day itself never counts; n=0 returns day)."""
    current = day
    remaining = n
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after start up to and including end (0 when end <= start)."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def compute_due(start: datetime, amount: int, unit: str) -> datetime:
    """The due moment of a term of `amount` `unit` starting at `start` (an aware datetime in local
    time). The time of day is kept: a report received Friday 10:00 with 5 working days is due the
    next Friday 10:00; a start on a weekend or holiday counts from the next working day."""
    if unit == DAYS:
        return _same_wall_time(start, start.date() + timedelta(days=amount))
    if unit == WEEKS:
        return _same_wall_time(start, start.date() + timedelta(weeks=amount))
    if unit == WORKING_DAYS:
        return _same_wall_time(start, add_working_days(start.date(), amount))
    raise ValueError(f"unknown unit {unit!r}")


def _same_wall_time(start: datetime, day: date) -> datetime:
    naive = datetime.combine(day, start.time().replace(tzinfo=None))
    tz = start.tzinfo
    if tz is None:
        return naive
    if hasattr(tz, "localize"):  # pytz-style (not expected, but harmless)
        return tz.localize(naive)
    return naive.replace(tzinfo=tz)

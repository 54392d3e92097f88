"""The one place that knows which day it is for the teams (Dutch local time)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

TEAM_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def local_today() -> date:
    """Today's date in the Netherlands and Flanders."""
    return datetime.now(TEAM_TIMEZONE).date()


def local_midnight_utc(day: date) -> datetime:
    """The first instant of DAY in the teams' time zone, in UTC (a period's bound)."""
    return datetime.combine(day, time(0), tzinfo=TEAM_TIMEZONE).astimezone(UTC)


# Days the app works with. Outside them a date is a typing slip, and the edges of
# Python's calendar (year 1, year 9999) overflow as soon as a time zone is applied.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


def is_workable_day(day: date) -> bool:
    """True for a day between FIRST_DAY and LAST_DAY."""
    return FIRST_DAY <= day <= LAST_DAY

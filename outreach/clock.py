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

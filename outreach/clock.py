"""The one place that knows which day it is for the teams (Dutch local time)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

TEAM_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def local_today() -> date:
    """Today's date in the Netherlands and Flanders."""
    return datetime.now(TEAM_TIMEZONE).date()

"""Default due dates per kind of follow-up, counted in working days.

Working days skip weekends and the country's public holidays (the `holidays` package,
NL unless FOLLOWUP_HOLIDAY_COUNTRY says BE), because "terugbellen binnen 5 werkdagen"
is what the team promises residents and partners.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask import current_app

from ...extensions import db
from ...models import ServiceLevel
from ...models.enums import FollowUpKind
from ..errors import Invalid

MAX_WORKING_DAYS = 90


@lru_cache(maxsize=8)
def _holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year))


def holiday_country() -> str:
    """The country whose public holidays are not working days."""
    return current_app.config.get("FOLLOWUP_HOLIDAY_COUNTRY", "NL")


def is_working_day(day: date, country: str = "NL") -> bool:
    """True when DAY is a weekday and not a public holiday in COUNTRY."""
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def add_working_days(start: date, days: int, country: str = "NL") -> date:
    """The date DAYS working days after START (START itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, country):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, country: str = "NL") -> int:
    """Working days after START up to and including END (0 when END <= START)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, country):
            count += 1
    return count


def service_levels() -> dict[FollowUpKind, int]:
    """Working days per kind, as the team lead set them."""
    rows = db.session.execute(db.select(ServiceLevel.kind, ServiceLevel.working_days)).all()
    return {kind: days for kind, days in rows}


def default_due_date(kind: FollowUpKind, made_on: date, *,
                     levels: dict[FollowUpKind, int] | None = None) -> date | None:
    """The due date a new follow-up of KIND made on MADE_ON gets when none was given.

    LEVELS: service_levels() read once by a caller with many follow-ups (a sync batch).
    """
    days = (service_levels() if levels is None else levels).get(FollowUpKind(kind))
    if days is None:
        return None
    return add_working_days(made_on, days, holiday_country())


def set_service_levels(levels: dict[str, int], actor) -> None:
    """Store working days per kind (1-90 each); one transaction."""
    from ..audit import record_event

    errors = {}
    for kind, days in levels.items():
        if kind not in FollowUpKind.__members__:
            errors[kind] = ["Onbekende soort opvolging."]
        elif not isinstance(days, int) or not 1 <= days <= MAX_WORKING_DAYS:
            errors[kind] = [f"Kies 1 tot {MAX_WORKING_DAYS} werkdagen."]
    if errors:
        raise Invalid("Niet opgeslagen: controleer de werkdagen.", errors)
    for kind, days in levels.items():
        db.session.merge(ServiceLevel(kind=FollowUpKind(kind), working_days=days))
    record_event("followup.service_levels", actor, details={"levels": levels})
    db.session.commit()

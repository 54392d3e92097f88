"""Filters of the planning maps and exports: period, round kind, help-question category, buurt."""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ..clock import local_midnight_utc
from ..extensions import db
from ..models import Buurt
from ..models.enums import HelpCategory, RoundKind
from .errors import NotFound

DEFAULT_DAYS = 90


@dataclass(frozen=True)
class PlanFilter:
    """What the coordinator chose; dates are Dutch calendar days, both ends included."""

    date_from: date
    date_to: date
    today: date
    round_kind: RoundKind | None = None
    category: HelpCategory | None = None
    buurt_code: str | None = None

    @classmethod
    def default(cls, today: date) -> "PlanFilter":
        """The last 90 days up to TODAY, everything else unfiltered."""
        return cls(date_from=today - timedelta(days=DEFAULT_DAYS), date_to=today, today=today)

    def with_buurt(self, code: str | None) -> "PlanFilter":
        """The same filter for buurt CODE (None: the whole municipality)."""
        return replace(self, buurt_code=code)

    @property
    def start(self) -> datetime:
        """First instant of the period (local midnight of date_from), in UTC."""
        return local_midnight_utc(self.date_from)

    @property
    def end(self) -> datetime:
        """First instant after the period (local midnight after date_to), in UTC."""
        return local_midnight_utc(self.date_to + timedelta(days=1))

    def sql_params(self) -> dict:
        """Bind parameters shared by the planning queries."""
        return {"start": self.start, "end": self.end, "end_date": self.date_to,
                "today": self.today, "kind": self.round_kind and self.round_kind.value,
                "category": self.category and self.category.value}

    def describe(self) -> dict:
        """The filter as plain values (audit details, export file names)."""
        return {"van": self.date_from.isoformat(), "tot": self.date_to.isoformat(),
                "soort": self.round_kind and self.round_kind.value,
                "hulpvraag": self.category and self.category.value, "buurt": self.buurt_code}


def contact_conditions(plan_filter: PlanFilter, alias: str = "c", *,
                       since_start: bool = True, any_kind: bool = False) -> str:
    """SQL conditions (AND-ed) that keep contacts in the filter's period and round kind.

    Without SINCE_START only the period's end applies: "last visit" looks back past
    the period's start, or a street visited 100 days ago would read as never visited.
    With ANY_KIND the round kind is left out (was the buurt visited at all?). The
    help-question category never applies here: coverage is about whom we met.
    """
    parts = [f"{alias}.recorded_at < :end"]
    if since_start:
        parts.append(f"{alias}.recorded_at >= :start")
    if not any_kind:
        parts.append(kind_condition(plan_filter, alias))
    return " AND ".join(parts)


def kind_condition(plan_filter: PlanFilter, alias: str = "c") -> str:
    """SQL condition: the contact belongs to a round of the filter's kind (TRUE: any)."""
    if plan_filter.round_kind is None:
        return "TRUE"
    return f"{alias}.round_id IN (SELECT id FROM rounds WHERE kind = :kind)"


def find_buurt(code: str) -> Buurt:
    """The buurt with CODE; NotFound otherwise."""
    buurt = db.session.scalar(select(Buurt).where(Buurt.code == code))
    if buurt is None:
        raise NotFound(f"Buurt {code} bestaat niet.")
    return buurt


def buurt_choices() -> list[tuple[str, str]]:
    """(code, name) of every buurt, by name, for the filter form."""
    return [(code, name) for code, name in db.session.execute(
        select(Buurt.code, Buurt.name).order_by(Buurt.name, Buurt.code))]

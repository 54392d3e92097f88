"""One buurt at a glance: CBS key figures beside what the rounds found there."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text

from ..extensions import db
from ..models import Buurt
from ..models.enums import HelpCategory, RoundKind, RoundStatus
from .coverage import BuurtCoverage, StreetCoverage, buurt_coverage, street_coverage
from .plan_filter import PlanFilter, contact_conditions

# CBS kerncijfers worth showing first, in this order; others follow by key.
KEY_FIGURE_ORDER = ("aantal_inwoners", "aantal_huishoudens", "bevolkingsdichtheid",
                    "oppervlakte_ha", "inw_0_15", "inw_15_25", "inw_25_45", "inw_45_65",
                    "inw_65_plus", "pct_koopwoningen", "pct_huurwoningen",
                    "gem_inkomen_per_inwoner_x1000")
STREET_SORTS = ("naam", "laatste_bezoek", "hulpvragen")


@dataclass
class LastRound:
    date: date
    kind: RoundKind
    status: RoundStatus
    title: str | None


@dataclass
class BuurtProfile:
    """Our figures for one buurt in the filter's period."""

    buurt: Buurt
    coverage: BuurtCoverage  # doors, streets, coffee-spot reach: services/coverage.py
    help_questions: dict[HelpCategory, int]
    follow_ups_open: int
    follow_ups_overdue: int
    last_round: LastRound | None
    streets: list[StreetCoverage] = field(default_factory=list)

    @property
    def street_contacts(self) -> int:
        """Contacts on the street (setting straat): neither at a door nor at the coffee spot."""
        c = self.coverage
        return c.contacts - c.door_contacts - c.visitors

    @property
    def help_questions_total(self) -> int:
        return sum(self.help_questions.values())

    def key_figures(self) -> list[tuple[str, object]]:
        """CBS key figures as (key, value): the known ones first, then the rest by key."""
        figures = self.buurt.key_figures or {}
        known = [(k, figures[k]) for k in KEY_FIGURE_ORDER if k in figures]
        rest = sorted((k, v) for k, v in figures.items() if k not in KEY_FIGURE_ORDER)
        return known + rest


def sort_streets(streets: list[StreetCoverage], sort: str) -> list[StreetCoverage]:
    """STREETS by name, by last visit (never visited first) or by help questions (most first)."""
    if sort == "laatste_bezoek":
        return sorted(streets, key=lambda s: (s.last_visit is not None,
                                              s.last_visit.timestamp() if s.last_visit else 0,
                                              s.name))
    if sort == "hulpvragen":
        return sorted(streets, key=lambda s: (-s.help_questions, s.name))
    return sorted(streets, key=lambda s: s.name)


_QUESTIONS_SQL = """
SELECT hq.category, count(*)
FROM help_questions hq JOIN contacts c ON c.id = hq.contact_id
WHERE c.buurt_id = :buurt_id AND {contacts}
GROUP BY hq.category
"""

# Running follow-ups count whatever their age: an old open case is what matters most.
_FOLLOW_UPS_SQL = """
SELECT count(*) FILTER (WHERE fu.status IN ('open', 'bezig', 'overgedragen')),
       count(*) FILTER (WHERE fu.status IN ('open', 'bezig') AND fu.due_date < :today)
FROM follow_ups fu JOIN contacts c ON c.id = fu.contact_id
WHERE c.buurt_id = :buurt_id
"""

_LAST_ROUND_SQL = """
SELECT r.date, r.kind, r.status, r.title
FROM rounds r JOIN round_buurten rb ON rb.round_id = r.id
WHERE rb.buurt_id = :buurt_id AND r.date <= :today {kind}
ORDER BY r.date DESC, r.id DESC LIMIT 1
"""


def buurt_profile(buurt: Buurt, plan_filter: PlanFilter, *,
                  street_sort: str = "naam") -> BuurtProfile:
    """Figures, coverage and street table of BUURT for the filter's period and round kind."""
    params = {**plan_filter.sql_params(), "buurt_id": buurt.id}
    contacts = contact_conditions(plan_filter)
    questions = {HelpCategory(k): n for k, n in db.session.execute(
        text(_QUESTIONS_SQL.format(contacts=contacts)), params)}
    open_, overdue = db.session.execute(text(_FOLLOW_UPS_SQL), params).one()
    kind = "AND r.kind = :kind" if plan_filter.round_kind else ""
    row = db.session.execute(text(_LAST_ROUND_SQL.format(kind=kind)), params).first()
    last_round = (LastRound(row[0], RoundKind(row[1]), RoundStatus(row[2]), row[3])
                  if row else None)
    coverage = buurt_coverage(plan_filter, buurt_id=buurt.id)[0]
    streets = sort_streets(street_coverage(plan_filter, buurt_id=buurt.id), street_sort)
    return BuurtProfile(buurt=buurt, coverage=coverage,
                        help_questions=dict(sorted(questions.items(), key=lambda kv: -kv[1])),
                        follow_ups_open=open_, follow_ups_overdue=overdue,
                        last_round=last_round, streets=streets)

"""The raw figures of the impact report, each aggregated in PostgreSQL.

Definitions (the page's explanation says the same in Dutch):

* Contacts count by `recorded_at` in the period; a buurt's are those with its buurt_id.
* Doors knocked: contacts at the door (setting `deur`). Doors opened: of those, the ones
  with outcome `open_geen_gesprek` or `gesprek`, so "opened / knocked" is a real share.
  Conversations: outcome `gesprek` in any setting. Coffee-spot contacts: setting
  `koffieplek`. Streets reached: distinct streets with at least one contact.
* Help questions and talents belong to a contact in the period.
* Follow-ups belong to the buurt of their contact (the municipality: every follow-up).
  Opened: created in the period. Closed: status `afgerond` with `closed_at` in the period
  (cancelled ones are not "closed"). Overdue: at the end of the reference day (the
  period's last day, or today if earlier) not yet final and past its due date.
  Closed on time: closed (as above) on or before its due date. Median days to close:
  created -> closed of those closed in the period.
* Handovers: follow-ups with `handed_over_at` in the period, per partner, with the
  outcome the partner confirmed (none yet, contact gelegd, opgepakt, afgerond).
* Talent "followed up": a talent whose resident wants to take part and whose contact
  has at least one follow-up (of any status, made at any time): someone picked it up.
* Rounds held: rounds dated in the period, not after the reference day, for the buurt
  (the municipality: all), that are under way or done or have contacts recorded.

Six queries whatever the size: the period's contacts are read once, for the team's work
(one pass, FILTER clauses); help questions and talents are counted from their own rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from ...extensions import db
from ...models.enums import HelpCategory, PartnerOutcome, RoundKind, TalentKind, Urgency
from .period import ReportPeriod

# Counts that add up over buurten: summed for the municipality. Shares, densities and
# averages do not add up; density is worked out again from the sums.
SUMMABLE_KEYS = frozenset({"oppervlakte_ha"})


@dataclass
class AreaActivity:
    """The team's work in one buurt (or, summed, the whole selection)."""

    buurt_code: str | None = None
    buurt_name: str | None = None
    doors_knocked: int = 0
    doors_opened: int = 0
    conversations: int = 0
    coffee_contacts: int = 0
    contacts: int = 0
    streets_reached: int = 0


@dataclass
class Handovers:
    partner_id: int | None
    partner_name: str
    outcomes: dict[str | None, int]  # PartnerOutcome value or None (no answer yet) -> count

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())


@dataclass
class TalentCounts:
    found: int = 0
    wants_to_participate: int = 0
    followed_up: int = 0


@dataclass
class FollowUpCounts:
    opened: int = 0
    closed: int = 0
    overdue: int = 0
    closed_with_due: int = 0
    closed_on_time: int = 0
    median_days_to_close: float | None = None


@dataclass
class ReportFigures:
    """Every raw (unprotected) figure of one selection and period."""

    activity: AreaActivity
    per_buurt: list[AreaActivity]
    help_questions: dict[HelpCategory, dict[Urgency, int]]
    talents: dict[TalentKind, TalentCounts]
    follow_ups: FollowUpCounts
    handovers: list[Handovers]
    rounds: dict[RoundKind, int]


def _buurt_clause(buurt_id: int | None, alias: str = "c") -> str:
    return f"AND {alias}.buurt_id = :buurt_id" if buurt_id is not None else ""


# Per street first (to count distinct streets with a hash aggregate), then per buurt.
_ACTIVITY_SQL = """
WITH per_street AS (
  SELECT c.buurt_id, c.street_id,
         count(*) FILTER (WHERE c.setting = 'deur') AS knocked,
         count(*) FILTER (WHERE c.setting = 'deur'
                          AND c.outcome IN ('open_geen_gesprek', 'gesprek')) AS opened,
         count(*) FILTER (WHERE c.outcome = 'gesprek') AS talks,
         count(*) FILTER (WHERE c.setting = 'koffieplek') AS coffee,
         count(*) AS contacts
    FROM contacts c
   WHERE c.recorded_at >= :start AND c.recorded_at < :end {buurt}
   GROUP BY c.buurt_id, c.street_id
)
SELECT b.code, b.name, sum(knocked)::int, sum(opened)::int, sum(talks)::int, sum(coffee)::int,
       sum(contacts)::int, count(street_id)::int
  FROM per_street p JOIN buurten b ON b.id = p.buurt_id
 GROUP BY b.code, b.name
 ORDER BY b.name, b.code
"""

# Help questions and talents carry their contact's recorded_at and buurt_id (a trigger
# keeps them, migration 0007): counting them does not read the period's contacts again.
_ITEMS_SQL = """
SELECT i.source, i.kind, i.urgency, count(*), count(*) FILTER (WHERE i.wants),
       count(*) FILTER (WHERE i.wants AND EXISTS (
           SELECT 1 FROM follow_ups fu WHERE fu.contact_id = i.contact_id))
  FROM (SELECT 'hulpvraag' AS source, contact_id, category AS kind, urgency, false AS wants,
               recorded_at, buurt_id
          FROM help_questions
        UNION ALL
        SELECT 'talent', contact_id, kind, NULL, wants_to_participate, recorded_at, buurt_id
          FROM talents) i
 WHERE i.recorded_at >= :start AND i.recorded_at < :end {buurt}
 GROUP BY i.source, i.kind, i.urgency
"""

_CLOSED = "fu.status = 'afgerond' AND fu.closed_at >= :start AND fu.closed_at < :end"
_FOLLOW_UP_SQL = f"""
SELECT count(*) FILTER (WHERE fu.created_at >= :start AND fu.created_at < :end),
       count(*) FILTER (WHERE {_CLOSED}),
       count(*) FILTER (WHERE fu.created_at < :ref_end
                        AND (fu.closed_at IS NULL OR fu.closed_at >= :ref_end)
                        AND fu.due_date < :ref_date),
       count(*) FILTER (WHERE {_CLOSED} AND fu.due_date IS NOT NULL),
       count(*) FILTER (WHERE {_CLOSED} AND fu.due_date IS NOT NULL
                        AND (fu.closed_at AT TIME ZONE 'Europe/Amsterdam')::date
                            <= fu.due_date),
       percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM fu.closed_at - fu.created_at) / 86400.0)
           FILTER (WHERE {_CLOSED})
  FROM follow_ups fu {{join}}
 WHERE (fu.created_at < :end OR fu.closed_at >= :start) {{buurt}}
"""

_HANDOVER_SQL = """
SELECT fu.partner_id, coalesce(p.name, ''), fu.partner_outcome, count(*)
  FROM follow_ups fu LEFT JOIN partners p ON p.id = fu.partner_id {join}
 WHERE fu.handed_over_at >= :start AND fu.handed_over_at < :end {buurt}
 GROUP BY fu.partner_id, p.name, fu.partner_outcome
"""

_ROUNDS_SQL = """
SELECT r.kind, count(*)
  FROM rounds r
 WHERE r.date BETWEEN :date_from AND :ref_date {buurt}
   AND (r.status IN ('bezig', 'afgerond')
        OR EXISTS (SELECT 1 FROM contacts c WHERE c.round_id = r.id))
 GROUP BY r.kind
"""

_KEY_FIGURES_SQL = """
SELECT f.key, sum(f.value::text::numeric), count(*)
  FROM buurten b, jsonb_each(b.key_figures) f
 WHERE jsonb_typeof(f.value) = 'number'
   AND (f.key LIKE 'aantal\\_%' OR f.key LIKE 'inw\\_%' OR f.key = ANY(:keys))
 GROUP BY f.key
"""


def _activity(params: dict, buurt_id: int | None) -> list[AreaActivity]:
    rows = db.session.execute(text(_ACTIVITY_SQL.format(buurt=_buurt_clause(buurt_id))),
                              params)
    return [AreaActivity(*row) for row in rows]


def _items(params: dict, buurt_id: int | None) -> tuple[dict, dict]:
    help_questions = {c: dict.fromkeys(Urgency, 0) for c in HelpCategory}
    talents = {k: TalentCounts() for k in TalentKind}
    for source, kind, urgency, n, wants, followed in db.session.execute(
            text(_ITEMS_SQL.format(buurt=_buurt_clause(buurt_id, "i"))), params):
        if source == "hulpvraag":
            help_questions[HelpCategory(kind)][Urgency(urgency)] = n
        else:
            talents[TalentKind(kind)] = TalentCounts(n, wants, followed)
    return help_questions, talents


def _follow_up_scope(buurt_id: int | None) -> dict:
    if buurt_id is None:
        return {"join": "", "buurt": ""}
    return {"join": "JOIN contacts c ON c.id = fu.contact_id", "buurt": _buurt_clause(buurt_id)}


def _follow_ups(params: dict, buurt_id: int | None) -> FollowUpCounts:
    row = db.session.execute(text(_FOLLOW_UP_SQL.format(**_follow_up_scope(buurt_id))),
                             params).one()
    return FollowUpCounts(*row[:5], median_days_to_close=None if row[5] is None
                          else float(row[5]))


def _handovers(params: dict, buurt_id: int | None) -> list[Handovers]:
    partners: dict[int | None, Handovers] = {}
    for partner_id, name, outcome, n in db.session.execute(
            text(_HANDOVER_SQL.format(**_follow_up_scope(buurt_id))), params):
        entry = partners.setdefault(partner_id, Handovers(
            partner_id, name, {None: 0, **{o.value: 0 for o in PartnerOutcome}}))
        entry.outcomes[outcome] = n
    return sorted(partners.values(), key=lambda h: (-h.total, h.partner_name))


def _rounds(params: dict, buurt_id: int | None) -> dict[RoundKind, int]:
    buurt = ("AND r.id IN (SELECT round_id FROM round_buurten WHERE buurt_id = :buurt_id)"
             if buurt_id is not None else "")
    counts = dict.fromkeys(RoundKind, 0)
    for kind, n in db.session.execute(text(_ROUNDS_SQL.format(buurt=buurt)), params):
        counts[RoundKind(kind)] = n
    return counts


def summed_key_figures() -> tuple[dict[str, float | int], int]:
    """CBS counts summed over every buurt (with density worked out again), and the buurten."""
    figures: dict[str, float | int] = {}
    known: dict[str, int] = {}
    for key, total, n in db.session.execute(text(_KEY_FIGURES_SQL),
                                            {"keys": sorted(SUMMABLE_KEYS)}):
        figures[key] = int(total) if total == int(total) else float(total)
        known[key] = n
    count = db.session.scalar(text("SELECT count(*) FROM buurten"))
    area_km2 = figures.get("oppervlakte_ha", 0) / 100
    # Density only when every buurt with residents also has an area, or it would inflate.
    if (figures.get("aantal_inwoners") and area_km2
            and known.get("oppervlakte_ha") == known.get("aantal_inwoners")):
        figures["bevolkingsdichtheid"] = round(figures["aantal_inwoners"] / area_km2)
    return figures, count


def report_figures(period: ReportPeriod, buurt_id: int | None) -> ReportFigures:
    """Every raw figure of the buurt (None: the municipality) in PERIOD."""
    params = {**period.sql_params(), "buurt_id": buurt_id}
    per_buurt = _activity(params, buurt_id)
    total = AreaActivity(
        doors_knocked=sum(a.doors_knocked for a in per_buurt),
        doors_opened=sum(a.doors_opened for a in per_buurt),
        conversations=sum(a.conversations for a in per_buurt),
        coffee_contacts=sum(a.coffee_contacts for a in per_buurt),
        contacts=sum(a.contacts for a in per_buurt),
        streets_reached=sum(a.streets_reached for a in per_buurt))
    help_questions, talents = _items(params, buurt_id)
    return ReportFigures(activity=total, per_buurt=per_buurt, help_questions=help_questions,
                         talents=talents,
                         follow_ups=_follow_ups(params, buurt_id),
                         handovers=_handovers(params, buurt_id),
                         rounds=_rounds(params, buurt_id))

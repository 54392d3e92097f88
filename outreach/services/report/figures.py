"""The raw figures of the impact report, each aggregated in PostgreSQL.

Definitions (the page's explanation says the same in Dutch):

* Contacts count by `recorded_at` in the period; a buurt's are those with its buurt_id.
* Doors knocked: distinct doors (street and door key, docs/coverage.md) with a contact at
  the door (setting `deur`); a door rung three times is one door, and a contact at a door
  without a house number counts as a door of its own. Doors opened: of those, the doors
  where someone opened at least once (outcome `open_geen_gesprek` or `gesprek`), so
  "opened / knocked" is a real share. Conversations: outcome `gesprek` in any setting.
  Coffee-spot contacts: setting `koffieplek`. Streets visited: distinct streets the team
  was in (a contact at a door or on the street: coverage.TEAM_IN_STREET); a coffee
  visitor's home street is reach, not a visit.
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

Every resident count comes in finest cells (one buurt x one category x one urgency,
and so on), each with its count and its cell key: the sum of the records' secret keys
modulo 1 (the Cell Key Method). small_numbers.py rounds each cell once; the page, the
municipality and every total add those rounded cells (see there why).

The period's contacts are read once for the team's work (one pass in door order, FILTER
clauses); help questions, talents and follow-ups are counted from their own rows, which
carry their contact's buurt (kept by triggers, migrations 0007 and 0012).
bench/teamlead.py times each of these queries on a city of a million contacts.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from enum import StrEnum

from flask import current_app
from sqlalchemy import text

from ...extensions import db
from ...models.enums import HelpCategory, RoundKind, TalentKind, Urgency
from ..coverage import TEAM_IN_STREET
from .period import ReportPeriod

# Counts that add up over buurten: summed for the municipality. Shares, densities and
# averages do not add up; density is worked out again from the sums.
SUMMABLE_KEYS = frozenset({"oppervlakte_ha"})
KEY_RANGE = 2 ** 32  # a record key is a 32-bit number; a cell key is their sum mod this


class TalentClass(StrEnum):
    """The three disjoint kinds of talent: found = all three, wants = the last two."""

    geen_deelname = "geen_deelname"  # does not want to take part
    wil_meedoen = "wil_meedoen"  # wants to, no follow-up for the contact yet
    opgevolgd = "opgevolgd"  # wants to, and the contact has a follow-up


class FollowUpMeasure(StrEnum):
    """What a follow-up counts for in the period; closed = the three closed measures."""

    gestart = "gestart"
    te_laat = "te_laat"
    afgerond_op_tijd = "afgerond_op_tijd"
    afgerond_te_laat = "afgerond_te_laat"
    afgerond_zonder_termijn = "afgerond_zonder_termijn"


CLOSED_MEASURES = (FollowUpMeasure.afgerond_op_tijd, FollowUpMeasure.afgerond_te_laat,
                   FollowUpMeasure.afgerond_zonder_termijn)


@dataclass(frozen=True)
class Cell:
    """A finest cell: how many records, and its cell key in [0, 1)."""

    count: int
    key: float


def _cell(count: int, key_sum: int) -> Cell:
    return Cell(int(count), (int(key_sum) % KEY_RANGE) / KEY_RANGE)


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
    streets_visited: int = 0


@dataclass
class Partner:
    partner_id: int | None
    name: str


@dataclass
class ReportFigures:
    """Every raw figure of one selection and period; resident counts as finest cells."""

    activity: AreaActivity
    per_buurt: list[AreaActivity]  # every buurt of the selection, by name, zero included
    # (buurt id, category, urgency) -> cell
    help_questions: dict[tuple[int, HelpCategory, Urgency], Cell]
    # (buurt id, kind, class) -> cell
    talents: dict[tuple[int, TalentKind, TalentClass], Cell]
    # (buurt id or None for a follow-up without contact, measure) -> cell
    follow_ups: dict[tuple[int | None, FollowUpMeasure], Cell]
    median_days_to_close: float | None
    # (buurt id or None, partner id or None, partner outcome or None) -> cell
    handovers: dict[tuple[int | None, int | None, str | None], Cell]
    partners: list[Partner]  # partners with a handover, most handovers first
    rounds: dict[RoundKind, int]
    buurt_ids: list[int] = field(default_factory=list)

    def help_count(self, category: HelpCategory, urgency: Urgency | None = None) -> int:
        """Help questions in CATEGORY (and URGENCY), summed over buurten: the raw count."""
        return sum(c.count for (_b, cat, u), c in self.help_questions.items()
                   if cat == category and urgency in (None, u))

    def talent_count(self, kind: TalentKind, *classes: TalentClass) -> int:
        """Talents of KIND in CLASSES (all when none), summed over buurten."""
        return sum(c.count for (_b, k, t), c in self.talents.items()
                   if k == kind and (not classes or t in classes))

    def follow_up_count(self, *measures: FollowUpMeasure) -> int:
        """Follow-ups counted in MEASURES, summed over buurten."""
        return sum(c.count for (_b, m), c in self.follow_ups.items() if m in measures)

    def handover_count(self, partner_id: int | None, outcome: str | None = "*") -> int:
        """Handovers to PARTNER_ID (with OUTCOME; '*' for any), summed over buurten."""
        return sum(c.count for (_b, p, o), c in self.handovers.items()
                   if p == partner_id and outcome in ("*", o))


def cell_key_salt() -> str:
    """The secret that makes record keys unguessable: derived from SECRET_KEY."""
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"report cell keys",
                    hashlib.sha256).hexdigest()


def _record_key(column: str, kind: str) -> str:
    """SQL for a record's 32-bit secret key: the first 8 hex digits of an md5 of salt+id."""
    return (f"('x' || substr(md5(:salt || '{kind}:' || {column}::text), 1, 8))"
            "::bit(32)::bigint")


def _buurt_clause(buurt_id: int | None, alias: str = "c") -> str:
    return f"AND {alias}.buurt_id = :buurt_id" if buurt_id is not None else ""


# Per door first, then per street, then per buurt; every buurt of the selection is listed,
# those without a contact with zeros. A door is counted once however often it was rung;
# the contacts at a door without a house number (door NULL: one group per street) each
# count as a door of their own. Grouped in this order the period's contacts come straight
# from ix_contacts_buurt_street_door (migration 0012), already grouped: a distinct count
# per street would hash or sort a year's contacts once more.
_OPENED = "c.outcome IN ('open_geen_gesprek', 'gesprek')"
_ACTIVITY_SQL = """
WITH per_door AS (
  SELECT c.buurt_id, c.street_id, c.door,
         count(*) FILTER (WHERE c.setting = 'deur') AS knocks,
         count(*) FILTER (WHERE c.setting = 'deur' AND {opened}) AS opens,
         count(*) FILTER (WHERE c.outcome = 'gesprek') AS talks,
         count(*) FILTER (WHERE c.setting = 'koffieplek') AS coffee,
         count(*) AS contacts,
         bool_or({team}) AS walked
    FROM contacts c
   WHERE c.recorded_at >= :start AND c.recorded_at < :end {buurt}
   GROUP BY c.buurt_id, c.street_id, c.door
), per_street AS (
  SELECT buurt_id, street_id,
         sum(CASE WHEN door IS NULL THEN knocks ELSE least(knocks, 1) END) AS knocked,
         sum(CASE WHEN door IS NULL THEN opens ELSE least(opens, 1) END) AS opened,
         sum(talks) AS talks, sum(coffee) AS coffee, sum(contacts) AS contacts,
         bool_or(walked) AS walked
    FROM per_door GROUP BY buurt_id, street_id
), per_buurt AS (
  SELECT buurt_id, sum(knocked) AS knocked, sum(opened) AS opened, sum(talks) AS talks,
         sum(coffee) AS coffee, sum(contacts) AS contacts,
         count(street_id) FILTER (WHERE walked) AS streets
    FROM per_street GROUP BY buurt_id
)
SELECT b.id, b.code, b.name, coalesce(p.knocked, 0)::int, coalesce(p.opened, 0)::int,
       coalesce(p.talks, 0)::int, coalesce(p.coffee, 0)::int, coalesce(p.contacts, 0)::int,
       coalesce(p.streets, 0)::int
  FROM buurten b LEFT JOIN per_buurt p ON p.buurt_id = b.id
 WHERE true {buurten}
 ORDER BY b.name, b.code
"""

# Help questions and talents carry their contact's recorded_at and buurt_id (a trigger
# keeps them, migration 0007): counting them does not read the period's contacts again.
_ITEMS_SQL = f"""
SELECT i.source, i.buurt_id, i.kind, i.grade, count(*), sum(i.record_key)
  FROM (SELECT 'hulpvraag' AS source, buurt_id, category AS kind, urgency::text AS grade,
               recorded_at, {_record_key("id", "hq")} AS record_key
          FROM help_questions
        UNION ALL
        SELECT 'talent', t.buurt_id, t.kind,
               CASE WHEN NOT t.wants_to_participate THEN 'geen_deelname'
                    WHEN EXISTS (SELECT 1 FROM follow_ups fu WHERE fu.contact_id = t.contact_id)
                    THEN 'opgevolgd' ELSE 'wil_meedoen' END,
               t.recorded_at, {_record_key("t.id", "ta")}
          FROM talents t) i
 WHERE i.recorded_at >= :start AND i.recorded_at < :end {{buurt}}
 GROUP BY i.source, i.buurt_id, i.kind, i.grade
"""

# Follow-ups carry their contact's buurt_id (triggers keep it, migration 0012): none of
# these reads the contacts table. A follow-up counts for up to three measures (started,
# overdue, one way of closing); its record key is summed once per follow-up, in the group
# of follow-ups with the same buurt and measures, and each group then adds to its measures.
_CLOSED = "fu.status = 'afgerond' AND fu.closed_at >= :start AND fu.closed_at < :end"
_CLOSED_DAY = "(fu.closed_at AT TIME ZONE 'Europe/Amsterdam')::date"
_FOLLOW_UP_SQL = f"""
WITH per_class AS (
  SELECT fu.buurt_id,
         fu.created_at >= :start AND fu.created_at < :end AS started,
         fu.created_at < :ref_end AND (fu.closed_at IS NULL OR fu.closed_at >= :ref_end)
           AND fu.due_date < :ref_date AS overdue,
         CASE WHEN {_CLOSED} THEN
           CASE WHEN fu.due_date IS NULL THEN 'afgerond_zonder_termijn'
                WHEN {_CLOSED_DAY} <= fu.due_date THEN 'afgerond_op_tijd'
                ELSE 'afgerond_te_laat' END
         END AS closed,
         count(*) AS n, sum({_record_key("fu.id", "fu")}) AS keys
    FROM follow_ups fu
   WHERE (fu.created_at < :end OR fu.closed_at >= :start) {{buurt}}
   GROUP BY 1, 2, 3, 4
)
SELECT p.buurt_id, m.measure, sum(p.n), sum(p.keys)
  FROM per_class p,
       LATERAL (VALUES ('gestart', p.started), ('te_laat', p.overdue),
                       (p.closed, p.closed IS NOT NULL)) AS m(measure, hit)
 WHERE m.hit
 GROUP BY p.buurt_id, m.measure
"""

_MEDIAN_SQL = f"""
SELECT percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM fu.closed_at - fu.created_at) / 86400.0)
  FROM follow_ups fu
 WHERE {_CLOSED} {{buurt}}
"""

_HANDOVER_SQL = f"""
SELECT fu.buurt_id, fu.partner_id, coalesce(p.name, ''), fu.partner_outcome, count(*),
       sum({_record_key("fu.id", "ho")})
  FROM follow_ups fu LEFT JOIN partners p ON p.id = fu.partner_id
 WHERE fu.handed_over_at >= :start AND fu.handed_over_at < :end {{buurt}}
 GROUP BY fu.buurt_id, fu.partner_id, p.name, fu.partner_outcome
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


def _activity(params: dict, buurt_id: int | None) -> list[tuple[int, AreaActivity]]:
    sql = _ACTIVITY_SQL.format(buurt=_buurt_clause(buurt_id), opened=_OPENED, team=TEAM_IN_STREET,
                               buurten="AND b.id = :buurt_id" if buurt_id is not None else "")
    return [(row[0], AreaActivity(*row[1:])) for row in db.session.execute(text(sql), params)]


def _items(params: dict, buurt_id: int | None) -> tuple[dict, dict]:
    help_questions, talents = {}, {}
    for source, buurt, kind, grade, n, keys in db.session.execute(
            text(_ITEMS_SQL.format(buurt=_buurt_clause(buurt_id, "i"))), params):
        if source == "hulpvraag":
            help_questions[(buurt, HelpCategory(kind), Urgency(grade))] = _cell(n, keys)
        else:
            talents[(buurt, TalentKind(kind), TalentClass(grade))] = _cell(n, keys)
    return help_questions, talents


def _follow_ups(params: dict, buurt_id: int | None) -> tuple[dict, float | None]:
    buurt = _buurt_clause(buurt_id, "fu")
    cells = {(b, FollowUpMeasure(m)): _cell(n, keys) for b, m, n, keys in db.session.execute(
        text(_FOLLOW_UP_SQL.format(buurt=buurt)), params)}
    median = db.session.scalar(text(_MEDIAN_SQL.format(buurt=buurt)), params)
    return cells, None if median is None else float(median)


def _handovers(params: dict, buurt_id: int | None) -> tuple[dict, list[Partner]]:
    cells, names, totals = {}, {}, {}
    for buurt, partner_id, name, outcome, n, keys in db.session.execute(
            text(_HANDOVER_SQL.format(buurt=_buurt_clause(buurt_id, "fu"))), params):
        cells[(buurt, partner_id, outcome)] = _cell(n, keys)
        names[partner_id] = name
        totals[partner_id] = totals.get(partner_id, 0) + n
    # Ordered by name, not by count: an order by true counts would rank hidden ones.
    partners = sorted((Partner(p, names[p]) for p in totals),
                      key=lambda p: (p.name == "", p.name.casefold(), p.partner_id or 0))
    return cells, partners


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
    params = {**period.sql_params(), "buurt_id": buurt_id, "salt": cell_key_salt()}
    activity = _activity(params, buurt_id)
    per_buurt = [a for _id, a in activity]
    total = AreaActivity(
        doors_knocked=sum(a.doors_knocked for a in per_buurt),
        doors_opened=sum(a.doors_opened for a in per_buurt),
        conversations=sum(a.conversations for a in per_buurt),
        coffee_contacts=sum(a.coffee_contacts for a in per_buurt),
        contacts=sum(a.contacts for a in per_buurt),
        streets_visited=sum(a.streets_visited for a in per_buurt))
    help_questions, talents = _items(params, buurt_id)
    follow_ups, median = _follow_ups(params, buurt_id)
    handovers, partners = _handovers(params, buurt_id)
    return ReportFigures(activity=total, per_buurt=per_buurt, help_questions=help_questions,
                         talents=talents, follow_ups=follow_ups, median_days_to_close=median,
                         handovers=handovers, partners=partners,
                         rounds=_rounds(params, buurt_id),
                         buurt_ids=[i for i, _a in activity])

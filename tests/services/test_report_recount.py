"""The report's figures equal a plain recount by their definitions, on generated towns.

The report's SQL is shaped for speed (per door, then per street; follow-ups per buurt
from their own column; a record key summed once per follow-up). The recount below says
the same definitions as plainly as SQL can (count(DISTINCT door) per street, each
follow-up joined to its contact, one row per follow-up and measure), as the report did
before migration 0012: every cell, count and cell key, must come out the same, for the
municipality and each buurt, over several periods, also after contacts change buurt.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from outreach.extensions import db as _db
from outreach.models import Buurt, Contact, FollowUp, Partner, Street
from outreach.models.enums import FollowUpKind, FollowUpStatus, PartnerKind, PartnerOutcome
from outreach.services.report.figures import (
    AreaActivity,
    FollowUpMeasure,
    _cell,
    cell_key_salt,
    report_figures,
)
from outreach.services.report.period import ReportPeriod
from tests.factories import BUURT_WKT

KEY = "('x' || substr(md5(:salt || '{kind}:' || {column}::text), 1, 8))::bit(32)::bigint"

RECOUNT_ACTIVITY = """
WITH per_street AS (
  SELECT c.buurt_id, c.street_id,
         count(DISTINCT c.door) FILTER (WHERE c.setting = 'deur')
           + count(*) FILTER (WHERE c.setting = 'deur' AND c.door IS NULL) AS knocked,
         count(DISTINCT c.door) FILTER (WHERE c.setting = 'deur' AND c.outcome IN
                                        ('open_geen_gesprek', 'gesprek'))
           + count(*) FILTER (WHERE c.setting = 'deur' AND c.door IS NULL
                              AND c.outcome IN ('open_geen_gesprek', 'gesprek')) AS opened,
         count(*) FILTER (WHERE c.outcome = 'gesprek') AS talks,
         count(*) FILTER (WHERE c.setting = 'koffieplek') AS coffee,
         count(*) AS contacts,
         bool_or(c.setting IN ('deur', 'straat')) AS walked
    FROM contacts c
   WHERE c.recorded_at >= :start AND c.recorded_at < :end {buurt}
   GROUP BY c.buurt_id, c.street_id
), per_buurt AS (
  SELECT buurt_id, sum(knocked) AS knocked, sum(opened) AS opened, sum(talks) AS talks,
         sum(coffee) AS coffee, sum(contacts) AS contacts,
         count(street_id) FILTER (WHERE walked) AS streets
    FROM per_street GROUP BY buurt_id
)
SELECT b.code, b.name, coalesce(p.knocked, 0)::int, coalesce(p.opened, 0)::int,
       coalesce(p.talks, 0)::int, coalesce(p.coffee, 0)::int, coalesce(p.contacts, 0)::int,
       coalesce(p.streets, 0)::int
  FROM buurten b LEFT JOIN per_buurt p ON p.buurt_id = b.id
 WHERE b.code LIKE 'BU9998%' {buurten}
 ORDER BY b.name, b.code
"""

CLOSED = "fu.status = 'afgerond' AND fu.closed_at >= :start AND fu.closed_at < :end"
CLOSED_DAY = "(fu.closed_at AT TIME ZONE 'Europe/Amsterdam')::date"
RECOUNT_FOLLOW_UPS = f"""
SELECT c.buurt_id, m.measure, count(*), sum({KEY.format(kind="fu", column="fu.id")})
  FROM follow_ups fu LEFT JOIN contacts c ON c.id = fu.contact_id,
       LATERAL (VALUES
         ('gestart', fu.created_at >= :start AND fu.created_at < :end),
         ('te_laat', fu.created_at < :ref_end
                     AND (fu.closed_at IS NULL OR fu.closed_at >= :ref_end)
                     AND fu.due_date < :ref_date),
         ('afgerond_op_tijd', {CLOSED} AND fu.due_date IS NOT NULL
                              AND {CLOSED_DAY} <= fu.due_date),
         ('afgerond_te_laat', {CLOSED} AND fu.due_date IS NOT NULL
                              AND {CLOSED_DAY} > fu.due_date),
         ('afgerond_zonder_termijn', {CLOSED} AND fu.due_date IS NULL)
       ) AS m(measure, hit)
 WHERE m.hit AND (fu.created_at < :end OR fu.closed_at >= :start) {{buurt}}
 GROUP BY c.buurt_id, m.measure
"""

RECOUNT_MEDIAN = f"""
SELECT percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM fu.closed_at - fu.created_at) / 86400.0)
  FROM follow_ups fu LEFT JOIN contacts c ON c.id = fu.contact_id
 WHERE {CLOSED} {{buurt}}
"""

RECOUNT_HANDOVERS = f"""
SELECT c.buurt_id, fu.partner_id, fu.partner_outcome, count(*),
       sum({KEY.format(kind="ho", column="fu.id")})
  FROM follow_ups fu LEFT JOIN contacts c ON c.id = fu.contact_id
 WHERE fu.handed_over_at >= :start AND fu.handed_over_at < :end {{buurt}}
 GROUP BY c.buurt_id, fu.partner_id, fu.partner_outcome
"""

PERIODS = (ReportPeriod(date(2025, 1, 1), date(2025, 3, 31), today=date(2025, 6, 15)),
           ReportPeriod(date(2025, 2, 10), date(2025, 2, 20), today=date(2025, 2, 15)),
           ReportPeriod(date(2024, 7, 1), date(2025, 6, 30), today=date(2025, 6, 30)))
SUFFIXES = (None, None, None, "a", " A", "-a", "b", "B ", "1", "bis")
START = datetime(2024, 10, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def _town(seed: int) -> list[Buurt]:
    """Three buurten of streets; contacts at doors in many spellings, follow-ups of all kinds."""
    rng = random.Random(seed)
    buurten = [Buurt(code=f"BU9998{seed:02d}{i}", name=f"Telbuurt {seed} {i}", geom=BUURT_WKT)
               for i in range(3)]
    partners = [Partner(name=f"Telpartner {seed} {i}", kind=PartnerKind.wijkteam)
                for i in range(3)]
    _db.session.add_all([*buurten, *partners])
    _db.session.flush()
    streets = [Street(buurt_id=b.id, name=f"Telstraat {i}", length_m=100,
                      geom="SRID=4326;MULTILINESTRING((5.096 52.049,5.104 52.049))")
               for b in buurten[:2] for i in range(3)]  # the third buurt: no streets
    _db.session.add_all(streets)
    _db.session.flush()
    contacts = []
    for _ in range(400):
        buurt = rng.choice(buurten)
        own = [s for s in streets if s.buurt_id == buurt.id]
        street = rng.choice(own) if own and rng.random() < 0.85 else None
        numbered = rng.random() < 0.8
        contacts.append(Contact(
            id=uuid.UUID(int=rng.getrandbits(128)), buurt_id=buurt.id,
            street_id=street.id if street else None,
            house_number=rng.randint(1, 6) if numbered else None,
            house_suffix=rng.choice(SUFFIXES) if numbered else None,
            setting=rng.choice(("deur", "deur", "deur", "koffieplek", "straat")),
            outcome=rng.choice(("niet_thuis", "open_geen_gesprek", "gesprek", "geweigerd")),
            recorded_at=START + timedelta(minutes=rng.randint(0, 300 * 24 * 60))))
    _db.session.add_all(contacts)
    _db.session.flush()
    for _ in range(250):
        contact = rng.choice(contacts) if rng.random() < 0.9 else None
        created = START + timedelta(minutes=rng.randint(0, 300 * 24 * 60))
        status = rng.choice(list(FollowUpStatus))
        closed = (created + timedelta(hours=rng.randint(1, 25 * 24))
                  if status in (FollowUpStatus.afgerond, FollowUpStatus.geannuleerd) else None)
        handed = rng.random() < 0.3
        _db.session.add(FollowUp(
            id=uuid.UUID(int=rng.getrandbits(128)), contact_id=contact.id if contact else None,
            kind=FollowUpKind.warme_overdracht if handed else FollowUpKind.terugbellen,
            status=status, created_at=created, updated_at=created, closed_at=closed,
            due_date=(created + timedelta(days=rng.randint(0, 20))).date()
            if rng.random() < 0.8 else None,
            partner_id=rng.choice(partners).id if handed and rng.random() < 0.9 else None,
            handed_over_at=created + timedelta(hours=rng.randint(0, 96)) if handed else None,
            partner_outcome=rng.choice([None, *PartnerOutcome]) if handed else None))
    _db.session.flush()
    return buurten


def _recount(period: ReportPeriod, buurt_id: int | None) -> tuple:
    params = {**period.sql_params(), "buurt_id": buurt_id, "salt": cell_key_salt()}
    buurt = "AND c.buurt_id = :buurt_id" if buurt_id is not None else ""
    activity = [AreaActivity(*row) for row in _db.session.execute(text(RECOUNT_ACTIVITY.format(
        buurt=buurt, buurten="AND b.id = :buurt_id" if buurt_id is not None else "")), params)]
    follow_ups = {(b, FollowUpMeasure(m)): _cell(n, keys) for b, m, n, keys in
                  _db.session.execute(text(RECOUNT_FOLLOW_UPS.format(buurt=buurt)), params)}
    median = _db.session.scalar(text(RECOUNT_MEDIAN.format(buurt=buurt)), params)
    handovers = {(b, p, o): _cell(n, keys) for b, p, o, n, keys in
                 _db.session.execute(text(RECOUNT_HANDOVERS.format(buurt=buurt)), params)}
    return activity, follow_ups, None if median is None else float(median), handovers


def _reported(period: ReportPeriod, buurt_id: int | None) -> tuple:
    raw = report_figures(period, buurt_id)
    ours = [a for a in raw.per_buurt if a.buurt_code.startswith("BU9998")]
    return ours, raw.follow_ups, raw.median_days_to_close, raw.handovers


def _assert_same_everywhere(buurten: list[Buurt]) -> None:
    activity, follow_ups, median, handovers = _recount(PERIODS[-1], None)
    # Something to compare: doors rung twice, follow-ups of every measure, handovers.
    assert sum(a.doors_knocked for a in activity) < sum(a.contacts for a in activity)
    assert {m for _b, m in follow_ups} == set(FollowUpMeasure)
    assert median is not None and len(handovers) > 3
    for period in PERIODS:
        for buurt_id in (None, *(b.id for b in buurten)):
            assert _reported(period, buurt_id) == _recount(period, buurt_id), (period, buurt_id)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_figure_equals_the_plain_recount(db, seed):
    _assert_same_everywhere(_town(seed))


def test_figures_follow_contacts_that_move_to_another_buurt(db):
    buurten = _town(4)
    # A correction by hand in the database: the contact's follow-ups move along.
    db.session.execute(text(
        "UPDATE contacts SET buurt_id = :to WHERE buurt_id = :from "
        "AND id IN (SELECT contact_id FROM follow_ups WHERE contact_id IS NOT NULL)"),
        {"to": buurten[2].id, "from": buurten[0].id})
    _assert_same_everywhere(buurten)

"""A follow-up synced without a due date gets the team's service level, in working days."""

import uuid
from datetime import UTC, date, datetime

import pytest

from outreach.api.schemas.sync import parse_items
from outreach.models import FollowUp
from outreach.services.followups.service_levels import set_service_levels
from outreach.services.sync import sync_contacts
from tests.services.test_sync_world import build_world, contact_item

# Thursday 14 May 2026 is Ascension Day (Hemelvaartsdag), a Dutch public holiday.
RECEIVED = datetime(2026, 5, 14, 12, 0, tzinfo=UTC)


@pytest.fixture()
def world(db, users):
    world = build_world(db, users["veldwerker"], round_date=date(2026, 5, 1))
    set_service_levels({"terugbellen": 3, "huisbezoek": 10}, users["teamleider"])
    return world


def _follow_up_item(kind="terugbellen", due_date=None, recorded_at="2026-05-13T10:00:00+02:00"):
    return contact_item(outcome="gesprek", consent="anoniem", recorded_at=recorded_at,
                        follow_up={"id": str(uuid.uuid4()), "kind": kind, "due_date": due_date})


def _sync(users, *items):
    return sync_contacts(users["veldwerker"], parse_items(list(items)), now=RECEIVED).results


def _due(db, item) -> date | None:
    return db.session.get(FollowUp, uuid.UUID(item["follow_up"]["id"])).due_date


@pytest.mark.parametrize(("kind", "recorded_at", "due"), [
    # Wednesday 13 May + 3 working days, skipping Ascension Day: Fri 15, Mon 18, Tue 19.
    ("terugbellen", "2026-05-13T10:00:00+02:00", date(2026, 5, 19)),
    # 22:30 UTC on Tuesday 12 May is already Wednesday 13 May in the Netherlands.
    ("terugbellen", "2026-05-12T22:30:00+00:00", date(2026, 5, 19)),
    # Monday 11 May + 3: Tue 12, Wed 13, Fri 15.
    ("terugbellen", "2026-05-11T09:00:00+02:00", date(2026, 5, 15)),
    # Another kind, its own level: Monday 11 May + 10 working days, skipping Ascension Day
    # and Whit Monday (25 May), is Wednesday 27 May.
    ("huisbezoek", "2026-05-11T09:00:00+02:00", date(2026, 5, 27)),
    # A phone clock two days ahead counts from the day we received it (Thursday 14 May).
    ("terugbellen", "2026-05-16T09:00:00+02:00", date(2026, 5, 19)),
], ids=["holiday-skipped", "dutch-calendar-day", "plain-week", "other-kind", "clock-ahead"])
def test_follow_up_without_due_date_gets_the_service_level(db, users, world, kind,
                                                           recorded_at, due):
    item = _follow_up_item(kind=kind, recorded_at=recorded_at)
    [result] = _sync(users, item)
    assert result.status == "created"
    assert _due(db, item) == due


def test_a_due_date_from_the_phone_is_kept(db, users, world):
    item = _follow_up_item(due_date="2026-06-30")
    [result] = _sync(users, item)
    assert result.status == "created"
    assert _due(db, item) == date(2026, 6, 30)


def test_levels_changed_by_the_team_lead_apply_to_the_next_batch(db, users, world):
    first = _follow_up_item()
    _sync(users, first)
    set_service_levels({"terugbellen": 1}, users["teamleider"])
    second = _follow_up_item()
    _sync(users, second)
    assert (_due(db, first), _due(db, second)) == (date(2026, 5, 19), date(2026, 5, 15))


def test_replay_of_a_follow_up_given_a_default_is_a_duplicate(db, users, world):
    item = _follow_up_item()
    _sync(users, item)
    [again] = _sync(users, item)
    assert again.status == "duplicate"
    assert _due(db, item) == date(2026, 5, 19)

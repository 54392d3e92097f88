"""The follow-up core: the state machine, version checks, who may change what, working days."""

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select

from outreach.clock import local_today
from outreach.extensions import db as _db
from outreach.models import FollowUp, FollowUpEvent, Partner, ServiceLevel
from outreach.models.enums import FollowUpKind, FollowUpStatus, PartnerKind
from outreach.services.errors import Forbidden, Invalid, StaleVersion
from outreach.services.followups import actions
from outreach.services.followups.service_levels import (
    add_working_days,
    default_due_date,
    set_service_levels,
    working_days_between,
)
from outreach.services.followups.transitions import allowed_targets

S = FollowUpStatus

# Written out by hand (not read from TRANSITIONS) so a change to the table fails here.
ALLOWED = {
    # overgedragen only through the handover (partner and checklist), never as a status.
    "teamleider": {
        S.open: {S.bezig, S.afgerond, S.niet_bereikbaar, S.geannuleerd},
        S.bezig: {S.open, S.afgerond, S.niet_bereikbaar, S.geannuleerd},
        S.overgedragen: {S.bezig, S.afgerond, S.niet_bereikbaar, S.geannuleerd},
        S.niet_bereikbaar: {S.open, S.bezig, S.afgerond, S.geannuleerd},
        S.afgerond: {S.open, S.bezig},
        S.geannuleerd: {S.open, S.bezig},
    },
    # A worker moves own work forward; cancelling and reopening are the team lead's.
    "veldwerker": {
        S.open: {S.bezig, S.afgerond, S.niet_bereikbaar},
        S.bezig: {S.afgerond, S.niet_bereikbaar},
        S.overgedragen: {S.bezig, S.afgerond, S.niet_bereikbaar},
        S.niet_bereikbaar: {S.bezig, S.afgerond},
        S.afgerond: set(),  # only a team lead reopens
        S.geannuleerd: set(),
    },
}
PAIRS = [(role, old, new) for role in ALLOWED for old in S for new in S]


@pytest.fixture()
def partner(db):
    found = Partner(name="Wijkteam Test", kind=PartnerKind.wijkteam)
    _db.session.add(found)
    _db.session.commit()
    return found


def _make(users, status=S.open, *, assignee="veldwerker", partner=None, **extra) -> FollowUp:
    follow_up = FollowUp(kind=FollowUpKind.terugbellen, status=status,
                         assignee_id=users[assignee].id if assignee else None,
                         partner_id=partner.id if partner else None, **extra)
    _db.session.add(follow_up)
    _db.session.commit()
    return follow_up


@pytest.mark.parametrize(("role", "old", "new"), PAIRS,
                         ids=[f"{r}-{o.value}-{n.value}" for r, o, n in PAIRS])
def test_transition_table(db, users, partner, role, old, new):
    follow_up = _make(users, old, partner=partner)
    allowed = new in ALLOWED[role][old]
    assert (new in allowed_targets(old, users[role].role)) == allowed
    version = follow_up.version
    if allowed:
        actions.change_status(follow_up.id, new.value, actor=users[role],
                              expected_version=version, note="waarom")
        assert follow_up.status == new and follow_up.version == version + 1
        [event] = _db.session.scalars(select(FollowUpEvent)
                                      .where(FollowUpEvent.follow_up_id == follow_up.id))
        assert (event.from_status, event.to_status, event.actor_id) == (old, new, users[role].id)
    else:
        with pytest.raises(Invalid) as refused:
            actions.change_status(follow_up.id, new.value, actor=users[role],
                                  expected_version=version, note="waarom")
        assert "status" in refused.value.fields
        _db.session.refresh(follow_up)
        assert follow_up.status == old and follow_up.version == version


def test_reopen_message_tells_a_veldwerker_to_ask_the_team_lead(db, users):
    follow_up = _make(users, S.afgerond)
    with pytest.raises(Invalid, match="alleen een teamleider"):
        actions.change_status(follow_up.id, "open", actor=users["veldwerker"],
                              expected_version=None)


def test_stale_version_raises_with_the_current_snapshot(db, users):
    follow_up = _make(users)
    seen = follow_up.version
    actions.assign(follow_up.id, users["teamleider"].id, actor=users["teamleider"],
                   expected_version=seen)
    with pytest.raises(StaleVersion) as stale:
        actions.change_status(follow_up.id, "bezig", actor=users["teamleider"],
                              expected_version=seen)
    current = stale.value.current
    assert current["version"] == seen + 1 and current["version"] != seen
    assert current["status"] == "open"
    assert current["assignee_name"] == "Test Teamleider"
    assert current["id"] == str(follow_up.id)
    assert "resident_name" not in current


def test_veldwerker_changes_only_own_follow_ups_and_coordinator_never(db, users):
    own = _make(users, assignee="veldwerker")
    other = _make(users, assignee="teamleider")
    actions.change_status(own.id, "bezig", actor=users["veldwerker"], expected_version=None)
    with pytest.raises(Forbidden):
        actions.change_status(other.id, "bezig", actor=users["veldwerker"],
                              expected_version=None)
    with pytest.raises(Forbidden):
        actions.assign(own.id, users["veldwerker"].id, actor=users["veldwerker"],
                       expected_version=None)
    assigned_to_coordinator = _make(users, assignee="coordinator")
    for follow_up in (own, other, assigned_to_coordinator):
        with pytest.raises(Forbidden):
            actions.change_status(follow_up.id, "afgerond", actor=users["coordinator"],
                                  expected_version=None)
        assert not actions.may_change(follow_up, users["coordinator"])


def test_closed_at_is_set_on_closing_and_cleared_on_reopening(db, users):
    follow_up = _make(users)
    actions.change_status(follow_up.id, "afgerond", actor=users["teamleider"],
                          expected_version=None)
    assert follow_up.closed_at is not None
    actions.change_status(follow_up.id, "bezig", actor=users["teamleider"],
                          expected_version=None)
    assert follow_up.closed_at is None
    actions.change_status(follow_up.id, "niet_bereikbaar", actor=users["teamleider"],
                          expected_version=None, note="drie keer gebeld")
    assert follow_up.closed_at is None  # not final: a later round may find them


def test_handover_requires_resident_agreement_and_an_active_partner(db, users, partner):
    follow_up = _make(users, S.bezig)
    with pytest.raises(Invalid) as refused:
        actions.hand_over(follow_up.id, actions.Handover(partner_id=partner.id),
                          actor=users["teamleider"], expected_version=None)
    assert set(refused.value.fields) == {"resident_agreed"}
    partner.active = False
    _db.session.commit()
    with pytest.raises(Invalid) as refused:
        actions.hand_over(follow_up.id, actions.Handover(partner_id=partner.id,
                                                         resident_agreed=True),
                          actor=users["teamleider"], expected_version=None)
    assert set(refused.value.fields) == {"partner_id"}
    assert follow_up.status == S.bezig
    partner.active = True
    _db.session.commit()
    actions.hand_over(follow_up.id, actions.Handover(
        partner_id=partner.id, resident_agreed=True, agreement="intake dinsdag",
        appointment_on=date(2026, 5, 12)), actor=users["teamleider"], expected_version=None)
    assert (follow_up.status, follow_up.partner_id) == (S.overgedragen, partner.id)
    assert follow_up.handover_resident_agreed and follow_up.handed_over_at is not None


def test_overgedragen_only_through_the_handover_and_only_by_a_team_lead(db, users, partner):
    follow_up = _make(users)
    with pytest.raises(Invalid, match="Overdragen aan partner"):
        actions.change_status(follow_up.id, "overgedragen", actor=users["teamleider"],
                              expected_version=None)
    with pytest.raises(Forbidden):
        actions.hand_over(follow_up.id, actions.Handover(partner_id=partner.id,
                                                         resident_agreed=True),
                          actor=users["veldwerker"], expected_version=None)
    closed = _make(users, S.afgerond)
    with pytest.raises(Invalid, match="heropen"):
        actions.hand_over(closed.id, actions.Handover(partner_id=partner.id,
                                                      resident_agreed=True),
                          actor=users["teamleider"], expected_version=None)


def test_a_worker_is_told_cancelling_is_the_team_leads(db, users):
    follow_up = _make(users)
    with pytest.raises(Invalid, match="Alleen een teamleider"):
        actions.change_status(follow_up.id, "geannuleerd", actor=users["veldwerker"],
                              expected_version=None)


def test_due_date_in_the_past_is_refused_and_overdue_is_open_work_only(db, users):
    follow_up = _make(users, due_date=local_today() - timedelta(days=1))
    assert actions.is_overdue(follow_up)
    with pytest.raises(Invalid):
        actions.set_due_date(follow_up.id, local_today() - timedelta(days=2),
                             actor=users["teamleider"], expected_version=None)
    planned = _make(users, due_date=local_today() + timedelta(days=3))
    with pytest.raises(Invalid, match="staat er al"):
        actions.set_due_date(planned.id, planned.due_date, actor=users["teamleider"],
                             expected_version=None)
    actions.change_status(follow_up.id, "afgerond", actor=users["teamleider"],
                          expected_version=None)
    assert not actions.is_overdue(follow_up)


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 4, 24), 5, date(2026, 5, 4)),   # Friday; Monday 27 April is King's Day
    (date(2026, 4, 24), 1, date(2026, 4, 28)),
    (date(2026, 4, 3), 1, date(2026, 4, 7)),    # Easter Monday 6 April 2026
    (date(2026, 5, 13), 1, date(2026, 5, 15)),  # Ascension Day 14 May 2026
    (date(2026, 12, 24), 1, date(2026, 12, 28)),  # both Christmas days, then the weekend
    (date(2026, 6, 1), 5, date(2026, 6, 8)),    # an ordinary week
    (date(2026, 6, 6), 1, date(2026, 6, 8)),    # from a Saturday
])
def test_working_days_skip_weekends_and_dutch_holidays(start, days, expected):
    assert add_working_days(start, days) == expected
    assert working_days_between(start, expected) == days


def test_default_due_date_follows_the_service_level(db, users):
    set_service_levels({"terugbellen": 5, "huisbezoek": 1}, users["teamleider"])
    assert default_due_date(FollowUpKind.terugbellen, date(2026, 4, 24)) == date(2026, 5, 4)
    assert default_due_date(FollowUpKind.huisbezoek, date(2026, 4, 24)) == date(2026, 4, 28)
    _db.session.execute(delete(ServiceLevel).where(ServiceLevel.kind == FollowUpKind.informatie))
    assert default_due_date(FollowUpKind.informatie, date(2026, 4, 24)) is None


@pytest.mark.parametrize("levels", [{"terugbellen": 0}, {"terugbellen": 91},
                                    {"onbekend": 3}, {"huisbezoek": "5"}])
def test_service_levels_refuse_out_of_range(db, users, levels):
    with pytest.raises(Invalid) as refused:
        set_service_levels(levels, users["teamleider"])
    assert set(refused.value.fields) == set(levels)

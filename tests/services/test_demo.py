"""The demo town: complete, inside its own lines, private where it must be, and repeatable."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select, text

from outreach.clock import local_today
from outreach.models import (
    Address,
    Buurt,
    Contact,
    FollowUp,
    FollowUpEvent,
    HelpQuestion,
    Partner,
    Round,
    Street,
    Talent,
    User,
    round_workers,
)
from outreach.models.enums import (
    Consent,
    FollowUpKind,
    FollowUpStatus,
    HelpCategory,
    PartnerKind,
    Role,
    RoundStatus,
)
from outreach.services import demo
from outreach.services.errors import Conflict
from outreach.services.users import authenticate

FINAL = {FollowUpStatus.afgerond, FollowUpStatus.geannuleerd}


@pytest.fixture()
def seeded(db):
    """The demo town in the test's transaction; returns seed_demo's counts."""
    return demo.seed_demo(seed=2026)


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _fingerprint(plan) -> tuple:
    return (
        [(b.code, b.geom.wkb_hex) for b in plan.town.buurten],
        [(s.key, s.geom.wkb_hex) for s in plan.town.streets],
        [a.source_key for a in plan.town.addresses],
        [(r.date, r.kind, r.street_keys, r.worker_emails) for r in plan.rounds],
        [(c.id, c.outcome, c.recorded_at, [q.id for q in c.help_questions]) for c in plan.contacts],
        [(f.id, f.status, f.kind, [(e.at, e.action) for e in f.events]) for f in plan.follow_ups],
    )


def test_seed_demo_fills_every_table_and_reports_counts(db):
    assert demo.database_is_empty()

    counts = demo.seed_demo(seed=2026)

    assert not demo.database_is_empty()
    stored = {"buurten": Buurt, "straten": Street, "adressen": Address, "partners": Partner,
              "gebruikers": User, "rondes": Round, "contacten": Contact,
              "hulpvragen": HelpQuestion, "talenten": Talent, "opvolgingen": FollowUp}
    assert list(counts) == list(stored)
    for what, model in stored.items():
        assert counts[what] == _count(db, model) > 0, what
    assert 6 <= counts["buurten"] <= 8
    assert 40 <= counts["straten"] <= 80
    assert 300 <= counts["adressen"] <= 1500
    assert counts["contacten"] >= 200
    kinds = set(db.session.scalars(select(Partner.kind)))
    assert kinds == set(PartnerKind)
    assert db.session.scalar(select(func.count()).select_from(Partner).where(
        Partner.kind == PartnerKind.ontmoetingsplek, Partner.geom.is_not(None))) >= 2


def test_seeding_twice_is_refused_and_changes_nothing(db, seeded):
    before = _count(db, Contact)

    with pytest.raises(Conflict) as refused:
        demo.seed_demo(seed=2027)

    assert "buurten" in refused.value.fields
    assert _count(db, Contact) == before


def test_every_role_has_an_active_account_and_the_demo_logins_work(db, seeded):
    active_roles = set(db.session.scalars(select(User.role).where(User.active.is_(True))))
    assert active_roles == set(Role)
    assert {account.role for account in demo.DEMO_ACCOUNTS} == set(Role)
    for account in demo.DEMO_ACCOUNTS:
        assert len(account.password) >= 12
        user = authenticate(account.email, account.password)
        assert user is not None and user.role == account.role, account.email
    assert db.session.scalar(select(func.count()).select_from(User)
                             .where(User.active.is_(False))) >= 1


def test_field_worker_has_a_round_today_and_one_coming(db, seeded):
    email = demo.DEMO_ACCOUNTS[0].email
    assert demo.DEMO_ACCOUNTS[0].role == Role.veldwerker
    dates = list(db.session.scalars(
        select(Round.date).join(round_workers).join(User, User.id == round_workers.c.user_id)
        .where(User.email == email, Round.status != RoundStatus.afgerond)))
    today = local_today()
    assert today in dates
    assert any(day > today for day in dates)
    statuses = set(db.session.scalars(select(Round.status)))
    assert statuses == set(RoundStatus)


def test_rounds_have_ordered_streets_and_finished_ones_have_contacts(db, seeded):
    today = local_today()
    for round_ in db.session.scalars(select(Round)):
        assert [rs.position for rs in round_.round_streets] == list(
            range(len(round_.round_streets)))
        assert round_.round_streets and round_.workers and round_.buurten
        assert all(street.buurt_id in {b.id for b in round_.buurten} for street in round_.streets)
        contacts = db.session.scalars(select(Contact).where(Contact.round_id == round_.id)).all()
        if round_.status == RoundStatus.afgerond:
            assert round_.date < today and contacts
            workers = {w.id for w in round_.workers}
            assert all(c.worker_id in workers for c in contacts)
            assert all(c.recorded_at.astimezone(demo_timezone()).date() == round_.date
                       and c.received_at >= c.recorded_at for c in contacts)
        else:
            assert round_.date >= today and not contacts
        if round_.kind == "koffie":
            assert round_.coffee_spot is not None and round_.coffee_spot_name


def demo_timezone():
    from outreach.clock import TEAM_TIMEZONE

    return TEAM_TIMEZONE


def test_outcome_mix_looks_like_door_knocking(db, seeded):
    doors = Counter(db.session.scalars(select(Contact.outcome).where(Contact.setting == "deur")))
    total = sum(doors.values())
    assert 0.35 < doors["niet_thuis"] / total < 0.55
    assert 0.25 < doors["gesprek"] / total < 0.45
    assert doors["geweigerd"] > 0 and doors["open_geen_gesprek"] > 0
    settings = set(db.session.scalars(select(Contact.setting)))
    assert {"deur", "koffieplek"} <= settings


def test_follow_ups_cover_every_status_and_kind_with_a_history(db, seeded):
    follow_ups = db.session.scalars(select(FollowUp)).all()
    assert {f.status for f in follow_ups} == set(FollowUpStatus)
    assert {f.kind for f in follow_ups} == set(FollowUpKind)
    today = local_today()
    assert any(f.status in (FollowUpStatus.open, FollowUpStatus.bezig) and f.due_date < today
               for f in follow_ups)
    for f in follow_ups:
        events = f.events
        assert events[0].action == "created" and events[0].to_status == FollowUpStatus.open
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert len({e.at for e in events}) == len(events)
        changes = [e for e in events if e.to_status is not None]
        assert changes[-1].to_status == f.status
        for earlier, later in zip(changes, changes[1:], strict=False):
            assert later.from_status == earlier.to_status
        assert (f.closed_at is not None) == (f.status in FINAL)
        if f.closed_at is not None:
            assert f.closed_at == events[-1].at
        if f.status == FollowUpStatus.overgedragen:
            assert f.kind == FollowUpKind.warme_overdracht and f.partner_id is not None
            assert f.handover_resident_agreed and f.handover_agreement
            assert f.handed_over_at is not None
        assert f.help_question_id is not None and f.assignee.active


def test_handovers_have_a_checklist_and_some_partner_confirmations(db, seeded):
    handed = db.session.scalars(select(FollowUp).where(
        FollowUp.status == FollowUpStatus.overgedragen)).all()
    outcomes = {f.partner_outcome for f in handed}
    assert None in outcomes and len(outcomes - {None}) >= 1
    confirmed = db.session.scalars(select(FollowUpEvent).where(
        FollowUpEvent.action == "partner_confirmed")).all()
    assert confirmed and all(e.actor_id is None and e.details["outcome"] for e in confirmed)


def test_resident_details_only_where_consent_is_opvolging(db, seeded):
    rows = db.session.execute(
        select(FollowUp.resident_name, FollowUp.resident_phone, Contact.consent)
        .join(Contact, Contact.id == FollowUp.contact_id)).all()
    assert any(name for name, _, _ in rows)
    for name, phone, consent in rows:
        if name or phone:
            assert consent == Consent.opvolging
        if phone:
            assert phone.startswith("06-000")


def test_buurten_are_valid_and_do_not_overlap(db, seeded):
    assert db.session.scalar(text("SELECT bool_and(ST_IsValid(geom)) FROM buurten"))
    overlap = db.session.scalar(text(
        "SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) "
        "FROM buurten a JOIN buurten b ON a.id < b.id AND ST_Intersects(a.geom, b.geom)"))
    assert overlap < 1  # square metres: they only share borders
    area_km2 = db.session.scalar(text("SELECT sum(ST_Area(geom::geography)) / 1e6 FROM buurten"))
    assert 2 < area_km2 < 8
    codes = db.session.execute(select(Buurt.code, Buurt.gemeente_code)).all()
    assert all(code.startswith("BU9901") and gm == "GM9901" for code, gm in codes)


def test_streets_addresses_and_contacts_lie_in_their_buurt(db, seeded):
    outside = {
        "streets": "SELECT count(*) FROM streets s JOIN buurten b ON b.id = s.buurt_id "
                   "WHERE NOT ST_CoveredBy(s.geom, ST_Buffer(b.geom::geography, 1)::geometry)",
        "addresses": "SELECT count(*) FROM addresses a JOIN buurten b ON b.id = a.buurt_id "
                     "WHERE NOT ST_Contains(b.geom, a.geom)",
        "contacts": "SELECT count(*) FROM contacts c JOIN buurten b ON b.id = c.buurt_id "
                    "WHERE c.geom IS NULL OR NOT ST_Contains(b.geom, c.geom)",
        "address streets": "SELECT count(*) FROM addresses a JOIN streets s ON s.id = a.street_id "
                           "WHERE s.buurt_id <> a.buurt_id OR s.name <> a.street_name "
                           "OR ST_Distance(a.geom::geography, s.geom::geography) > 15",
        "partners": "SELECT count(*) FROM partners p WHERE p.geom IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM buurten b WHERE ST_Contains(b.geom, p.geom))",
    }
    for what, sql in outside.items():
        assert db.session.scalar(text(sql)) == 0, what


def test_street_lengths_are_metres_and_border_streets_are_split(db, seeded):
    rows = db.session.execute(text(
        "SELECT length_m, ST_Length(geom::geography), ST_SRID(geom) FROM streets")).all()
    assert all(srid == 4326 for _, _, srid in rows)
    assert all(abs(stored - measured) <= 0.01 * measured for stored, measured, _ in rows)
    assert all(50 < stored < 3000 for stored, _, _ in rows)
    split = db.session.execute(select(Street.name).group_by(Street.name)
                               .having(func.count() > 1)).scalars().all()
    assert split
    # Odd numbers on one side, even on the other, both present on most streets.
    sides = db.session.execute(text(
        "SELECT street_id, count(*) FILTER (WHERE house_number % 2 = 1), "
        "count(*) FILTER (WHERE house_number % 2 = 0) FROM addresses GROUP BY street_id")).all()
    assert sum(1 for _, odd, even in sides if odd and even) > 0.8 * len(sides)
    assert db.session.scalar(text(
        r"SELECT bool_and(postcode ~ '^[1-9][0-9]{3}[A-Z]{2}$' AND source_key LIKE 'demo:%') "
        "FROM addresses"))


def test_help_questions_cluster_where_the_hotspot_maps_expect(db, seeded):
    rows = db.session.execute(
        select(Buurt.name, HelpQuestion.category)
        .join(Contact, Contact.id == HelpQuestion.contact_id)
        .join(Buurt, Buurt.id == Contact.buurt_id)).all()
    per = Counter(rows)

    def top(category):
        return max((n, name) for (name, cat), n in per.items() if cat == category)[1]

    assert top(HelpCategory.geld_schulden) == "Oude Haven"
    assert top(HelpCategory.eenzaamheid) == "De Weide"
    assert _count(db, Talent) > 0
    assert db.session.scalar(select(func.count()).select_from(Talent).where(
        Talent.wants_to_participate.is_(True))) > 0


def test_same_seed_and_day_give_the_same_town_and_other_seeds_differ(db):
    day = date(2026, 3, 12)
    first = demo.build_plan(2026, day)

    assert _fingerprint(demo.build_plan(2026, day)) == _fingerprint(first)
    assert _fingerprint(demo.build_plan(2027, day)) != _fingerprint(first)

    demo.seed_demo(seed=2026)
    today = demo.build_plan(2026, local_today())
    stored = set(db.session.scalars(select(Contact.id)))
    assert stored == {c.id for c in today.contacts}
    assert set(db.session.scalars(select(FollowUp.id))) == {f.id for f in today.follow_ups}
    assert _count(db, FollowUpEvent) == sum(len(f.events) for f in today.follow_ups)


def test_cli_seeds_once_and_skips_when_not_empty(db, runner):
    result = runner.invoke(args=["outreach", "seed-demo", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded" in result.output and "buurten" in result.output
    assert not demo.database_is_empty()

    again = runner.invoke(args=["outreach", "seed-demo", "--if-empty"])

    assert again.exit_code == 0, again.output
    assert "not loaded" in again.output


def test_cli_prints_a_demo_login_per_role(runner):
    result = runner.invoke(args=["outreach", "demo-accounts"])
    assert result.exit_code == 0
    for account in demo.DEMO_ACCOUNTS:
        assert account.email in result.output and account.password in result.output

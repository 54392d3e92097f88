"""The partner link page: only the handover's facts, forward steps, refusals, private headers."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from outreach.models import AuditEvent, FollowUpEvent, PartnerLink
from outreach.models.base import utcnow
from outreach.models.enums import FollowUpStatus, PartnerOutcome
from outreach.services.followups import partner_links
from tests.handover import CONTACT_NOTE, OTHER_PHONE, OTHER_RESIDENT, SECRET_NOTE, make_handover


@pytest.fixture()
def handover(db, users):
    return make_handover(users["veldwerker"], users["teamleider"], round_date=date(2026, 11, 10))


def _url(h, token=None, follow_up=None):
    return f"/partner/{(follow_up or h.follow_up).id}/{token or h.token}"


def _audit(db, action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_link_page_shows_only_the_handover_facts(client, db, handover):
    response = client.get(_url(handover))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for shown in ("Anna de Vries", "06-12345678", "Geld en schulden", "Warme overdracht",
                  "donderdag gebeld voor een intake", "Test Teamleider", "010-5556677",
                  "Schuldhulp Testdorp", "Contact gelegd", "Opgepakt", "Afgerond"):
        assert shown in html, shown
    for hidden in (SECRET_NOTE, CONTACT_NOTE, "hulpvraag-notitie", "overdracht-notitie",
                   "Tulpstraat", "Rozenlaan", "Molenweg", "9999AA", OTHER_RESIDENT,
                   OTHER_PHONE, "Eenzaamheid", "Test Veldwerker"):
        assert hidden not in html, hidden
    assert [e.details["link_id"] for e in _audit(db, "partner_link.view")]


def test_link_pages_are_private(client, handover):
    for response in (client.get(_url(handover)),
                     client.get(_url(handover, token="x" * 43)),
                     client.post(_url(handover), data={"outcome": "opgepakt"})):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response.headers["X-Robots-Tag"]


def test_confirming_each_step_closes_the_follow_up(client, db, handover):
    for outcome in ("contact_gelegd", "opgepakt"):
        response = client.post(_url(handover), data={"outcome": outcome, "note": "ok " + outcome})
        assert response.status_code == 200
        db.session.refresh(handover.follow_up)
        assert handover.follow_up.partner_outcome == PartnerOutcome(outcome)
        assert handover.follow_up.status == FollowUpStatus.overgedragen
    response = client.post(_url(handover), data={"outcome": "afgerond", "note": "klaar"})
    assert response.status_code == 200
    db.session.refresh(handover.follow_up)
    assert handover.follow_up.status == FollowUpStatus.afgerond
    assert handover.follow_up.closed_at is not None
    events = [e for e in db.session.scalars(
        select(FollowUpEvent).where(FollowUpEvent.follow_up_id == handover.follow_up.id)
        .order_by(FollowUpEvent.id)) if e.action == "partner_confirmed"]
    assert [e.details["outcome"] for e in events] == ["contact_gelegd", "opgepakt", "afgerond"]
    assert [e.note for e in events] == ["ok contact_gelegd", "ok opgepakt", "klaar"]
    assert events[-1].from_status == FollowUpStatus.overgedragen
    assert events[-1].to_status == FollowUpStatus.afgerond
    confirms = _audit(db, "partner_link.confirm")
    assert [a.details["outcome"] for a in confirms] == ["contact_gelegd", "opgepakt", "afgerond"]
    assert all(a.subject_id == str(handover.follow_up.id) and a.actor_id is None
               for a in confirms)


def test_after_afgerond_no_buttons_and_post_refused(client, db, handover):
    partner_links.confirm_through_link(handover.follow_up.id, handover.token, "afgerond")
    html = client.get(_url(handover)).get_data(as_text=True)
    assert "afgesloten" in html
    assert 'name="outcome"' not in html
    response = client.post(_url(handover), data={"outcome": "afgerond"})
    assert response.status_code == 422
    assert "afgesloten" in response.get_data(as_text=True)
    assert any(a.details.get("reason") == "status_afgerond"
               for a in _audit(db, "partner_link.refused"))


def test_taken_back_by_the_team_the_link_shows_nothing_any_more(client, db, users, handover):
    from outreach.services.followups import actions

    actions.change_status(handover.follow_up.id, "bezig", actor=users["teamleider"],
                          expected_version=None, note="partner kon niet helpen")
    response = client.get(_url(handover))
    assert response.status_code == 410
    assert "Anna de Vries" not in response.get_data(as_text=True)
    assert client.post(_url(handover), data={"outcome": "opgepakt"}).status_code == 410
    assert _audit(db, "partner_link.refused")[-1].details["reason"] == "taken_back"


def test_handed_to_another_partner_the_first_partners_link_stops(client, db, users, handover):
    from outreach.models import Partner
    from outreach.services.followups import actions

    other = Partner(name="Wijkteam Anders", kind="wijkteam")
    db.session.add(other)
    db.session.commit()
    actions.hand_over(handover.follow_up.id, actions.Handover(
        partner_id=other.id, resident_agreed=True), actor=users["teamleider"],
        expected_version=None)
    response = client.get(_url(handover))
    assert response.status_code == 410
    assert "Anna de Vries" not in response.get_data(as_text=True)


def test_only_forward_steps_are_offered_and_a_step_back_is_refused(client, db, handover):
    client.post(_url(handover), data={"outcome": "opgepakt"})
    html = client.get(_url(handover)).get_data(as_text=True)
    assert 'value="contact_gelegd" disabled' in html
    assert 'value="opgepakt" disabled' in html
    assert 'value="afgerond" disabled' not in html
    response = client.post(_url(handover), data={"outcome": "contact_gelegd"})
    assert response.status_code == 422
    db.session.refresh(handover.follow_up)
    assert handover.follow_up.partner_outcome == PartnerOutcome.opgepakt
    assert any(a.details.get("reason") == "not_forward"
               for a in _audit(db, "partner_link.refused"))


@pytest.mark.parametrize("outcome", ["", "gewonnen", "x" * 300])
def test_unknown_step_is_refused_without_change(client, db, handover, outcome):
    response = client.post(_url(handover), data={"outcome": outcome})
    assert response.status_code == 422
    db.session.refresh(handover.follow_up)
    assert handover.follow_up.partner_outcome is None


def test_expired_link_is_gone_and_audited(client, db, handover):
    link = db.session.scalar(select(PartnerLink).where(
        PartnerLink.follow_up_id == handover.follow_up.id))
    link.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(_url(handover))
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "nieuwe link" in html and "Anna de Vries" not in html
    assert client.post(_url(handover), data={"outcome": "opgepakt"}).status_code == 410
    reasons = [a.details["reason"] for a in _audit(db, "partner_link.refused")]
    assert reasons == ["expired", "expired"]


def test_link_replaced_by_a_newer_one_is_gone(client, db, users, handover):
    _link, newer = partner_links.create_partner_link(handover.follow_up.id,
                                                     actor=users["teamleider"])
    assert client.get(_url(handover)).status_code == 410
    assert client.get(_url(handover, token=newer)).status_code == 200
    assert _audit(db, "partner_link.refused")[0].details["reason"] == "revoked"


def test_a_link_made_on_a_stale_version_is_refused_and_the_old_link_keeps_working(
        client, db, users, handover):
    from outreach.services.errors import StaleVersion

    seen = handover.follow_up.version - 1  # a page opened before the last change
    with pytest.raises(StaleVersion) as stale:
        partner_links.create_partner_link(handover.follow_up.id, actor=users["teamleider"],
                                          expected_version=seen)
    assert stale.value.current["version"] == handover.follow_up.version
    assert client.get(_url(handover)).status_code == 200


def test_token_with_another_follow_ups_id_is_not_found(client, db, handover):
    response = client.get(_url(handover, follow_up=handover.other))
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Anna de Vries" not in html and OTHER_RESIDENT not in html
    assert client.post(_url(handover, follow_up=handover.other),
                       data={"outcome": "afgerond"}).status_code == 404
    db.session.refresh(handover.follow_up)
    assert handover.follow_up.partner_outcome is None


@pytest.mark.parametrize("path", ["/partner/nietsbijzonders/abc", "/partner/" + "9" * 200 + "/abc",
                                  "/partner/00000000-0000-0000-0000-000000000000/abc"])
def test_unknown_links_are_not_found_never_500(client, db, path):
    assert client.get(path).status_code == 404
    assert client.post(path, data={"outcome": "afgerond"}).status_code == 404
    assert _audit(db, "partner_link.refused")[-1].details["reason"] == "unknown"


def test_too_long_note_keeps_the_text(client, db, handover):
    note = "lang " * 150
    response = client.post(_url(handover), data={"outcome": "opgepakt", "note": note})
    assert response.status_code == 422
    assert note.strip() in response.get_data(as_text=True)
    db.session.refresh(handover.follow_up)
    assert handover.follow_up.partner_outcome is None


def test_guessing_tokens_is_rate_limited(client, db, handover):
    statuses = [client.get(f"/partner/{handover.follow_up.id}/guess{n}").status_code
                for n in range(20)]
    statuses += [client.post(f"/partner/{handover.follow_up.id}/guess{n}").status_code
                 for n in range(11)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429
    response = client.get(_url(handover))
    assert response.status_code == 429
    assert response.headers["Cache-Control"] == "no-store"
    assert "Anna de Vries" not in response.get_data(as_text=True)


def test_confirm_without_csrf_token_is_refused(database_url, db, handover):
    from tests.conftest import make_test_app

    client = make_test_app(database_url, WTF_CSRF_ENABLED=True).test_client()
    response = client.post(_url(handover), data={"outcome": "afgerond"})
    assert response.status_code == 400
    assert response.headers["Cache-Control"] == "no-store"
    db.session.refresh(handover.follow_up)
    assert handover.follow_up.partner_outcome is None
    page = client.get(_url(handover)).get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(_url(handover), data={"outcome": "contact_gelegd",
                                                 "csrf_token": token})
    assert response.status_code == 200
    db.session.refresh(handover.follow_up)
    assert handover.follow_up.partner_outcome == PartnerOutcome.contact_gelegd

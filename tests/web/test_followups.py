"""/opvolging: who sees what, the team lead's actions, stale versions and audited reads."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach.extensions import db as _db
from outreach.models import AuditEvent, FollowUp, FollowUpEvent, PartnerLink, ServiceLevel
from outreach.models.enums import FollowUpStatus
from tests.followup_world import RESIDENT, make_world

S = FollowUpStatus


@pytest.fixture()
def world(db, users):
    return make_world(users)


def _fu(world, n) -> FollowUp:
    follow_up = _db.session.get(FollowUp, world.ids[n])
    _db.session.refresh(follow_up)
    return follow_up


def _url(world, n, action=""):
    return f"/opvolging/{world.ids[n]}" + (f"/{action}" if action else "")


def _events(world, n, action):
    return list(_db.session.scalars(select(FollowUpEvent).where(
        FollowUpEvent.follow_up_id == world.ids[n], FollowUpEvent.action == action)))


def _audits(action):
    return _db.session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == action))


PAGES = ["/opvolging", "/opvolging?weergave=lijst", "/opvolging/vandaag"]


@pytest.mark.parametrize("role", ["veldwerker", "beheerder"])
@pytest.mark.parametrize("page", [*PAGES, "/opvolging/instellingen", "DETAIL"])
def test_veldwerker_and_beheerder_are_refused(world, login_as, role, page):
    url = _url(world, 1) if page == "DETAIL" else page
    assert login_as(role).get(url).status_code == 403


@pytest.mark.parametrize("action", ["status", "toewijzen", "termijn", "overdracht",
                                    "partnerlink", "partnerlink/intrekken", "bewoner"])
def test_coordinator_may_not_post_any_action(world, login_as, action):
    response = login_as("coordinator").post(_url(world, 1, action),
                                            data={"version": 1, "status": "bezig"})
    assert response.status_code == 403
    assert _fu(world, 1).status == S.open


@pytest.mark.parametrize("page", PAGES)
def test_coordinator_reads_board_without_action_buttons(world, login_as, page):
    response = login_as("coordinator").get(page)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "alleen lezen" in html
    assert "<form method=\"post\" action=\"/opvolging" not in html
    assert "instellingen" not in html


def test_coordinator_detail_has_no_forms_and_no_resident(world, login_as):
    html = login_as("coordinator").get(_url(world, 1)).get_data(as_text=True)
    assert "Tulpstraat" in html
    # Issue 12: a coordinator reads categories and dates, never a note (docs/privacy.md).
    assert "opvolgnotitie 1" not in html
    assert "alleen voor het team dat de opvolging doet" in html
    assert "Toon bewonersgegevens" not in html
    assert RESIDENT[0] not in html and RESIDENT[1] not in html
    assert 'method="post" action="/opvolging' not in html
    assert login_as("coordinator").get("/opvolging/instellingen").status_code == 403


def test_board_highlights_overdue_and_counts(world, login_as):
    html = login_as("teamleider").get("/opvolging").get_data(as_text=True)
    assert html.count('class="fu-card is-overdue"') == 4
    assert "Bram Veld" in html and "Wijkteam Testdorp" in html


def test_list_filters_sorts_and_pages(world, login_as):
    client = login_as("teamleider")
    html = client.get(f"/opvolging?weergave=lijst&te_laat=y&buurt={world.buurt_b.id}"
                      "&sorteer=termijn").get_data(as_text=True)
    links = re.findall(r'href="/opvolging/([0-9a-f-]{36})"', html)
    assert [world.n(__import__("uuid").UUID(x)) for x in links] == [4, 3]
    assert "2 opvolgingen" in html


@pytest.mark.parametrize("query", ["status=zomaar", "medewerker=abc", "buurt=-1", "pagina=x",
                                   "sorteer=drop", "partner=99999999999999", "te_laat=ja"])
def test_bad_filter_values_never_give_a_500(world, login_as, query):
    assert login_as("teamleider").get(f"/opvolging?weergave=lijst&{query}").status_code == 200


def test_detail_for_teamleider_shows_forms_but_not_resident_until_asked(world, login_as):
    html = login_as("teamleider").get(_url(world, 1)).get_data(as_text=True)
    assert "Toon bewonersgegevens" in html
    assert RESIDENT[1] not in html
    assert f'name="version" type="hidden" value="{_fu(world, 1).version}"' in html
    # Urgency in the server's one vocabulary (maps/labels.py), as the phone shows it too.
    assert '<span class="fu-urgency fu-urgency-hoog">hoog</span>' in html


def test_resident_view_writes_exactly_one_audit_row_per_view(world, login_as):
    client = login_as("teamleider")
    before = _audits("followup.resident_view")
    client.get(_url(world, 1))
    assert _audits("followup.resident_view") == before
    first = client.post(_url(world, 1, "bewoner"))
    assert first.status_code == 200 and RESIDENT[1] in first.get_data(as_text=True)
    assert _audits("followup.resident_view") == before + 1
    client.post(_url(world, 1, "bewoner"))
    assert _audits("followup.resident_view") == before + 2


def test_unknown_follow_up_is_404(world, login_as):
    assert login_as("teamleider").get(
        "/opvolging/00000000-0000-0000-0000-000000000000").status_code == 404


def test_change_status_creates_an_event_and_redirects(world, login_as):
    version = _fu(world, 1).version
    response = login_as("teamleider").post(_url(world, 1, "status"), data={
        "version": version, "status": "bezig", "note": "gebeld"})
    assert response.status_code == 303
    follow_up = _fu(world, 1)
    assert follow_up.status == S.bezig and follow_up.version == version + 1
    [event] = _events(world, 1, "status")
    assert (event.from_status, event.to_status, event.note) == (S.open, S.bezig, "gebeld")


def test_illegal_transition_shows_inline_message_and_keeps_the_note(world, login_as):
    # Handed over (4) cannot go straight back to open.
    response = login_as("teamleider").post(_url(world, 4, "status"), data={
        "version": _fu(world, 4).version, "status": "open", "note": "mijn getypte notitie"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Van &#39;overgedragen&#39; naar &#39;open&#39; kan niet." in html
    assert 'class="field-error"' in html
    assert "mijn getypte notitie" in html
    assert _fu(world, 4).status == S.overgedragen


def test_niet_bereikbaar_without_note_is_refused_inline(world, login_as):
    response = login_as("teamleider").post(_url(world, 3, "status"), data={
        "version": _fu(world, 3).version, "status": "niet_bereikbaar"})
    assert response.status_code == 422
    assert "Een notitie is nodig" in response.get_data(as_text=True)


def test_stale_version_answers_409_with_both_states_and_a_way_to_apply(world, login_as, users):
    client = login_as("teamleider")
    seen = _fu(world, 1).version
    # A colleague assigns it to Bram in the meantime.
    assert client.post(_url(world, 1, "toewijzen"), data={
        "version": seen, "assignee": world.worker2.id}).status_code == 303
    response = client.post(_url(world, 1, "status"), data={
        "version": seen, "status": "afgerond", "note": "klaar volgens mij"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Jouw wijziging" in html and "Huidige stand" in html
    assert "klaar volgens mij" in html and "afgerond" in html
    assert "Bram Veld" in html  # the current state
    current = _fu(world, 1)
    assert current.status == S.open
    assert f'name="version" value="{current.version}"' in html
    assert 'name="note" value="klaar volgens mij"' in html
    # Apply mine anyway, on the current version.
    again = client.post(_url(world, 1, "status"), data={
        "version": current.version, "status": "afgerond", "note": "klaar volgens mij"})
    assert again.status_code == 303
    assert _fu(world, 1).status == S.afgerond


def test_assign_creates_an_event(world, login_as):
    response = login_as("teamleider").post(_url(world, 2, "toewijzen"), data={
        "version": _fu(world, 2).version, "assignee": world.worker2.id, "note": "jij kent ze"})
    assert response.status_code == 303
    assert _fu(world, 2).assignee_id == world.worker2.id
    [event] = _events(world, 2, "assignee")
    assert event.details["to"] == "Bram Veld"


def test_assign_to_a_coordinator_is_refused_inline(world, login_as, users):
    response = login_as("teamleider").post(_url(world, 2, "toewijzen"), data={
        "version": _fu(world, 2).version, "assignee": users["coordinator"].id})
    assert response.status_code == 422
    assert "Kies een actieve veldwerker of teamleider." in response.get_data(as_text=True)


def test_due_date_creates_an_event_and_refuses_the_past(world, login_as):
    client = login_as("teamleider")
    past = client.post(_url(world, 2, "termijn"), data={
        "version": _fu(world, 2).version, "due_date": (world.today - timedelta(days=1))
        .isoformat()})
    assert past.status_code == 422
    assert "Kies vandaag of een latere datum." in past.get_data(as_text=True)
    garbage = client.post(_url(world, 2, "termijn"), data={
        "version": _fu(world, 2).version, "due_date": "morgen"})
    assert garbage.status_code == 422 and "morgen" in garbage.get_data(as_text=True)
    new_due = world.today + timedelta(days=9)
    ok = client.post(_url(world, 2, "termijn"), data={
        "version": _fu(world, 2).version, "due_date": new_due.isoformat()})
    assert ok.status_code == 303
    assert _fu(world, 2).due_date == new_due
    [event] = _events(world, 2, "due_date")
    assert event.details["to"] == new_due.isoformat()


def test_handover_requires_agreement_then_creates_an_event_and_a_link(world, login_as):
    client = login_as("teamleider")
    refused = client.post(_url(world, 1, "overdracht"), data={
        "version": _fu(world, 1).version, "partner": world.partner_b.id,
        "agreement": "intake donderdag"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "De bewoner moet akkoord zijn met de overdracht." in html
    assert "intake donderdag" in html
    done = client.post(_url(world, 1, "overdracht"), data={
        "version": _fu(world, 1).version, "partner": world.partner_b.id,
        "agreement": "intake donderdag", "resident_agreed": "y", "partner_reached": "y",
        "appointment_on": (world.today + timedelta(days=3)).isoformat()})
    assert done.status_code == 303
    follow_up = _fu(world, 1)
    assert (follow_up.status, follow_up.partner_id) == (S.overgedragen, world.partner_b.id)
    assert follow_up.handover_agreement == "intake donderdag"
    assert len(_events(world, 1, "handover")) == 1
    made = client.post(_url(world, 1, "partnerlink"), data={
        "version": follow_up.version, "valid_days": 7})
    assert made.status_code == 200
    html = made.get_data(as_text=True)
    url = re.search(r'value="(http[^"]+/partner/[^"]+)"', html).group(1)
    assert url.startswith(f"http://localhost/partner/{world.ids[1]}/")
    assert "Kopieer" in html
    # The link works for the partner, and is shown only this once.
    assert client.get(url.removeprefix("http://localhost")).status_code == 200
    assert url not in client.get(_url(world, 1)).get_data(as_text=True)
    seen = _fu(world, 1).version
    revoked = client.post(_url(world, 1, "partnerlink/intrekken"), data={"version": seen})
    assert revoked.status_code == 303
    assert _db.session.scalar(select(func.count()).select_from(PartnerLink).where(
        PartnerLink.follow_up_id == world.ids[1], PartnerLink.revoked_at.is_(None))) == 0
    assert client.get(url.removeprefix("http://localhost")).status_code == 410
    # In the history, and the version moved: a page opened before sees the change.
    assert len(_events(world, 1, "partner_link_revoked")) == 1
    assert _fu(world, 1).version == seen + 1
    stale = client.post(_url(world, 1, "partnerlink/intrekken"), data={"version": seen})
    assert stale.status_code == 409


def test_settings_store_working_days_and_show_errors_inline(world, login_as):
    client = login_as("teamleider")
    bad = client.post("/opvolging/instellingen", data={
        "terugbellen": "5", "huisbezoek": "0", "warme_overdracht": "veel", "informatie": ""})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "Kies 1 tot 90 werkdagen." in html and "Vul een heel getal in." in html
    assert 'value="veel"' in html
    ok = client.post("/opvolging/instellingen", data={
        "terugbellen": "5", "huisbezoek": "10", "warme_overdracht": "3", "informatie": "15"})
    assert ok.status_code == 303
    stored = dict(_db.session.execute(select(ServiceLevel.kind, ServiceLevel.working_days)).all())
    assert {k.value: v for k, v in stored.items()} == {
        "terugbellen": 5, "huisbezoek": 10, "warme_overdracht": 3, "informatie": 15}
    assert 'value="10"' in client.get("/opvolging/instellingen").get_data(as_text=True)


def test_today_page_links_to_filtered_lists(world, login_as):
    html = login_as("teamleider").get("/opvolging/vandaag").get_data(as_text=True)
    assert f"buurt={world.buurt_b.id}" in html and "te_laat=y" in html
    assert "Andere buurt" in html


def test_a_closed_follow_up_offers_only_reopening(world, login_as):
    closed = login_as("teamleider").get(_url(world, 6)).get_data(as_text=True)
    assert 'id="actie-status"' in closed
    assert 'id="actie-toewijzen"' not in closed and 'id="actie-overdracht"' not in closed
    assert "heropen de opvolging" in closed
    open_one = login_as("teamleider").get(_url(world, 1)).get_data(as_text=True)
    assert 'id="actie-toewijzen"' in open_one and 'id="actie-overdracht"' in open_one

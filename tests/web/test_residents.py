"""/beheer/bewoner: search, see, download and erase, as a beheerder does it in the browser."""

import json

import pytest
from sqlalchemy import select

from outreach.models import AuditEvent, FollowUp
from tests.privacy_world import make_resident, town_for

URL = "/beheer/bewoner"


@pytest.fixture()
def resident(db, users):
    return make_resident(town_for(users), users["veldwerker"])


@pytest.fixture()
def admin(login_as):
    return login_as("beheerder")


def test_search_by_name_lists_the_follow_up_without_details(admin, resident):
    page = admin.post(URL, data={"q": "mevr. a. jansen"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert str(resident.follow_up.id) in html and "Tulpstraat" in html
    assert "0612345678" not in html
    assert page.headers["Cache-Control"] == "no-store"


def test_search_without_a_term_shows_the_error_next_to_the_field(admin, resident):
    page = admin.post(URL, data={"q": ""})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "field-error" in html
    assert "Vul een naam of opvolgingsnummer in." in html


def test_search_keeps_what_was_typed_when_nothing_is_found(admin, resident):
    html = admin.post(URL, data={"q": "Onbekende Bewoner"}).get_data(as_text=True)
    assert 'value="Onbekende Bewoner"' in html and "Niets gevonden" in html


def test_show_page_has_everything_and_is_audited(admin, db, resident):
    page = admin.post(f"{URL}/{resident.follow_up.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    for text in ("Mevr. A. Jansen", "0612345678", "Bellen na 17 uur", "Afspraak bij schuldhulp",
                 "Gesproken met dochter", "Deurnotitie schulden", "Achterstand huur",
                 "Kookt graag Surinaams"):
        assert text in html, text
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "resident.view")) == "resident.view"


def test_show_is_not_a_get_page(admin, resident):
    assert admin.get(f"{URL}/{resident.follow_up.id}").status_code == 405


def test_export_downloads_json(admin, db, resident):
    response = admin.post(f"{URL}/{resident.follow_up.id}/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    assert document["follow_ups"][0]["resident_phone"] == "0612345678"
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "resident.export")) == "resident.export"


def test_erase_asks_first_then_needs_the_box_ticked(admin, db, resident):
    erase_url = f"{URL}/{resident.follow_up.id}/wissen"
    ask = admin.post(erase_url)
    assert ask.status_code == 200 and "Definitief wissen" in ask.get_data(as_text=True)
    unticked = admin.post(erase_url, data={"confirm_step": "1"})
    assert unticked.status_code == 422
    assert "Vink aan om te bevestigen." in unticked.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(FollowUp, resident.follow_up.id).resident_name == "Mevr. A. Jansen"
    done = admin.post(erase_url, data={"confirm_step": "1", "confirm": "y"})
    assert done.status_code == 302 and done.headers["Location"].endswith(URL)
    db.session.expire_all()
    assert db.session.get(FollowUp, resident.follow_up.id).resident_name is None
    html = admin.post(URL, data={"q": "Mevr. A. Jansen"}).get_data(as_text=True)
    assert "Niets gevonden" in html


def test_erase_of_unknown_follow_up_is_404(admin):
    assert admin.post(f"{URL}/00000000-0000-0000-0000-000000000000/wissen").status_code == 404


def test_beheerder_start_page_lists_resident_rights(admin):
    assert "Rechten van bewoners" in admin.get("/").get_data(as_text=True)

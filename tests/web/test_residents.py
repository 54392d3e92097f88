"""/beheer/bewoner: search, see, download and erase, as a beheerder does it in the browser."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from outreach.models import AuditEvent, Contact, FollowUp
from outreach.models.enums import FollowUpStatus
from tests.privacy_world import NOW, make_resident, town_for

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


# --- issue 12: words, an overview to print, several matches, erase all at once -------------

ROOT = Path(__file__).resolve().parents[2]
# Codes the record stores that a person should never have to read.
RAW_CODES = ("warme_overdracht", "geld_schulden", "gesprek\"", "opvolging\"", "partner_link",
             "overgedragen\"", "due_date", "None", "True", "False")


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _main(html: str) -> str:
    return _text(html.split("<main", 1)[1].split("</main>", 1)[0])


@pytest.fixture()
def handed_over(db, users, resident):
    """The resident's follow-up taken further: handed over, confirmed by the partner."""
    from outreach.models import FollowUpEvent

    f = resident.follow_up
    f.events.append(FollowUpEvent(actor_id=users["teamleider"].id, action="handover",
                                  from_status=FollowUpStatus.open,
                                  to_status=FollowUpStatus.overgedragen,
                                  at=NOW - timedelta(days=20),
                                  details={"partner": "Schuldhulp Testdorp", "partner_id": 1,
                                           "appointment_on": "2026-05-12",
                                           "partner_reached": True}))
    f.events.append(FollowUpEvent(action="partner_confirmed", at=NOW - timedelta(days=19),
                                  from_status=FollowUpStatus.overgedragen,
                                  to_status=FollowUpStatus.overgedragen,
                                  note="Eerste gesprek gepland",
                                  details={"outcome": "opgepakt",
                                           "partner": "Schuldhulp Testdorp"}))
    f.events.append(FollowUpEvent(actor_id=users["teamleider"].id, action="due_date",
                                  at=NOW - timedelta(days=18),
                                  details={"from": "2026-05-10", "to": None}))
    db.session.commit()
    return resident


def test_show_page_tells_the_history_in_words(admin, handed_over):
    html = admin.post(f"{URL}/{handed_over.follow_up.id}").get_data(as_text=True)
    text = _main(html)
    assert "Opvolging 1: Warme overdracht" in text
    assert "Aangemaakt (open)" in text
    assert "Status gewijzigd: open → open" in text
    assert "Overgedragen aan partner: Schuldhulp Testdorp; afspraak op 12 mei 2026; " \
           "partner bereikt" in text
    assert "Bevestigd door partner Schuldhulp Testdorp: opgepakt" in text
    assert "Notitie: Eerste gesprek gepland" in text
    assert "Termijn gewijzigd: 10 mei 2026 → geen termijn" in text
    assert "Geld en schulden (urgentie normaal)" in text and "Koken (wil meedoen)" in text
    assert "Gesprek van 2 mei 2026 12:00" in text  # 10:00 UTC is 12:00 in Amsterdam (summer)
    assert "Tulpstraat 7, Testbuurt" in text and "Aan de deur" in text
    for code in RAW_CODES:
        assert code not in text, code


def test_overview_prints_everything_in_words_and_is_audited(admin, db, handed_over):
    response = admin.post(f"{URL}/{handed_over.follow_up.id}/overzicht")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    text = _main(html)
    assert "Wat Buurtronde over u heeft vastgelegd" in text
    assert "Bekend als: Mevr. A. Jansen." in text
    for value in ("0612345678", "Bellen na 17 uur", "Afspraak bij schuldhulp",
                  "Gesproken met dochter", "Deurnotitie schulden", "Achterstand huur",
                  "Kookt graag Surinaams", "Eerste gesprek gepland"):
        assert value in text, value
    # The retention it promises is the one configured.
    assert "90 dagen nadat de opvolging is afgerond" in text and "24 maanden" in text
    for code in RAW_CODES:
        assert code not in text, code
    # A print button (no inline script: CSP), print.js, and a print stylesheet.
    assert 'data-print' in html and "js/print.js" in html and "css/residents.css" in html
    css = (ROOT / "static/css/residents.css").read_text()
    print_css = css.split("@media print", 1)[1]
    assert ".no-print" in print_css and ".topbar" in print_css and "@page" in print_css
    export = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "resident.export"))
    assert export.details["format"] == "html"


def test_overview_and_json_say_the_same(admin, handed_over):
    """Every text value of the JSON export also reads on the printed overview."""
    document = json.loads(admin.post(f"{URL}/{handed_over.follow_up.id}/export")
                          .get_data(as_text=True))
    text = _main(admin.post(f"{URL}/{handed_over.follow_up.id}/overzicht")
                 .get_data(as_text=True))
    values = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in (
                "resident_name", "resident_phone", "note", "handover_agreement", "partner",
                "assignee", "street", "buurt"):
            values.append(value)

    walk(document)
    assert values and [v for v in values if v not in text] == []


def test_every_json_key_is_documented(admin, handed_over):
    document = json.loads(admin.post(f"{URL}/{handed_over.follow_up.id}/export")
                          .get_data(as_text=True))
    keys = set()

    def walk(value):
        if isinstance(value, dict):
            keys.update(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(document)
    docs = (ROOT / "docs/privacy.md").read_text()
    assert [k for k in sorted(keys) if f"`{k}`" not in docs] == []


def test_overview_is_post_only_and_for_beheerders(login_as, resident):
    assert login_as("beheerder").get(f"{URL}/{resident.follow_up.id}/overzicht").status_code \
        == 405
    assert login_as("teamleider").post(
        f"{URL}/{resident.follow_up.id}/overzicht").status_code == 403


def test_partial_search_lists_several_residents_without_details(admin, db, users, resident):
    worker = users["veldwerker"]
    first = db.session.get(FollowUp, resident.follow_up.id)
    shared = _town_of(db, resident)
    make_resident(shared, worker, name="Dhr. P. Jansen", phone="0699999999", tag=" P")
    make_resident(shared, worker, name="Mevr. A. Jansen", tag=" 2",
                  recorded_at=NOW - timedelta(days=3))
    response = admin.post(URL, data={"q": "jansen"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    text = _main(html)
    assert "2 bewoners" in text
    assert text.count("Bekijk alles") == 2
    assert "2 opvolgingen" in text and "1 opvolging" in text
    assert "Testbuurt" in text and "Tulpstraat" in text and "eerste contact 2 mei 2026" in text
    # Only enough to choose: no name, phone or note of anyone.
    for detail in ("Jansen", "0612345678", "0699999999", "Bellen na 17 uur", "Deurnotitie"):
        assert detail not in text, detail
    # Each resident opens through their first follow-up.
    assert f'action="{URL}/{first.id}"' in html


def _town_of(db, resident):
    from outreach.models import Buurt, Partner, Round, Street
    from tests.factories import Town

    contact = db.session.get(Contact, resident.contact.id)
    buurt = db.session.get(Buurt, contact.buurt_id)
    streets = {s.name: s for s in db.session.scalars(select(Street).where(
        Street.buurt_id == buurt.id))}
    return Town(buurt=buurt, streets=streets, round=db.session.get(Round, contact.round_id),
                partner=db.session.scalars(select(Partner)).first())


@pytest.mark.parametrize("query", ["Jan\x00sen", "\x00"])
def test_search_with_a_nul_is_refused_by_the_request_guard(admin, resident, query):
    response = admin.post(URL, data={"q": query})
    assert response.status_code == 400
    assert "Ongeldige invoer" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["Jan\x1bsen", "a\x1b[31m", "a\x7f"])
def test_search_with_a_control_character_answers_on_the_field(admin, resident, query):
    response = admin.post(URL, data={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "field-error" in html and "stuurteken" in html


def test_erase_all_lists_what_goes_and_clears_it_in_one_step(admin, db, users, resident):
    again = make_resident(_town_of(db, resident), users["veldwerker"], name="MEVR. A.  Jansen",
                          tag=" 2", recorded_at=NOW - timedelta(days=3))
    erase_url = f"{URL}/{resident.follow_up.id}/wissen"
    ask = admin.post(erase_url)
    html = ask.get_data(as_text=True)
    text = _main(html)
    assert ask.status_code == 200
    assert "2 opvolging(en)" in text and "2 notitie(s) in de geschiedenis" in text
    assert text.count("Warme overdracht · open · aangemaakt") == 2
    assert "Tulpstraat, Testbuurt · partner Schuldhulp Testdorp" in text
    assert text.count("notities, huisnummer en GPS-punt gaan weg") == 2
    listed = re.findall(r'name="follow_up" value="([0-9a-f-]{36})"', html)
    assert set(listed) == {str(resident.follow_up.id), str(again.follow_up.id)}
    done = admin.post(erase_url, data={"confirm_step": "1", "confirm": "y",
                                       "follow_up": listed})
    assert done.status_code == 302
    db.session.expire_all()
    for gone in (resident, again):
        assert db.session.get(FollowUp, gone.follow_up.id).resident_name is None
        assert db.session.get(Contact, gone.contact.id).note is None
    assert "Niets gevonden" in admin.post(URL, data={"q": "jansen"}).get_data(as_text=True)
    [erased] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "resident.erase")).all()
    assert set(erased.details["follow_up_ids"]) == set(listed)


def test_erase_of_a_changed_resident_asks_again(admin, db, users, resident):
    erase_url = f"{URL}/{resident.follow_up.id}/wissen"
    listed = re.findall(r'name="follow_up" value="([0-9a-f-]{36})"',
                        admin.post(erase_url).get_data(as_text=True))
    # Meanwhile a phone syncs a second follow-up of the same resident.
    make_resident(_town_of(db, resident), users["veldwerker"], tag=" 2")
    again = admin.post(erase_url, data={"confirm_step": "1", "confirm": "y",
                                        "follow_up": listed})
    assert again.status_code == 409
    html = again.get_data(as_text=True)
    assert "Er is intussen iets veranderd" in html
    assert len(re.findall(r'name="follow_up" value=', html)) == 2
    db.session.expire_all()
    assert db.session.get(FollowUp, resident.follow_up.id).resident_name == "Mevr. A. Jansen"


def test_overview_reads_in_english_through_the_catalogue(app, users, handed_over):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(users["beheerder"].id)
        session["_fresh"] = True
        session["lang"] = "en"
    text = _main(client.post(f"{URL}/{handed_over.follow_up.id}/overzicht")
                 .get_data(as_text=True))
    assert "What Buurtronde has recorded about you" in text
    assert "Status changed: open → open" in text and "Handed over to partner" in text
    assert "Wat Buurtronde" not in text and "Status gewijzigd" not in text

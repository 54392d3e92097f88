"""Partner administration: list with filters, new and edit, validation that keeps the input."""

import re
from datetime import date

import pytest
from geoalchemy2.shape import to_shape
from sqlalchemy import select

from outreach.models import AuditEvent, Buurt, FollowUp, Partner
from outreach.models.enums import FollowUpKind, FollowUpStatus, PartnerKind
from tests.factories import make_town

GOOD = {"name": "Wijkteam Noord", "kind": "wijkteam", "contact_name": "Fatima el Amrani",
        "phone": "+31 10 123 45 67", "email": "Noord@Wijkteam.example",
        "address": "Kerkstraat 1, Testdorp", "lon": "5,1012", "lat": "52.0501",
        "opening_hours": "ma-vr 9-17", "active": "y"}


@pytest.fixture()
def town(db, users):
    return make_town(users["veldwerker"], round_date=date(2026, 11, 10))


@pytest.fixture()
def admin(login_as):
    return login_as("beheerder")


def _partner(db, name):
    return db.session.scalar(select(Partner).where(Partner.name == name))


def test_create_partner_with_location_and_buurten(admin, db, town, users):
    response = admin.post("/beheer/partners/nieuw", data={**GOOD, "buurten": [town.buurt.id]})
    assert response.status_code == 302
    partner = _partner(db, "Wijkteam Noord")
    assert partner.kind == PartnerKind.wijkteam
    assert partner.email == "noord@wijkteam.example"
    assert [b.id for b in partner.buurten] == [town.buurt.id]
    point = to_shape(partner.geom)
    assert (round(point.x, 6), round(point.y, 6)) == (5.1012, 52.0501)
    assert partner.opening_hours == "ma-vr 9-17" and partner.active
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "partner.create"))
    assert event.subject_id == str(partner.id) and event.actor_id == users["beheerder"].id


def test_list_shows_partners_and_filters_by_kind_and_buurt(admin, db, town):
    other_buurt = Buurt(code="BU99990002", name="Anderbuurt", gemeente_code="GM9999",
                        gemeente_name="Testdorp", key_figures={},
                        geom="SRID=4326;MULTIPOLYGON(((5.2 52.1,5.21 52.1,5.21 52.11,5.2 52.1)))")
    db.session.add(other_buurt)
    db.session.add(Partner(name="Taalhuis Zuid", kind=PartnerKind.taalhuis,
                           phone="010-7654321", buurten=[other_buurt], active=False))
    db.session.commit()
    html = admin.get("/beheer/partners").get_data(as_text=True)
    assert "Schuldhulp Testdorp" in html and "Taalhuis Zuid" in html
    assert "Testbuurt" in html and "010-0000000" in html and "inactief" in html
    html = admin.get("/beheer/partners?soort=taalhuis").get_data(as_text=True)
    assert "Taalhuis Zuid" in html and "Schuldhulp Testdorp" not in html
    html = admin.get(f"/beheer/partners?buurt={town.buurt.id}").get_data(as_text=True)
    assert "Schuldhulp Testdorp" in html and "Taalhuis Zuid" not in html
    assert admin.get("/beheer/partners?soort=onzin&buurt=xyz").status_code == 200


BAD = [
    ({"name": ""}, "name", "Vul een naam in"),
    ({"name": "Schuldhulp Testdorp"}, "name", "al een partner met deze naam"),
    ({"name": "schuldhulp testdorp"}, "name", "al een partner met deze naam"),
    ({"kind": "bakker"}, "kind", None),
    ({"phone": "bel me"}, "phone", "geldig telefoonnummer"),
    ({"email": "geen-mail"}, "email", "geldig e-mailadres"),
    ({"lon": "4,47", "lat": ""}, "lat", "allebei"),
    ({"lon": "52.05", "lat": "5.10"}, "lon", "buiten Nederland"),
    ({"lon": "13.4", "lat": "52.5"}, "lon", "buiten Nederland"),
    ({"lon": "vijf", "lat": "52.05"}, "lon", "Vul een getal in"),
    ({"lon": "nan", "lat": "52.05"}, "lon", "Vul een getal in"),
    ({"opening_hours": "x" * 201}, "opening_hours", None),
]


@pytest.mark.parametrize("change,field,message", BAD)
def test_bad_input_is_refused_next_to_the_field_and_kept(admin, db, town, change, field,
                                                         message):
    data = {**GOOD, "name": "Nieuwe partner", **change}
    response = admin.post("/beheer/partners/nieuw", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    if message:
        assert message in html
    for kept in ("Fatima el Amrani", "Kerkstraat 1, Testdorp"):
        assert kept in html
    typed = change.get(field, data[field])
    if field in ("lon", "phone", "email") and typed:
        assert f'value="{typed}"' in html
    assert _partner(db, "Nieuwe partner") is None
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "partner.create")) is None


def test_unknown_buurt_is_refused(admin, db, town):
    response = admin.post("/beheer/partners/nieuw", data={**GOOD, "buurten": [987654]})
    assert response.status_code == 422
    assert 'id="buurten-error"' in response.get_data(as_text=True)


def test_edit_form_shows_stored_values(admin, db, town):
    html = admin.get(f"/beheer/partners/{town.partner.id}").get_data(as_text=True)
    assert 'value="Schuldhulp Testdorp"' in html
    assert 'value="5.101"' in html and 'value="52.05"' in html
    assert re.search(rf'<input checked id="buurten-\d+" name="buurten" type="checkbox" '
                     rf'value="{town.buurt.id}"', html)


def test_deactivate_keeps_follow_ups_and_is_audited(admin, db, town, users):
    follow_up = FollowUp(kind=FollowUpKind.warme_overdracht, status=FollowUpStatus.overgedragen,
                         partner_id=town.partner.id)
    db.session.add(follow_up)
    db.session.commit()
    data = {"name": "Schuldhulp Testdorp", "kind": "schuldhulp", "phone": "010-0000000",
            "lon": "5.101", "lat": "52.05", "buurten": [town.buurt.id]}  # active unticked
    response = admin.post(f"/beheer/partners/{town.partner.id}", data=data)
    assert response.status_code == 302
    db.session.refresh(town.partner)
    db.session.refresh(follow_up)
    assert town.partner.active is False
    assert follow_up.partner_id == town.partner.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "partner.update"))
    assert event.details == {"changed": ["active"], "active": False}
    assert event.actor_id == users["beheerder"].id


def test_rename_to_an_existing_name_is_refused(admin, db, town):
    db.session.add(Partner(name="Voedselbank", kind=PartnerKind.voedselbank))
    db.session.commit()
    response = admin.post(f"/beheer/partners/{town.partner.id}",
                          data={"name": "Voedselbank", "kind": "schuldhulp"})
    assert response.status_code == 422
    assert "al een partner met deze naam" in response.get_data(as_text=True)
    db.session.refresh(town.partner)
    assert town.partner.name == "Schuldhulp Testdorp"


def test_clearing_the_location(admin, db, town):
    response = admin.post(f"/beheer/partners/{town.partner.id}",
                          data={"name": "Schuldhulp Testdorp", "kind": "schuldhulp",
                                "active": "y"})
    assert response.status_code == 302
    db.session.refresh(town.partner)
    assert town.partner.geom is None and town.partner.buurten == []


def test_unknown_partner_is_404(admin, db):
    assert admin.get("/beheer/partners/999999").status_code == 404


@pytest.mark.parametrize("role", ["veldwerker", "coordinator", "teamleider"])
def test_other_roles_may_not_maintain_partners(login_as, db, town, role):
    client = login_as(role)
    assert client.get("/beheer/partners").status_code == 403
    assert client.post("/beheer/partners/nieuw", data=GOOD).status_code == 403
    assert client.post(f"/beheer/partners/{town.partner.id}", data=GOOD).status_code == 403
    db.session.refresh(town.partner)
    assert town.partner.name == "Schuldhulp Testdorp"


def test_beheerder_start_page_lists_partners(admin, db):
    html = admin.get("/").get_data(as_text=True)
    assert 'href="/beheer/partners"' in html

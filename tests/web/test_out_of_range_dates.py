"""Dates at the edges of the calendar (year 1, year 9999) get a message, never a 500.

Used as a period bound they overflow as soon as a time zone or a day is added; the app
takes days from 2000 to 2099 (outreach.clock) and refuses the rest where they come in.
"""

from datetime import date

import pytest

from tests.services.test_sync_world import build_world, contact_item

PAGES = [
    ("teamleider", "/rapportage?periode=anders&van=9999-12-30&tot=9999-12-31", "van"),
    ("teamleider", "/rapportage?periode=anders&van=0001-01-01&tot=0001-01-02", "van"),
    ("beheerder", "/beheer/audit?tot=9999-12-31", "tot"),
    ("beheerder", "/beheer/audit?van=0001-01-01", "van"),
    ("coordinator", "/plan?van=9999-12-30&tot=9999-12-31", None),
    ("coordinator", "/plan?van=0001-01-01&tot=0001-01-02", None),
]


@pytest.mark.parametrize("role,url,field", PAGES)
def test_pages_refuse_days_outside_2000_2099_with_a_message(login_as, role, url, field):
    response = login_as(role).get(url)
    assert response.status_code in (200, 422)
    html = response.get_data(as_text=True)
    assert "Kies een datum tussen 2000 en 2099." in html


@pytest.mark.parametrize("recorded_at", ["0001-01-01T00:30:00+01:00",
                                         "9999-12-31T23:30:00-01:00"])
def test_a_phone_clock_at_the_calendars_edge_is_refused_per_item(db, users, login_as,
                                                                  recorded_at):
    world = build_world(db, users["veldwerker"], round_date=date(2026, 5, 1))
    odd = contact_item(street_id=world.kerkstraat.id, house_number=3, location=None,
                       recorded_at=recorded_at,
                       follow_up={"kind": "terugbellen", "due_date": None})
    fine = contact_item(street_id=world.kerkstraat.id, house_number=5, location=None)
    response = login_as("veldwerker").post("/api/v1/sync/contacts",
                                           json={"contacts": [odd, fine]})
    assert response.status_code == 200
    first, second = response.json["results"]
    assert first["status"] == "rejected" and "recorded_at" in first["errors"]
    assert second["status"] == "created"

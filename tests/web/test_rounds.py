"""Rounds pages: create and edit with ordered streets and workers, errors inline, walk list."""

from datetime import date, timedelta

import pytest

from outreach.clock import local_today
from outreach.extensions import db
from outreach.models import Round
from outreach.services.bundle import build_bundle
from tests.factories import make_town


@pytest.fixture()
def town(db, users):
    return make_town(users["veldwerker"], round_date=local_today() + timedelta(days=1))


def form_data(town, users, **changes):
    data = {
        "title": "Bloemen Testbuurt", "kind": "bloemen",
        "date": (local_today() + timedelta(days=3)).isoformat(), "status": "gepland",
        "buurten": [str(town.buurt.id)],
        "street_ids": ",".join(str(town.streets[n].id) for n in ("Molenweg", "Tulpstraat")),
        "coffee_spot_name": "", "coffee_lon": "", "coffee_lat": "",
        "announcement_text": "We komen langs!", "announcement_date": "",
        "key_contact": "Buurtvader Ali", "workers": [str(users["veldwerker"].id)],
    }
    data.update(changes)
    return data


def test_coordinator_creates_a_round_with_ordered_streets_and_a_worker(login_as, town, users):
    client = login_as("coordinator")
    response = client.post("/rondes/nieuw", data=form_data(
        town, users, kind="koffie", coffee_spot_name="Pleintje", coffee_lon="5.1",
        coffee_lat="52.05"))
    assert response.status_code == 302
    saved = db.session.query(Round).filter_by(title="Bloemen Testbuurt").one()
    assert [s.name for s in saved.streets] == ["Molenweg", "Tulpstraat"]
    assert [w.email for w in saved.workers] == ["veldwerker@test.example"]
    assert saved.kind.value == "koffie" and saved.coffee_spot_name == "Pleintje"
    bundle = build_bundle(users["veldwerker"])
    mine = next(r for r in bundle.content["rounds"] if r["id"] == saved.id)
    assert [s["name"] for s in mine["streets"]] == ["Molenweg", "Tulpstraat"]
    assert mine["coffee_spot"] == {"lon": 5.1, "lat": 52.05}


def test_editing_reorders_streets_and_changes_the_bundle_version(login_as, town, users):
    client = login_as("coordinator")
    worker = users["veldwerker"]
    before = build_bundle(worker).version
    page = client.get(f"/rondes/{town.round.id}")
    assert page.status_code == 200
    assert "Tulpstraat" in page.text
    ids = [town.streets[n].id for n in ("Rozenlaan", "Tulpstraat")]
    response = client.post(f"/rondes/{town.round.id}", data=form_data(
        town, users, title="Testronde", street_ids=",".join(map(str, ids))))
    assert response.status_code == 302
    db.session.expire_all()
    assert [s.name for s in db.session.get(Round, town.round.id).streets] == [
        "Rozenlaan", "Tulpstraat"]
    assert build_bundle(worker).version != before
    # Unassigning the worker takes the round off the phone.
    client.post(f"/rondes/{town.round.id}", data=form_data(town, users, workers=[]))
    assert build_bundle(worker).content["rounds"] == []


@pytest.mark.parametrize("changes, field, message", [
    ({"title": ""}, "title", None),
    ({"date": "31-02-2025"}, "date", None),
    ({"buurten": []}, "buurten", "Kies minstens één buurt."),
    ({"street_ids": "1,x"}, "street_ids", "Ongeldige stratenlijst."),
    ({"street_ids": "999999"}, "street_ids", "Onbekende straat in de lijst."),
    ({"kind": "fietsen"}, "kind", None),
    ({"coffee_lon": "500", "coffee_lat": "52"}, "coffee_lon", None),
    ({"announcement_date": "2098-01-01"}, "announcement_date", "vóór de ronde"),
    ({"date": "2999-01-01"}, "date", "tussen 2000 en 2099"),
])
def test_bad_input_is_shown_next_to_the_field_and_what_was_typed_stays(
        login_as, town, users, changes, field, message):
    client = login_as("coordinator")
    before = db.session.query(Round).count()
    response = client.post("/rondes/nieuw", data=form_data(town, users, **changes))
    assert response.status_code == 422
    assert 'class="field-error"' in response.text
    if message:
        assert message in response.text
    assert "Buurtvader Ali" in response.text  # typed text kept
    assert db.session.query(Round).count() == before


def test_a_street_outside_the_chosen_buurten_is_refused(login_as, town, users, db):
    from outreach.models import Buurt, Street

    other = Buurt(code="BU99990002", name="Andere buurt", geom=town.buurt.geom)
    db.session.add(other)
    db.session.flush()
    street = Street(buurt_id=other.id, name="Verweg", length_m=10,
                    geom="SRID=4326;MULTILINESTRING((5.1 52.05,5.1001 52.05))")
    db.session.add(street)
    db.session.flush()
    response = login_as("coordinator").post("/rondes/nieuw", data=form_data(
        town, users, street_ids=str(street.id)))
    assert response.status_code == 422
    assert "Elke straat moet in een gekozen buurt liggen." in response.text


def test_only_veldwerkers_can_be_assigned(login_as, town, users):
    response = login_as("coordinator").post("/rondes/nieuw", data=form_data(
        town, users, workers=[str(users["teamleider"].id)]))
    assert response.status_code == 422
    assert "Alleen actieve veldwerkers" in response.text


def test_list_shows_upcoming_and_past_with_progress(login_as, town, users):
    past = Round(kind=town.round.kind, date=date(2024, 1, 5), title="Winterronde")
    db.session.add(past)
    db.session.commit()
    page = login_as("coordinator").get("/rondes")
    assert page.status_code == 200
    upcoming, earlier = page.text.split("Eerdere rondes")
    assert "Testronde" in upcoming and "0 van 3 straten" in upcoming
    assert "Winterronde" in earlier


def test_walk_list_has_streets_in_order_with_house_numbers_and_partner_phone(login_as, town):
    page = login_as("coordinator").get(f"/rondes/{town.round.id}/looplijst")
    assert page.status_code == 200
    text = page.text
    assert text.index("Tulpstraat") < text.index("Rozenlaan") < text.index("Molenweg")
    assert "1–19 oneven" in text and "2–20 even" in text
    assert "010-0000000" in text
    assert text.count('class="tick-box"') == 3


def test_planner_json_proposes_and_refuses_with_the_envelope(login_as, town):
    client = login_as("coordinator")
    proposal = client.get(f"/rondes/planner/voorstel?buurt={town.buurt.id}&count=2"
                          "&start=5.096,52.049")
    assert proposal.status_code == 200
    assert len(proposal.json["streets"]) == 2 and proposal.json["distance_m"] > 0
    layer = client.get(f"/rondes/planner/straten?buurt={town.buurt.id}")
    assert len(layer.json["streets"]["features"]) == 3
    assert layer.json["starts"][0]["name"] == "Schuldhulp Testdorp"
    ids = "&".join(f"street={s.id}" for s in town.streets.values())
    assert client.get(f"/rondes/planner/koffie?{ids}").json["spots"]
    bad = client.get(f"/rondes/planner/voorstel?buurt={town.buurt.id}&count=abc")
    assert bad.status_code == 422
    assert bad.json["error"]["code"] == "invalid" and "count" in bad.json["error"]["fields"]
    assert client.get("/rondes/planner/route?street=x").status_code == 422
    assert client.get("/rondes/planner/route?street=1&start=a,b").status_code == 422

"""Where the sync service puts a contact: street, buurt, point and H3 cell."""

import uuid
from datetime import date

import h3
import psycopg
import pytest
from sqlalchemy import text

from outreach.api.schemas.sync import parse_items
from outreach.models import Contact
from outreach.services.sync import sync_contacts
from tests.services.test_sync_world import (
    COFFEE_SPOT,
    FAR_FROM_STREETS,
    IN_VELDBUURT,
    NEAR_KERKSTRAAT,
    NOWHERE,
    build_world,
    contact_item,
    door_point,
)


@pytest.fixture()
def world(db, users):
    return build_world(db, users["veldwerker"], round_date=date(2026, 5, 1))


def _sync(users, *items):
    return sync_contacts(users["veldwerker"], parse_items(list(items))).results


def _point(db, item) -> tuple[float, float]:
    row = db.session.execute(text("SELECT ST_X(geom), ST_Y(geom) FROM contacts WHERE id = :id"),
                             {"id": uuid.UUID(item["id"])}).one()
    return row[0], row[1]


def _at(point):
    return {"lon": point[0], "lat": point[1], "accuracy_m": 5.0}


def test_street_picked_by_the_worker_wins_over_gps(db, users, world):
    item = contact_item(street_id=world.dorpsweg.id, location=_at(NEAR_KERKSTRAAT))
    [result] = _sync(users, item)
    assert (result.status, result.street_id, result.buurt_id) == (
        "created", world.dorpsweg.id, world.kerkbuurt.id)
    assert _point(db, item) == pytest.approx(NEAR_KERKSTRAAT)


def test_picked_street_and_known_door_take_the_address_point(db, users, world):
    item = contact_item(street_id=world.kerkstraat.id, house_number=5, location=None)
    _sync(users, item)
    assert _point(db, item) == pytest.approx(door_point(5))


def test_door_suffix_picks_the_matching_address(db, users, world):
    item = contact_item(street_id=world.kerkstraat.id, house_number=12, house_suffix="a",
                        location=None)
    _sync(users, item)
    assert _point(db, item) == pytest.approx((4.4094, 51.90205))


def test_unknown_door_takes_the_street_point_nearest_its_centre(db, users, world):
    item = contact_item(street_id=world.kerkstraat.id, house_number=99, location=None)
    _sync(users, item)
    assert _point(db, item) == pytest.approx((4.405, 51.902))


def test_gps_near_a_street_takes_the_nearest_street(db, users, world):
    [result] = _sync(users, contact_item(location=_at(NEAR_KERKSTRAAT)))
    assert (result.street_id, result.buurt_id) == (world.kerkstraat.id, world.kerkbuurt.id)


def test_gps_far_from_streets_takes_the_buurt_only(db, users, world):
    item = contact_item(location=_at(FAR_FROM_STREETS))
    [result] = _sync(users, item)
    assert (result.status, result.street_id, result.buurt_id) == (
        "created", None, world.kerkbuurt.id)
    assert _point(db, item) == pytest.approx(FAR_FROM_STREETS)


def test_gps_in_a_buurt_without_streets(db, users, world):
    [result] = _sync(users, contact_item(location=_at(IN_VELDBUURT)))
    assert (result.street_id, result.buurt_id) == (None, world.veldbuurt.id)


def test_gps_outside_every_buurt_is_rejected(db, users, world):
    [result] = _sync(users, contact_item(location=_at(NOWHERE)))
    assert result.status == "rejected"
    assert list(result.errors) == ["location"]


def test_coffee_spot_places_a_koffieplek_contact_without_gps(db, users, world):
    item = contact_item(setting="koffieplek", round_id=world.coffee_round.id, location=None)
    [result] = _sync(users, item)
    assert (result.status, result.street_id, result.buurt_id) == (
        "created", None, world.veldbuurt.id)
    assert _point(db, item) == pytest.approx(COFFEE_SPOT)


def test_koffieplek_contact_gets_no_street_guessed_from_gps(db, users, world):
    # Its street is where the visitor lives, if they said so; near the cart is not home.
    guessed = contact_item(setting="koffieplek", round_id=world.coffee_round.id,
                           location=_at(NEAR_KERKSTRAAT))
    told = contact_item(setting="koffieplek", round_id=world.coffee_round.id,
                        street_id=world.dorpsweg.id, location=_at(NEAR_KERKSTRAAT))
    results = _sync(users, guessed, told)
    assert [(r.status, r.street_id, r.buurt_id) for r in results] == [
        ("created", None, world.kerkbuurt.id), ("created", world.dorpsweg.id, world.kerkbuurt.id)]
    assert _point(db, guessed) == pytest.approx(NEAR_KERKSTRAAT)


def test_coffee_spot_does_not_place_a_door_contact(db, users, world):
    item = contact_item(setting="deur", round_id=world.coffee_round.id, location=None)
    [result] = _sync(users, item)
    assert result.status == "rejected"


def test_h3_cell_at_resolution_9_of_the_stored_point(db, users, world):
    items = [contact_item(location=_at(NEAR_KERKSTRAAT)),
             contact_item(street_id=world.kerkstraat.id, house_number=3, location=None)]
    _sync(users, *items)
    for item in items:
        lon, lat = _point(db, item)
        contact = db.session.get(Contact, uuid.UUID(item["id"]))
        assert contact.h3_cell == h3.latlng_to_cell(lat, lon, 9)
        assert h3.get_resolution(contact.h3_cell) == 9


def test_gps_accuracy_is_kept(db, users, world):
    item = contact_item(location={**_at(NEAR_KERKSTRAAT), "accuracy_m": 12.5})
    _sync(users, item)
    assert db.session.get(Contact, uuid.UUID(item["id"])).location_accuracy_m == 12.5


@pytest.mark.parametrize("copies", [1, 25])
def test_a_batch_takes_the_same_statements_whatever_its_size(db, users, world, monkeypatch,
                                                             copies):
    statements = []
    execute = psycopg.Cursor.execute

    def counting(self, query, *args, **kwargs):
        statements.append(str(query))
        return execute(self, query, *args, **kwargs)

    points = (NEAR_KERKSTRAAT, FAR_FROM_STREETS, IN_VELDBUURT, NOWHERE) * copies
    parsed = parse_items([contact_item(location=_at(p)) for p in points])
    users["veldwerker"].id  # noqa: B018  (load the user before counting)
    monkeypatch.setattr(psycopg.Cursor, "execute", counting)
    results = sync_contacts(users["veldwerker"], parsed).results
    monkeypatch.undo()
    assert [r.status for r in results].count("created") == 3 * copies
    ours = [s for s in statements if "json_to_recordset" in s or "UNION ALL" in s]
    # lookup, placement, contacts insert (no help questions, talents or follow-ups here)
    assert len(ours) == 3
    # plus the audit insert, the session's savepoint handling and the batch's own
    # savepoint (SAVEPOINT and RELEASE: a refused batch is stored again item by item)
    assert len(statements) <= 8

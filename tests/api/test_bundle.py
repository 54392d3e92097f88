"""GET /api/v1/veld/bundle: the worker's own offline data, versioned, audited when personal."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from outreach.clock import local_today
from outreach.models import (
    AuditEvent,
    Buurt,
    Contact,
    FollowUp,
    HelpQuestion,
    Partner,
    Round,
    RoundStreet,
)
from outreach.services.bundle import build_bundle
from outreach.services.users import create_user
from tests.services.test_sync_world import build_world

URL = "/api/v1/veld/bundle"
SEEN = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


@pytest.fixture()
def colleague(db):
    return create_user("collega@test.example", "Collega Veld", "veldwerker", "pw-collega-123")


@pytest.fixture()
def world(db, users):
    return build_world(db, users["veldwerker"], round_date=local_today())


def _round(db, world, worker, *, days: int, title: str, status="gepland") -> Round:
    round_ = Round(kind="bloemen", date=local_today() + timedelta(days=days), title=title,
                   status=status)
    round_.buurten.append(world.kerkbuurt)
    round_.workers.append(worker)
    round_.round_streets.append(RoundStreet(street=world.dorpsweg))
    db.session.add(round_)
    db.session.commit()
    return round_


def _contact(db, world, worker, *, street=None, number=None, suffix=None, at=SEEN):
    contact = Contact(id=uuid.uuid4(), buurt_id=world.kerkbuurt.id,
                      street_id=(street or world.kerkstraat).id, house_number=number,
                      house_suffix=suffix, outcome="gesprek", worker_id=worker.id,
                      recorded_at=at, geom="SRID=4326;POINT(4.402 51.902)")
    db.session.add(contact)
    db.session.commit()
    return contact


def _follow_up(db, worker, *, status="open", contact=None, name=None, due=None, partner=None):
    follow_up = FollowUp(id=uuid.uuid4(), kind="terugbellen", status=status,
                         assignee_id=worker.id, contact_id=contact.id if contact else None,
                         resident_name=name, resident_phone="0612345678" if name else None,
                         due_date=due, partner_id=partner.id if partner else None)
    db.session.add(follow_up)
    db.session.commit()
    return follow_up


def _titles(body):
    return [r["title"] for r in body["rounds"]]


def test_bundle_has_only_the_workers_current_rounds_in_date_order(db, world, users, colleague,
                                                                   login_as):
    worker = users["veldwerker"]
    _round(db, world, worker, days=3, title="Later")
    _round(db, world, worker, days=-1, title="Gisteren")
    _round(db, world, worker, days=-2, title="Eergisteren")
    _round(db, world, worker, days=0, title="Klaar", status="afgerond")
    _round(db, world, colleague, days=0, title="Van een collega")
    body = login_as("veldwerker").get(URL).json
    assert _titles(body) == ["Gisteren", "Bloemenronde Kerkbuurt", "Koffie op het veld", "Later"]
    assert body["worker"] == {"id": worker.id, "name": "Test Veldwerker"}


def test_bundle_round_details_and_street_coverage(db, world, users, colleague, login_as):
    worker = users["veldwerker"]
    for number, suffix, who in [(1, None, worker), (1, None, colleague), (2, None, worker),
                                (12, "A", worker), (12, "a", colleague), (None, None, worker)]:
        _contact(db, world, who, number=number, suffix=suffix)
    latest = _contact(db, world, colleague, number=2, at=SEEN + timedelta(hours=3))
    body = login_as("veldwerker").get(URL).json
    door_round, coffee_round = body["rounds"]
    assert door_round["buurten"] == [{"id": world.kerkbuurt.id, "code": "BU00000001",
                                      "name": "Kerkbuurt"}]
    assert (door_round["kind"], door_round["status"], door_round["coffee_spot"]) == (
        "bloemen", "gepland", None)
    assert door_round["date"] == local_today().isoformat()
    assert coffee_round["coffee_spot"] == {"lon": 4.412, "lat": 51.903}
    assert coffee_round["coffee_spot_name"] == "Veldje"
    kerkstraat, dorpsweg = door_round["streets"]
    assert kerkstraat == {
        "id": world.kerkstraat.id, "name": "Kerkstraat", "buurt_id": world.kerkbuurt.id,
        "buurt_name": "Kerkbuurt", "position": 0, "length_m": kerkstraat["length_m"],
        "doors_logged": 3, "last_visit": latest.recorded_at.astimezone(UTC).isoformat(),
        "house_numbers": ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12A"],
    }
    assert 540 < kerkstraat["length_m"] < 560
    assert (dorpsweg["position"], dorpsweg["doors_logged"], dorpsweg["last_visit"],
            dorpsweg["house_numbers"]) == (1, 0, None, [])
    assert coffee_round["streets"] == []


def test_bundle_streets_are_geojson_rounded_to_six_decimals(db, world, users, login_as):
    _round(db, world, users["veldwerker"], days=1, title="Morgen")  # Dorpsweg again
    streets = login_as("veldwerker").get(URL).json["streets"]
    assert streets["type"] == "FeatureCollection"
    assert [f["properties"] for f in streets["features"]] == [
        {"id": world.kerkstraat.id, "name": "Kerkstraat", "buurt_id": world.kerkbuurt.id},
        {"id": world.dorpsweg.id, "name": "Dorpsweg", "buurt_id": world.kerkbuurt.id},
    ]
    geometry = streets["features"][0]["geometry"]
    assert geometry == {"type": "MultiLineString",
                        "coordinates": [[[4.401, 51.902], [4.409, 51.902]]]}


def test_bundle_partners_serve_the_rounds_buurten(db, world, login_as):
    elsewhere = Buurt(code="BU00000009", name="Elders",
                      geom="SRID=4326;MULTIPOLYGON(((5 52,5.01 52,5.01 52.01,5 52)))")
    far = Partner(name="Voedselbank Elders", kind="voedselbank")
    far.buurten.append(elsewhere)
    closed = Partner(name="Oude huiskamer", kind="ontmoetingsplek", active=False)
    closed.buurten.append(world.kerkbuurt)
    db.session.add_all([elsewhere, far, closed])
    db.session.commit()
    partners = login_as("veldwerker").get(URL).json["partners"]
    assert partners == [{
        "id": world.partner.id, "name": "Wijkteam Kerkbuurt", "kind": "wijkteam",
        "phone": "010-1234567", "email": None, "address": None, "opening_hours": None,
        "location": {"lon": 4.404, "lat": 51.903},
    }]


def test_bundle_without_serving_partners_lists_every_active_partner(db, users, colleague,
                                                                    login_as):
    db.session.add_all([Partner(name="Taalhuis", kind="taalhuis"),
                        Partner(name="Gesloten", kind="taalhuis", active=False)])
    db.session.commit()
    body = login_as("veldwerker").get(URL).json
    assert body["rounds"] == []
    assert [p["name"] for p in body["partners"]] == ["Taalhuis"]
    assert body["streets"] == {"type": "FeatureCollection", "features": []}


def test_bundle_has_the_workers_own_open_follow_ups(db, world, users, colleague, login_as):
    worker = users["veldwerker"]
    contact = _contact(db, world, worker, number=7, suffix="B")
    db.session.add(HelpQuestion(contact_id=contact.id, category="wonen"))
    db.session.add(HelpQuestion(contact_id=contact.id, category="eenzaamheid"))
    db.session.commit()
    mine = _follow_up(db, worker, contact=contact, due=local_today(), partner=world.partner)
    in_progress = _follow_up(db, worker, status="bezig")
    # Unreachable stays on the list: the next round may find the resident at home.
    unreachable = _follow_up(db, worker, status="niet_bereikbaar")
    _follow_up(db, worker, status="afgerond")
    _follow_up(db, worker, status="geannuleerd")
    _follow_up(db, colleague)
    follow_ups = login_as("veldwerker").get(URL).json["follow_ups"]
    # The one with a due date first; the two without one in either order.
    assert follow_ups[0]["id"] == str(mine.id)
    assert {f["id"] for f in follow_ups[1:]} == {str(in_progress.id), str(unreachable.id)}
    assert follow_ups[0] == {
        "id": str(mine.id), "kind": "terugbellen", "status": "open",
        "due_date": local_today().isoformat(), "partner_id": world.partner.id,
        "partner_name": "Wijkteam Kerkbuurt", "street_name": "Kerkstraat",
        "buurt_name": "Kerkbuurt", "house_number": 7, "house_suffix": "B",
        "help_categories": ["eenzaamheid", "wonen"], "note": None, "resident_name": None,
        "resident_phone": None, "version": 1,
    }


def _audits(db):
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "personal_data.read")).all()


def test_bundle_with_resident_details_is_an_audited_read(db, world, users, login_as):
    worker = users["veldwerker"]
    named = _follow_up(db, worker, name="Dhr. de Vries")
    _follow_up(db, worker)
    phone = login_as("veldwerker")
    response = phone.get(URL)
    by_id = {f["id"]: f for f in response.json["follow_ups"]}
    assert by_id[str(named.id)]["resident_name"] == "Dhr. de Vries"
    [audit] = _audits(db)
    assert (audit.actor_id, audit.subject_type) == (worker.id, "veld_bundle")
    assert audit.details == {"follow_ups": 1, "follow_up_ids": [str(named.id)]}
    # Nothing new is handed over on a 304, so nothing new is logged.
    phone.get(URL, headers={"If-None-Match": response.headers["ETag"]})
    assert len(_audits(db)) == 1


def test_bundle_without_resident_details_is_not_audited(db, world, users, login_as):
    _follow_up(db, users["veldwerker"])
    login_as("veldwerker").get(URL)
    assert _audits(db) == []


def test_bundle_version_is_the_etag_and_unchanged_content_is_304(db, world, users, login_as):
    phone = login_as("veldwerker")
    first = phone.get(URL)
    version = first.json["version"]
    assert first.headers["ETag"] == f'"{version}"'
    assert "private" in first.headers["Cache-Control"]
    assert first.json["csrf_token"]
    assert datetime.fromisoformat(first.json["generated_at"]).tzinfo is not None
    assert phone.get(URL).json["version"] == version  # generated_at differs, version not
    for sent in (f'"{version}"', version, f'W/"{version}"', f'"stale", "{version}"'):
        unchanged = phone.get(URL, headers={"If-None-Match": sent})
        assert unchanged.status_code == 304, sent
        assert unchanged.data == b""
        assert unchanged.headers["ETag"] == f'"{version}"'
    _contact(db, world, users["veldwerker"], number=3)
    changed = phone.get(URL, headers={"If-None-Match": f'"{version}"'})
    assert changed.status_code == 200
    assert changed.json["version"] != version


def test_bundle_is_one_query_per_list_whatever_the_number_of_rounds(db, world, users):
    worker = users["veldwerker"]
    statements = []

    def count(*args):
        statements.append(args[2])

    def queries() -> int:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            build_bundle(worker)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    worker.id  # noqa: B018  (load the user before counting)
    few = queries()
    for days in range(1, 5):
        _round(db, world, worker, days=days, title=f"Dag {days}")
        _follow_up(db, worker, name="Iemand")
    worker.id  # noqa: B018
    assert queries() == few == 4


@pytest.mark.parametrize("role", ["coordinator", "teamleider", "beheerder"])
def test_bundle_is_for_field_workers_only(login_as, role):
    response = login_as(role).get(URL)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_bundle_without_login_is_401(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthenticated"

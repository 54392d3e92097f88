"""GET /api/v1/veld/bundle: the worker's own offline data, versioned, audited when personal."""

import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import holidays
import pytest
from flask_babel import force_locale
from sqlalchemy import event, select

from geo.addresses import door_key
from outreach.clock import local_today
from outreach.maps import labels
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
from outreach.services.followups.service_levels import service_levels, set_service_levels
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


def _contact(db, world, worker, *, street=None, number=None, suffix=None, at=SEEN,
             outcome="gesprek"):
    contact = Contact(id=uuid.uuid4(), buurt_id=world.kerkbuurt.id,
                      street_id=(street or world.kerkstraat).id, house_number=number,
                      house_suffix=suffix, outcome=outcome, worker_id=worker.id,
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


def _z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def test_bundle_round_details_and_every_door_of_the_street(db, world, users, colleague,
                                                           login_as):
    worker = users["veldwerker"]
    hour = timedelta(hours=1)
    _contact(db, world, worker, number=1, outcome="niet_thuis")
    _contact(db, world, colleague, number=1, at=SEEN + hour, outcome="open_geen_gesprek")
    _contact(db, world, worker, number=2, at=SEEN + 2 * hour, outcome="niet_thuis")
    _contact(db, world, worker, number=12, suffix="A", outcome="geweigerd")
    _contact(db, world, colleague, number=12, suffix="a", at=SEEN + hour, outcome="niet_thuis")
    _contact(db, world, worker, number=None)  # no door: the street, not a door
    _contact(db, world, colleague, number=99, suffix="-b", at=SEEN + hour, outcome="niet_thuis")
    _contact(db, world, worker, number=3, suffix="2", outcome="gesprek")
    latest = _contact(db, world, colleague, number=2, at=SEEN + 3 * hour)
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
    doors = kerkstraat.pop("doors")
    assert kerkstraat == {
        "id": world.kerkstraat.id, "name": "Kerkstraat", "buurt_id": world.kerkbuurt.id,
        "buurt_name": "Kerkbuurt", "position": 0, "length_m": kerkstraat["length_m"],
        "last_visit": latest.recorded_at.astimezone(UTC).isoformat(), "known_doors": 11,
    }
    assert 540 < kerkstraat["length_m"] < 560

    def door(key, label, known, outcome=None, at=None):
        # What a door has not got is left out: most doors were never rung.
        return {"door": key, "label": label, **({} if known else {"outside": True}),
                **({"outcome": outcome, "at": _z(at)} if outcome else {})}

    # The address list's doors (1-10 and 12A), then logged numbers outside it, by number;
    # each with the team's last outcome, whoever logged it.
    assert doors == [
        door("1:", "1", True, "open_geen_gesprek", SEEN + hour),
        door("2:", "2", True, "gesprek", SEEN + 3 * hour),
        door("3:", "3", True),
        door("3:2", "3-2", False, "gesprek", SEEN),
        *(door(f"{n}:", str(n), True) for n in range(4, 11)),
        door("12:A", "12A", True, "niet_thuis", SEEN + hour),
        door("99:B", "99B", False, "niet_thuis", SEEN + hour),
    ]
    # Every key is the door key of geo.addresses (and of doors.js, tested in the browser).
    assert door_key(99, "-b") == "99:B" and door_key(3, "2") == "3:2"
    assert (dorpsweg["position"], dorpsweg["known_doors"], dorpsweg["doors"],
            dorpsweg["last_visit"]) == (1, 0, [], None)
    assert coffee_round["streets"] == []


@pytest.mark.parametrize("spellings", [["12a", "12 A", "12-A"], ["a", " A", "-a"]])
def test_a_door_logged_in_several_spellings_is_one_door(db, world, users, colleague, login_as,
                                                        spellings):
    worker = users["veldwerker"]
    for minutes, suffix in enumerate(spellings):
        # "12a" as a whole in the number field is not a number: the suffix carries the letter.
        suffix = suffix.removeprefix("12")
        _contact(db, world, worker if minutes % 2 else colleague, number=12, suffix=suffix,
                 at=SEEN + timedelta(minutes=minutes), outcome="niet_thuis")
    _contact(db, world, worker, number=12, suffix="A", at=SEEN + timedelta(hours=1),
             outcome="open_geen_gesprek")
    street = login_as("veldwerker").get(URL).json["rounds"][0]["streets"][0]
    twelve = [d for d in street["doors"] if d["door"].startswith("12:")]
    assert twelve == [{"door": "12:A", "label": "12A", "outcome": "open_geen_gesprek",
                       "at": _z(SEEN + timedelta(hours=1))}]
    seen = [d for d in street["doors"] if "outcome" in d]
    assert len(seen) == 1 <= street["known_doors"]


def test_team_doors_carry_only_number_outcome_and_time(db, world, users, colleague, login_as):
    contact = _contact(db, world, colleague, number=4, outcome="gesprek")
    db.session.add(HelpQuestion(contact_id=contact.id, category="geld_schulden",
                                note="Schulden bij de woningcorporatie"))
    contact.note = "Mevrouw Jansen, woont alleen"
    db.session.commit()
    body = login_as("veldwerker").get(URL).json
    rounds = json.dumps(body["rounds"], ensure_ascii=False)
    for private in ("geld_schulden", "Schulden bij", "Jansen", "Collega Veld",
                    str(colleague.id), str(contact.id)):
        assert private not in rounds
    for street in body["rounds"][0]["streets"]:
        for door in street["doors"]:
            assert set(door) <= {"door", "label", "outside", "outcome", "at"}
    assert "Collega Veld" not in json.dumps(body, ensure_ascii=False)


def test_bundle_with_the_teams_doors_is_an_audited_read(db, world, users, colleague, login_as):
    worker = users["veldwerker"]
    _contact(db, world, colleague, number=4, outcome="niet_thuis")
    _contact(db, world, colleague, number=5, outcome="gesprek")
    _contact(db, world, colleague, number=5, outcome="geweigerd", at=SEEN + timedelta(hours=1))
    phone = login_as("veldwerker")
    response = phone.get(URL)
    [audit] = _audits(db)
    assert (audit.actor_id, audit.subject_type) == (worker.id, "veld_bundle")
    assert audit.details == {"doors": 2, "door_street_ids": [world.kerkstraat.id]}
    phone.get(URL, headers={"If-None-Match": response.headers["ETag"]})
    assert len(_audits(db)) == 1


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
    # Rounds, streets with their doors, partners, follow-ups, and the service levels.
    assert queries() == few == 5


@pytest.mark.parametrize("role", ["coordinator", "teamleider", "beheerder"])
def test_bundle_is_for_field_workers_only(login_as, role):
    response = login_as(role).get(URL)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_bundle_without_login_is_401(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthenticated"


# ---------------------------------------------------------------- one vocabulary

def _expected_vocabulary() -> dict:
    pairs = {"outcome": labels.OUTCOME_LABELS, "round_kind": labels.ROUND_KIND_LABELS,
             "consent": labels.CONSENT_LABELS, "help_category": labels.CATEGORY_LABELS,
             "urgency": labels.URGENCY_LABELS, "talent_kind": labels.TALENT_LABELS,
             "follow_up_kind": labels.FOLLOW_UP_KIND_LABELS,
             "follow_up_status": labels.FOLLOW_UP_STATUS_LABELS,
             "partner_kind": labels.PARTNER_KIND_LABELS}
    return {kind: [{"value": value.value, "label": str(label)} for value, label in table.items()]
            for kind, table in pairs.items()}


def test_bundle_vocabulary_is_the_servers_labels_in_the_users_language(app, db, world, users,
                                                                       login_as):
    phone = login_as("veldwerker")
    dutch = phone.get(URL).json
    with app.test_request_context(), force_locale("nl"):
        assert dutch["vocabulary"] == _expected_vocabulary()
    categories = {c["value"]: c["label"] for c in dutch["vocabulary"]["help_category"]}
    assert categories["geld_schulden"] == "Geld en schulden"
    assert [u["label"] for u in dutch["vocabulary"]["urgency"]] == ["laag", "normaal", "hoog"]
    phone.post("/taal/en", data={"next": "/veld"})
    english = phone.get(URL, headers={"If-None-Match": f'"{dutch["version"]}"'})
    assert english.status_code == 200  # other words, another version
    with app.test_request_context(), force_locale("en"):
        assert english.json["vocabulary"] == _expected_vocabulary()
    assert english.json["vocabulary"] != dutch["vocabulary"]
    assert english.json["version"] != dutch["version"]


def test_bundle_says_which_statuses_a_worker_may_set(db, world, login_as):
    rules = login_as("veldwerker").get(URL).json["follow_up_rules"]
    assert rules == {
        "worker_targets": {
            "open": ["bezig", "afgerond", "niet_bereikbaar"],
            "bezig": ["afgerond", "niet_bereikbaar"],
            "overgedragen": ["bezig", "afgerond", "niet_bereikbaar"],
            "niet_bereikbaar": ["bezig", "afgerond"],
            "afgerond": [], "geannuleerd": [],
        },
        "final_statuses": ["afgerond", "geannuleerd"],
    }


def test_bundle_service_levels_are_the_teams_with_this_and_next_years_holidays(db, world, users,
                                                                               login_as):
    phone = login_as("veldwerker")
    first = phone.get(URL).json
    levels = first["service_levels"]
    assert levels["working_days"] == {k.value: d for k, d in service_levels().items()}
    year = local_today().year
    assert (levels["holidays_from"], levels["holidays_until"]) == (f"{year}-01-01",
                                                                   f"{year + 1}-12-31")
    weekdays = sorted(d.isoformat() for d in holidays.country_holidays("NL", years=[year, year + 1])
                      if d.weekday() < 5)
    assert levels["holidays"] == weekdays
    assert f"{year}-04-27" in weekdays or date(year, 4, 27).weekday() >= 5  # Koningsdag
    # The team lead changes a service level: the phone's next bundle has it.
    set_service_levels({"huisbezoek": 12}, users["teamleider"])
    second = phone.get(URL, headers={"If-None-Match": f'"{first["version"]}"'})
    assert second.status_code == 200
    assert second.json["service_levels"]["working_days"]["huisbezoek"] == 12


STATIC_VELD = Path(__file__).resolve().parents[2] / "static" / "veld"


def test_the_phone_keeps_no_labels_of_its_own(app):
    """The vocabulary lives on the server (outreach/maps/labels.py): no copy in static/veld."""
    assert not (STATIC_VELD / "labels.js").exists()
    code = {path.name: path.read_text() for path in STATIC_VELD.glob("*.js")}
    with app.test_request_context(), force_locale("nl"):
        vocabulary = _expected_vocabulary()
    # A label that is not just its code, quoted in the phone's code, is a second copy; so
    # are the codes of categories, talents and partner kinds (the phone only shows them).
    # ('Ronde', the label of round kind "anders", is also the word for a form field.)
    words = {entry["label"].lower() for kind, entries in vocabulary.items() for entry in entries
             if entry["label"].lower() != entry["value"].replace("_", " ")} - {"ronde"}
    words |= {"geld & schulden", "inkomen & regelingen", "informatie sturen",
              "mag opgevolgd worden", "anoniem vastleggen"}
    codes = {entry["value"] for kind in ("help_category", "talent_kind", "partner_kind")
             for entry in vocabulary[kind] if entry["value"] != "anders"}
    for name, text in code.items():
        literals = {m.group(2).lower() for m in re.finditer(r"(['\"])((?:(?!\1).)*)\1", text)}
        assert not literals & words, (name, literals & words)
        found = {c for c in codes if re.search(rf"\b{c}\b", text)}
        assert not found, (name, found)


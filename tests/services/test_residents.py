"""Resident rights: find by name or follow-up id, see and export everything, erase."""

import pytest
from sqlalchemy import func, select

from outreach.models import AuditEvent, Contact, FollowUp, FollowUpEvent, PartnerLink
from outreach.services import residents as service
from outreach.services.errors import Forbidden, Invalid, NotFound
from tests.privacy_world import make_resident, town_for


@pytest.fixture()
def town(db, users):
    return town_for(users)


@pytest.fixture()
def resident(town, users):
    return make_resident(town, users["veldwerker"])


def _audits(action: str) -> list[AuditEvent]:
    from outreach.extensions import db

    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("query", ["Mevr. A. Jansen", "mevr. a. jansen", "  MEVR.  A.\tJANSEN "])
def test_find_by_name_matches_exactly_after_normalising(users, resident, query):
    found = service.find_residents(query, actor=users["beheerder"])
    assert [m.follow_up_id for m in found] == [resident.follow_up.id]


# Issue 12: part of a name finds the resident too (it found nothing before).
@pytest.mark.parametrize("query", ["Jansen", "A. Jansen", "jans", "mevr jansen", "JANSEN  a"])
def test_find_by_part_of_the_name(users, resident, query):
    found = service.find_residents(query, actor=users["beheerder"])
    assert [m.follow_up_id for m in found] == [resident.follow_up.id]
    assert found.partial == (service.folded(query) != service.folded(resident.name))


@pytest.mark.parametrize("query", ["Mevr. A. Janssen", "Bakker", "ja", "Jansen Bakker"])
def test_find_by_other_or_too_short_name_finds_nothing(users, resident, query):
    assert service.find_residents(query, actor=users["beheerder"]) == []


def test_find_by_follow_up_id(users, resident):
    found = service.find_residents(str(resident.follow_up.id), actor=users["beheerder"])
    assert [m.follow_up_id for m in found] == [resident.follow_up.id]
    assert found[0].street_name == "Tulpstraat"


def test_each_search_is_audited_without_the_name(users, resident):
    service.find_residents("Mevr. A. Jansen", actor=users["beheerder"], ip="192.0.2.1")
    service.find_residents("Niemand", actor=users["beheerder"])
    audits = _audits("resident.search")
    assert [(a.details["by"], a.details["found"]) for a in audits] == [("name", 1), ("name", 0)]
    assert audits[0].actor_id == users["beheerder"].id
    assert all("Jansen" not in str(a.details) and "Niemand" not in str(a.details)
               for a in audits)


@pytest.mark.parametrize("role", ["veldwerker", "coordinator", "teamleider"])
def test_only_a_beheerder_uses_resident_rights(users, resident, role):
    with pytest.raises(Forbidden):
        service.find_residents("Mevr. A. Jansen", actor=users[role])
    with pytest.raises(Forbidden):
        service.resident_record(resident.follow_up.id, actor=users[role])
    with pytest.raises(Forbidden):
        service.erase_resident(resident.follow_up.id, actor=users[role])


@pytest.mark.parametrize("query", ["", "   ", "x" * 201])
def test_search_refuses_empty_or_long_terms(users, query):
    with pytest.raises(Invalid):
        service.find_residents(query, actor=users["beheerder"])


def test_record_holds_everything_stored_and_is_audited(users, resident):
    record = service.resident_record(resident.follow_up.id, actor=users["beheerder"])
    [follow_up] = record["follow_ups"]
    assert (follow_up["resident_name"], follow_up["resident_phone"], follow_up["note"],
            follow_up["handover_agreement"]) == (
        "Mevr. A. Jansen", "0612345678", "Bellen na 17 uur", "Afspraak bij schuldhulp")
    assert [e["note"] for e in follow_up["events"]] == [None, "Gesproken met dochter"]
    assert len(follow_up["partner_links"]) == 1
    [contact] = record["contacts"]
    assert follow_up["contact_id"] == contact["id"]
    assert contact["note"] == "Deurnotitie schulden"
    assert contact["help_questions"] == [{"category": "geld_schulden", "urgency": "normaal",
                                          "note": "Achterstand huur"}]
    assert contact["talents"][0]["note"] == "Kookt graag Surinaams"
    assert contact["street"] == "Tulpstraat" and contact["house_number"] == 7
    [audit] = _audits("resident.view")
    assert audit.subject_id == str(resident.follow_up.id)


def test_export_is_the_record_and_is_audited(users, resident):
    document = service.export_resident(resident.follow_up.id, actor=users["beheerder"])
    assert document["follow_ups"][0]["resident_name"] == "Mevr. A. Jansen"
    assert "exported_at" in document
    assert len(_audits("resident.export")) == 1


def test_unknown_follow_up_is_not_found(users):
    with pytest.raises(NotFound):
        service.resident_record("00000000-0000-0000-0000-000000000000",
                                actor=users["beheerder"])
    with pytest.raises(NotFound):
        service.erase_resident("geen-id", actor=users["beheerder"])


def _row_counts(db) -> dict:
    return {m.__tablename__: db.session.scalar(select(func.count()).select_from(m))
            for m in (Contact, FollowUp, FollowUpEvent, PartnerLink)}


def test_erase_clears_details_keeps_counts_and_search_finds_nothing(db, users, town, resident):
    other = make_resident(town, users["veldwerker"], name="Dhr. K. Bakker", tag=" K")
    before = _row_counts(db)
    preview = service.erase_preview(resident.follow_up.id, actor=users["beheerder"])
    assert preview == {"follow_ups": 1, "follow_up_events": 1, "contact_notes": 3}
    counts = service.erase_resident(resident.follow_up.id, actor=users["beheerder"])
    assert counts == {"follow_ups": 1, "follow_up_events": 1, "partner_links": 1,
                      "contact_notes": 3}
    db.session.expire_all()
    f = db.session.get(FollowUp, resident.follow_up.id)
    assert (f.resident_name, f.resident_phone, f.note, f.handover_agreement,
            f.resident_name_hmac) == (None,) * 5
    assert [e.note for e in f.events] == [None, None]
    assert f.kind == "warme_overdracht" and f.status == "open"
    c = db.session.get(Contact, resident.contact.id)
    assert (c.note, c.help_questions[0].note, c.talents[0].note) == (None, None, None)
    assert c.help_questions[0].category == "geld_schulden" and c.outcome == "gesprek"
    # Nothing left that points at the door; the street (coverage) and H3 cell stay.
    assert (c.house_number, c.house_suffix, c.geom) == (None, None, None)
    assert c.street_id == town.streets["Tulpstraat"].id
    link = db.session.scalars(select(PartnerLink).where(
        PartnerLink.follow_up_id == f.id)).one()
    assert link.revoked_at is not None
    assert _row_counts(db) == before
    # The other resident is untouched.
    assert db.session.get(FollowUp, other.follow_up.id).resident_name == "Dhr. K. Bakker"
    assert service.find_residents("Mevr. A. Jansen", actor=users["beheerder"]) == []
    [audit] = _audits("resident.erase")
    assert audit.details["follow_ups"] == 1 and audit.actor_id == users["beheerder"].id


# --- issue 12: several matches, one resident over several follow-ups, erase all at once ----

def _other_buurt(town):
    """A second buurt beside the test town, with its own Tulpstraat."""
    from outreach.extensions import db
    from outreach.models import Buurt, Street
    from tests.factories import Town

    buurt = Buurt(code="BU99990002", name="Andere Buurt", gemeente_code="GM9999",
                  gemeente_name="Testdorp",
                  geom="SRID=4326;MULTIPOLYGON(((5.105 52.0475,5.115 52.0475,5.115 52.0525,"
                       "5.105 52.0525,5.105 52.0475)))")
    db.session.add(buurt)
    db.session.flush()
    street = Street(buurt_id=buurt.id, name="Dorpsstraat", length_m=100,
                    geom="SRID=4326;MULTILINESTRING((5.106 52.049,5.114 52.049))")
    db.session.add(street)
    db.session.flush()
    return Town(buurt=buurt, streets={"Tulpstraat": street}, round=town.round,
                partner=town.partner)


@pytest.fixture()
def jansens(town, users, resident):
    """Mevr. A. Jansen twice in Testbuurt (two doors, two follow-ups), a namesake in
    another buurt, two other Jansens and a Bakker."""
    from datetime import timedelta

    from tests.privacy_world import NOW

    worker = users["veldwerker"]
    again = make_resident(town, worker, name="mevr. a.  JANSEN", tag=" 2",
                          recorded_at=NOW - timedelta(days=5))
    elsewhere = make_resident(_other_buurt(town), worker, tag=" 3",
                              recorded_at=NOW - timedelta(days=60))
    return {"first": resident, "again": again, "elsewhere": elsewhere,
            "piet": make_resident(town, worker, name="Dhr. P. Jansen", tag=" 4"),
            "vries": make_resident(town, worker, name="Jansen-de Vries", tag=" 5"),
            "bakker": make_resident(town, worker, name="K. Bakker", tag=" 6")}


def test_partial_name_lists_each_resident_once_without_details(users, jansens):
    found = service.find_residents("jansen", actor=users["beheerder"])
    assert found.partial and found.more == 0
    by_first = {m.follow_up_id: m for m in found}
    first = jansens["first"].follow_up
    # The same name in the same buurt is one resident with both follow-ups.
    assert set(by_first[first.id].follow_up_ids) == {first.id, jansens["again"].follow_up.id}
    assert by_first[first.id].follow_ups == 2
    assert by_first[first.id].buurt_name == "Testbuurt"
    assert by_first[first.id].first_contact_at == jansens["first"].contact.recorded_at
    # The namesake in another buurt, Piet and Jansen-de Vries are residents of their own.
    assert len(found) == 4
    assert {m.buurt_name for m in found} == {"Testbuurt", "Andere Buurt"}
    # Newest first contact first; a match carries no name, phone or note at all.
    assert [m.first_contact_at for m in found] == sorted(
        (m.first_contact_at for m in found), reverse=True)
    for match in found:
        text = repr(match)
        assert "Jansen" not in text and "0612345678" not in text and "notitie" not in text


def test_partial_search_is_audited_as_partial_without_the_name(users, jansens):
    service.find_residents("jansen", actor=users["beheerder"], ip="192.0.2.1")
    service.find_residents("K. Bakker", actor=users["beheerder"])
    first, second = _audits("resident.search")
    assert first.details == {"by": "name", "match": "partial", "found": 4, "follow_ups": 5}
    assert second.details == {"by": "name", "match": "exact", "found": 1, "follow_ups": 1}


def test_partial_search_folds_accents_and_case(users, town):
    make_resident(town, users["veldwerker"], name="Mevr. Öztürk-Çelik")
    assert len(service.find_residents("ozturk celik", actor=users["beheerder"])) == 1
    assert len(service.find_residents("ÖZTÜRK", actor=users["beheerder"])) == 1


def test_a_search_lists_at_most_twenty_and_says_how_many_more(users, town):
    for n in range(service.MATCHES_MAX + 2):
        make_resident(town, users["veldwerker"], name=f"Jansen {n:02d}", tag=f" {n}")
    found = service.find_residents("jansen", actor=users["beheerder"])
    assert len(found) == service.MATCHES_MAX and found.more == 2


@pytest.mark.parametrize("query", ["Jan\x00sen", "\ud800", "a\x1bb"])
def test_search_refuses_control_characters_on_the_field(users, query):
    with pytest.raises(Invalid) as refused:
        service.find_residents(query, actor=users["beheerder"])
    assert set(refused.value.fields) == {"q"}


def test_record_spans_every_follow_up_and_contact_of_the_resident(users, jansens):
    record = service.resident_record(jansens["again"].follow_up.id, actor=users["beheerder"])
    assert record["schema"] == "buurtronde.resident/2"
    assert {f["id"] for f in record["follow_ups"]} == {
        str(jansens["first"].follow_up.id), str(jansens["again"].follow_up.id)}
    assert len(record["contacts"]) == 2
    assert "Andere Buurt" not in str(record)
    [audit] = _audits("resident.view")
    assert audit.details == {"follow_ups": 2, "contacts": 2}


def test_erase_all_clears_every_follow_up_of_the_resident_in_one_step(db, users, jansens):
    first, again = jansens["first"], jansens["again"]
    plan = service.erase_plan(first.follow_up.id, actor=users["beheerder"])
    # Oldest first: the first door was 30 days before NOW, the second 5.
    assert plan.follow_up_ids == [first.follow_up.id, again.follow_up.id]
    assert plan.counts == {"follow_ups": 2, "follow_up_events": 2, "contact_notes": 6}
    assert len(plan.contacts) == 2 and all(c["street"] == "Tulpstraat" for c in plan.contacts)
    before = _row_counts(db)
    counts = service.erase_resident(first.follow_up.id, actor=users["beheerder"],
                                    expected=plan.follow_up_ids)
    assert counts == {"follow_ups": 2, "follow_up_events": 2, "partner_links": 2,
                      "contact_notes": 6}
    db.session.expire_all()
    for gone in (first, again):
        f = db.session.get(FollowUp, gone.follow_up.id)
        assert (f.resident_name, f.resident_phone, f.note, f.handover_agreement) == (None,) * 4
        c = db.session.get(Contact, gone.contact.id)
        assert (c.note, c.house_number, c.geom) == (None, None, None)
        # What remains counts: kind, status, category, outcome, street.
        assert f.kind == "warme_overdracht" and c.help_questions[0].category == "geld_schulden"
        assert c.street_id is not None and c.outcome == "gesprek"
    assert _row_counts(db) == before
    # The namesake in the other buurt and the other Jansens keep everything.
    for kept in ("elsewhere", "piet", "vries", "bakker"):
        f = db.session.get(FollowUp, jansens[kept].follow_up.id)
        assert f.resident_name == jansens[kept].name and f.note is not None
    assert [m.buurt_name for m in service.find_residents(
        "Mevr. A. Jansen", actor=users["beheerder"])] == ["Andere Buurt"]
    [audit] = _audits("resident.erase")
    assert audit.details["follow_ups"] == 2 and audit.details["contacts"] == 2
    assert set(audit.details["follow_up_ids"]) == {str(first.follow_up.id),
                                                   str(again.follow_up.id)}
    assert "Jansen" not in str(audit.details)


def test_erase_refuses_when_the_resident_changed_since_the_confirmation(db, users, jansens):
    from outreach.services.errors import Conflict

    shown = [jansens["first"].follow_up.id]  # the page listed one, there are two by now
    with pytest.raises(Conflict):
        service.erase_resident(jansens["first"].follow_up.id, actor=users["beheerder"],
                               expected=shown)
    db.session.expire_all()
    assert db.session.get(FollowUp, jansens["first"].follow_up.id).resident_name is not None
    assert _audits("resident.erase") == []


def test_html_export_is_audited_with_its_format(users, resident):
    service.export_resident(resident.follow_up.id, actor=users["beheerder"], fmt="html")
    service.export_resident(resident.follow_up.id, actor=users["beheerder"])
    assert [a.details["format"] for a in _audits("resident.export")] == ["html", "json"]
    with pytest.raises(Invalid):
        service.export_resident(resident.follow_up.id, actor=users["beheerder"], fmt="xml")

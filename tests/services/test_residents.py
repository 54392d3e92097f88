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

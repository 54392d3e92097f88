"""Help questions and talents carry their contact's recorded_at and buurt_id (a trigger)."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import text

from outreach.extensions import db
from outreach.models import Buurt, Contact, HelpQuestion, Talent
from tests.factories import BUURT_WKT


def _contact(buurt, when):
    contact = Contact(id=uuid.uuid4(), buurt_id=buurt.id, outcome="gesprek", recorded_at=when)
    db.session.add(contact)
    db.session.flush()
    return contact


def test_items_made_by_the_orm_and_by_plain_sql_get_the_contacts_period_and_buurt(db):
    buurt = Buurt(code="BU99990077", name="Triggerbuurt", geom=BUURT_WKT)
    db.session.add(buurt)
    db.session.flush()
    when = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
    contact = _contact(buurt, when)
    question = HelpQuestion(contact_id=contact.id, category="wonen")
    talent = Talent(contact_id=contact.id, kind="koken")
    db.session.add_all([question, talent])
    db.session.flush()
    assert (question.recorded_at, question.buurt_id) == (when, buurt.id)
    assert (talent.recorded_at, talent.buurt_id) == (when, buurt.id)

    db.session.execute(text("INSERT INTO help_questions (id, contact_id, category, urgency) "
                            "VALUES (:id, :c, 'taal', 'laag')"),
                       {"id": uuid.uuid4(), "c": contact.id})
    rows = db.session.execute(text(
        "SELECT recorded_at, buurt_id FROM help_questions WHERE contact_id = :c"),
        {"c": contact.id}).all()
    assert rows == [(when, buurt.id), (when, buurt.id)]


def test_moving_an_item_to_another_contact_takes_that_contacts_period(db):
    buurt = Buurt(code="BU99990078", name="Triggerbuurt 2", geom=BUURT_WKT)
    db.session.add(buurt)
    db.session.flush()
    first = _contact(buurt, datetime(2026, 1, 1, 9, tzinfo=UTC))
    later = _contact(buurt, datetime(2026, 6, 1, 9, tzinfo=UTC))
    question = HelpQuestion(contact_id=first.id, category="werk")
    db.session.add(question)
    db.session.flush()
    question.contact_id = later.id
    db.session.flush()
    db.session.expire(question)
    assert question.recorded_at == later.recorded_at

"""Phones retrying at once: the same batch posted concurrently is stored once and never fails.

Runs on its own database (copied from the migrated template) because the concurrent
requests need real commits, which the rolled-back `db` fixture would hide.
"""

import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from outreach.extensions import db as _db
from outreach.models import Contact, FollowUp, FollowUpEvent
from outreach.services.users import create_user
from tests.conftest import RUN_ID, make_test_app
from tests.services.test_sync_world import build_world, contact_item

PHONES = 4


@pytest.fixture()
def committed_app(postgis_server, template_database):
    name = f"buurtronde_concurrency_{RUN_ID}"
    app = make_test_app(postgis_server.create_database(name, template=template_database))
    with app.app_context():
        worker = create_user("druk@test.example", "Druk Bezig", "veldwerker", "pw-druk-bezig-1")
        build_world(_db, worker, round_date=date(2026, 5, 1))
        worker_id = worker.id
        _db.session.remove()
    yield app, worker_id
    with app.app_context():
        _db.engine.dispose()
    postgis_server.drop_database(name)


def test_sync_same_batch_from_several_phones_at_once_is_stored_once(committed_app):
    app, worker_id = committed_app
    items = [contact_item(note=f"deur {n}") for n in range(150)]
    items += [contact_item(outcome="gesprek", consent="anoniem",
                           follow_up={"id": str(uuid.uuid4()), "kind": "terugbellen"})
              for _ in range(50)]
    start = threading.Barrier(PHONES)
    answers, failures = [None] * PHONES, []

    def phone(n):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(worker_id)
        start.wait(timeout=30)
        try:
            answers[n] = client.post("/api/v1/sync/contacts", json={"contacts": items})
        except Exception as error:  # noqa: BLE001  (reported below, not swallowed)
            failures.append(error)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(PHONES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert [a.status_code for a in answers] == [200] * PHONES
    for index in range(len(items)):
        statuses = sorted(a.json["results"][index]["status"] for a in answers)
        assert statuses == ["created"] + ["duplicate"] * (PHONES - 1)
    with app.app_context():
        ids = [uuid.UUID(i["id"]) for i in items]
        assert _db.session.scalar(select(func.count()).select_from(Contact)
                                  .where(Contact.id.in_(ids))) == len(items)
        assert _db.session.scalar(select(func.count()).select_from(FollowUp)) == 50
        assert _db.session.scalar(select(func.count()).select_from(FollowUpEvent)) == 50
        _db.session.remove()

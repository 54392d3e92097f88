"""Every change to an account leaves an audit row (who, which account, from where, what
kind of change; never a password), and every such action has a Dutch label."""

import json

import pytest
from sqlalchemy import select

from outreach.models import AuditEvent
from outreach.services import audit_log
from outreach.services import users as user_service
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "lantaarn paraplu fiets"
ADMIN_IP = "192.0.2.44"


def _events(db, action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).all()


def _no_password_anywhere(db):
    for event in db.session.scalars(select(AuditEvent)):
        text = json.dumps(event.details)
        assert NEW_PASSWORD not in text and TEST_PASSWORD not in text


@pytest.fixture()
def admin(login_as):
    return login_as("beheerder")


def _post_edit(admin, worker, **changes):
    data = {"email": worker.email, "name": worker.name, "role": worker.role.value,
            "password": "", "phone": worker.phone or "", "active": "y", **changes}
    data = {k: v for k, v in data.items() if v is not None}
    response = admin.post(f"/beheer/gebruikers/{worker.id}", data=data,
                          environ_base={"REMOTE_ADDR": ADMIN_IP})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_account_creation_is_audited_with_role(admin, users, db):
    response = admin.post("/beheer/gebruikers/nieuw", environ_base={"REMOTE_ADDR": ADMIN_IP},
                          data={"email": "nieuw@test.example", "name": "Nieuwe Collega",
                                "role": "coordinator", "password": NEW_PASSWORD,
                                "active": "y"})
    assert response.status_code == 302
    [event] = _events(db, "user.create")[-1:]
    assert event.actor_id == users["beheerder"].id
    assert event.details == {"role": "coordinator", "active": True}
    assert str(event.ip) == ADMIN_IP
    _no_password_anywhere(db)


def test_name_email_and_phone_changes_are_audited_by_field_name(admin, users, db):
    worker = users["veldwerker"]
    _post_edit(admin, worker, name="Andere Naam", email="ander@test.example",
               phone="010-1234567")
    [event] = _events(db, "user.update")
    assert event.actor_id == users["beheerder"].id
    assert event.subject_type == "user" and event.subject_id == str(worker.id)
    assert event.details == {"changed": ["email", "name", "phone"]}


def test_saving_without_changes_records_nothing(admin, users, db):
    _post_edit(admin, users["veldwerker"])
    assert db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("user.%"), AuditEvent.action != "user.create")).all() == []


def test_role_change_is_audited_from_and_to(admin, users, db):
    worker = users["veldwerker"]
    _post_edit(admin, worker, role="teamleider")
    [event] = _events(db, "user.role_change")
    assert event.details == {"from": "veldwerker", "to": "teamleider"}
    assert str(event.ip) == ADMIN_IP


def test_deactivation_and_activation_are_audited(admin, users, db):
    worker = users["veldwerker"]
    _post_edit(admin, worker, active=None)
    _post_edit(admin, worker)
    [off] = _events(db, "user.deactivate")
    [on] = _events(db, "user.activate")
    assert off.actor_id == on.actor_id == users["beheerder"].id
    assert off.subject_id == on.subject_id == str(worker.id)
    assert off.details == {"sessions_ended": True}


def test_password_set_by_beheerder_is_audited_without_the_password(admin, users, db):
    worker = users["veldwerker"]
    _post_edit(admin, worker, password=NEW_PASSWORD)
    [event] = _events(db, "user.password_change")
    assert event.actor_id == users["beheerder"].id
    assert event.subject_id == str(worker.id)
    assert event.details == {"sessions_ended": True}
    _no_password_anywhere(db)


def test_own_password_change_is_audited_with_the_user_as_actor(login_as, users, db):
    worker = users["teamleider"]
    client = login_as("teamleider")
    response = client.post("/account/wachtwoord", environ_base={"REMOTE_ADDR": "192.0.2.7"},
                           data={"current_password": TEST_PASSWORD,
                                 "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    [event] = _events(db, "user.password_change")
    assert event.actor_id == worker.id and event.subject_id == str(worker.id)
    assert str(event.ip) == "192.0.2.7"
    _no_password_anywhere(db)


def test_own_password_change_with_a_wrong_current_password_is_refused_and_audited(
        login_as, users, db):
    worker = users["teamleider"]
    response = login_as("teamleider").post("/account/wachtwoord", data={
        "current_password": "niet het wachtwoord", "new_password": NEW_PASSWORD})
    assert response.status_code == 422
    assert "Dit is niet je huidige wachtwoord." in response.get_data(as_text=True)
    assert _events(db, "user.password_change") == []
    [refused] = _events(db, "user.password_change_refused")
    assert refused.actor_id == worker.id
    assert user_service.authenticate(worker.email, TEST_PASSWORD) is not None


def test_own_password_change_refuses_a_weak_new_password_next_to_the_field(login_as, db):
    response = login_as("teamleider").post("/account/wachtwoord", data={
        "current_password": TEST_PASSWORD, "new_password": "Zomer2026!!!"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="new_password-error"' in html and "bekende woorden" in html
    assert _events(db, "user.password_change") == []


def test_log_out_everywhere_is_audited(admin, users, db):
    worker = users["veldwerker"]
    response = admin.post(f"/beheer/gebruikers/{worker.id}/overal-uitloggen",
                          data={"confirm": "y"}, environ_base={"REMOTE_ADDR": ADMIN_IP})
    assert response.status_code == 302
    [event] = _events(db, "user.logout_everywhere")
    assert event.actor_id == users["beheerder"].id
    assert event.subject_id == str(worker.id)
    assert str(event.ip) == ADMIN_IP


def test_logout_is_audited(login_as, users, db):
    assert login_as("coordinator").post("/logout").status_code == 302
    [event] = _events(db, "login.logout")
    assert event.actor_id == users["coordinator"].id


def test_cli_account_creation_is_audited_without_an_actor(runner, db):
    result = runner.invoke(args=["outreach", "create-user", "--email", "cli@test.example",
                                 "--name", "Cli", "--role", "beheerder",
                                 "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    [event] = _events(db, "user.create")
    assert event.actor_id is None


ACCOUNT_ACTIONS = ("user.create", "user.update", "user.role_change", "user.activate",
                   "user.deactivate", "user.password_change", "user.password_change_refused",
                   "user.logout_everywhere", "login.logout")


@pytest.mark.parametrize("action", ACCOUNT_ACTIONS)
def test_every_account_action_has_a_dutch_label(action):
    label = str(audit_log.ACTION_LABELS[action])
    assert label and label != action


def test_audit_page_shows_account_actions_in_words(admin, users, db):
    worker = users["veldwerker"]
    _post_edit(admin, worker, password=NEW_PASSWORD)
    admin.post(f"/beheer/gebruikers/{worker.id}/overal-uitloggen", data={"confirm": "y"})
    html = admin.get("/beheer/audit?actie=user.").get_data(as_text=True)
    assert "Wachtwoord gewijzigd" in html
    assert "Overal uitgelogd door beheerder" in html

"""Ending sessions: after logout, a new password, deactivation (also after reactivation)
and a beheerder's "log out everywhere", the account's old session cookie and remember
cookie are refused on pages and on the API, on every device."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from outreach.models import AuditEvent, User
from outreach.services import users as user_service
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "lantaarn paraplu fiets"
WORKER = "veldwerker@test.example"


@dataclass
class Cookies:
    """What a browser kept after logging in with "stay logged in"."""

    session: str
    remember: str


def log_in(client, email=WORKER, password=TEST_PASSWORD, *, remember=True) -> Cookies:
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    remember_cookie = client.get_cookie("remember_token")
    return Cookies(session=client.get_cookie("session").value,
                   remember=remember_cookie.value if remember_cookie else "")


def reach(app, *, session: str | None = None, remember: str | None = None) -> dict:
    """What a fresh browser holding only these cookies gets from a page and the API."""
    browser = app.test_client()
    if session:
        browser.set_cookie("session", session)
    if remember:
        browser.set_cookie("remember_token", remember)
    return {"api": browser.get("/api/v1/me").status_code,
            "page": browser.get("/veld").status_code}


LOGGED_IN = {"api": 200, "page": 200}
LOGGED_OUT = {"api": 401, "page": 302}


def _beheerder(app, users):
    client = app.test_client()
    log_in(client, "beheerder@test.example")
    return client


def _edit(client, worker, **changes):
    data = {"email": worker.email, "name": worker.name, "role": worker.role.value,
            "password": "", "active": "y", **changes}
    if data["active"] is None:
        del data["active"]
    response = client.post(f"/beheer/gebruikers/{worker.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def _logout(app, users, worker, own):
    assert own.post("/logout").status_code == 302


def _own_password(app, users, worker, own):
    response = own.post("/account/wachtwoord", data={
        "current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def _beheerder_sets_password(app, users, worker, own):
    _edit(_beheerder(app, users), worker, password=NEW_PASSWORD)


def _deactivate(app, users, worker, own):
    _edit(_beheerder(app, users), worker, active=None)


def _deactivate_and_reactivate(app, users, worker, own):
    admin = _beheerder(app, users)
    _edit(admin, worker, active=None)
    _edit(admin, worker, active="y")


def _log_out_everywhere(app, users, worker, own):
    admin = _beheerder(app, users)
    response = admin.post(f"/beheer/gebruikers/{worker.id}/overal-uitloggen",
                          data={"confirm": "y"})
    assert response.status_code == 302


ENDINGS = {
    "logout": _logout,
    "own password change": _own_password,
    "beheerder sets a password": _beheerder_sets_password,
    "deactivate": _deactivate,
    "deactivate and reactivate": _deactivate_and_reactivate,
    "log out everywhere": _log_out_everywhere,
}


@pytest.mark.parametrize("ending", ENDINGS, ids=list(ENDINGS))
def test_old_session_and_remember_cookies_are_refused_afterwards(app, users, db, ending):
    worker = users["veldwerker"]
    phone, laptop = app.test_client(), app.test_client()
    on_phone, on_laptop = log_in(phone), log_in(laptop)
    for cookies in (on_phone, on_laptop):
        assert reach(app, session=cookies.session) == LOGGED_IN
        assert reach(app, remember=cookies.remember) == LOGGED_IN

    ENDINGS[ending](app, users, worker, laptop)

    for cookies in (on_phone, on_laptop):
        assert reach(app, session=cookies.session) == LOGGED_OUT
        assert reach(app, remember=cookies.remember) == LOGGED_OUT
        assert reach(app, session=cookies.session, remember=cookies.remember) == LOGGED_OUT
    assert phone.get("/api/v1/me").status_code == 401


def test_reactivated_account_logs_in_afresh(app, users, db):
    admin = _beheerder(app, users)
    worker = users["veldwerker"]
    old = log_in(app.test_client())
    _edit(admin, worker, active=None)
    _edit(admin, worker, active="y")
    assert reach(app, remember=old.remember) == LOGGED_OUT
    fresh = log_in(app.test_client())
    assert reach(app, session=fresh.session) == LOGGED_IN
    assert reach(app, remember=fresh.remember) == LOGGED_IN


def test_own_password_change_keeps_this_browser_logged_in(app, users, db):
    laptop = app.test_client()
    log_in(laptop)
    _own_password(app, users, users["veldwerker"], laptop)
    assert laptop.get("/api/v1/me").status_code == 200
    kept = Cookies(session=laptop.get_cookie("session").value,
                   remember=laptop.get_cookie("remember_token").value)
    assert reach(app, remember=kept.remember) == LOGGED_IN
    assert user_service.authenticate(WORKER, NEW_PASSWORD) is not None


def test_beheerder_setting_own_password_stays_logged_in_elsewhere_not(app, users, db):
    admin = app.test_client()
    other_device = log_in(app.test_client(), "beheerder@test.example")
    log_in(admin, "beheerder@test.example")
    _edit(admin, users["beheerder"], password=NEW_PASSWORD)
    assert admin.get("/beheer/gebruikers").status_code == 200
    assert reach(app, remember=other_device.remember) == LOGGED_OUT


def test_session_without_remember_cookie_ends_too(app, users, db):
    laptop = app.test_client()
    cookies = log_in(laptop, remember=False)
    assert cookies.remember == ""
    assert laptop.post("/logout").status_code == 302
    assert reach(app, session=cookies.session) == LOGGED_OUT


def test_session_from_before_session_versions_counts_as_version_one(app, users, db):
    """Cookies made before migration 0009 hold a bare id: valid until sessions end."""
    worker = users["veldwerker"]
    legacy = app.test_client()
    with legacy.session_transaction() as session:
        session["_user_id"] = str(worker.id)
    assert legacy.get("/api/v1/me").status_code == 200
    user_service.log_out_everywhere(worker.id, actor=users["beheerder"])
    assert legacy.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("template", [
    "", "abc", "{id}:", "{id}:x", ":{v}", "{id}:{v}:{v}", " {id}:{v}", "{id}:{v} ",
    "{id}:{v}0000000000", "{id}0000000000:{v}", "{id}:-{v}", "{id}:+{v}", "{id}:١",
    "{id}:{v}.0",
])
def test_odd_session_ids_are_anonymous(db, users, template):
    worker = users["veldwerker"]
    session_id = template.format(id=worker.id, v=worker.session_version)
    assert user_service.user_for_session(session_id) is None


def test_session_id_of_a_current_cookie_finds_the_user(db, users):
    worker = users["veldwerker"]
    assert user_service.user_for_session(worker.get_id()) is worker
    assert user_service.user_for_session(f"{worker.id}:{worker.session_version + 1}") is None


def test_log_out_everywhere_asks_for_confirmation_first(app, users, db):
    admin = _beheerder(app, users)
    worker = users["veldwerker"]
    before = worker.session_version
    page = admin.get(f"/beheer/gebruikers/{worker.id}")
    assert f"/beheer/gebruikers/{worker.id}/overal-uitloggen" in page.get_data(as_text=True)
    unconfirmed = admin.post(f"/beheer/gebruikers/{worker.id}/overal-uitloggen", data={})
    assert unconfirmed.status_code == 200
    assert "Vink aan om te bevestigen." in unconfirmed.get_data(as_text=True)
    db.session.refresh(worker)
    assert worker.session_version == before
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "user.logout_everywhere")) is None


def test_log_out_everywhere_is_for_beheerders_only(login_as, users, db):
    worker = users["veldwerker"]
    response = login_as("teamleider").post(
        f"/beheer/gebruikers/{worker.id}/overal-uitloggen", data={"confirm": "y"})
    assert response.status_code == 403
    assert db.session.get(User, worker.id).session_version == 1


def test_beheerder_logging_self_out_everywhere_lands_on_login(app, users, db):
    admin = _beheerder(app, users)
    response = admin.post(f"/beheer/gebruikers/{users['beheerder'].id}/overal-uitloggen",
                          data={"confirm": "y"})
    assert response.headers["Location"] == "/login"
    assert admin.get("/beheer/gebruikers").status_code == 302

"""Logging in and out, with audit and the rate limit on failures."""

from sqlalchemy import select

from outreach.models import AuditEvent
from tests.conftest import TEST_PASSWORD


def _login(client, email, password, ip="10.9.8.7"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def test_login_with_right_password_reaches_start_page(client, users, db):
    response = _login(client, "coordinator@test.example", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Planning en dekking" in client.get("/").get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "login.success" in actions


def test_login_email_is_case_insensitive(client, users):
    assert _login(client, "  Coordinator@Test.Example ", TEST_PASSWORD).status_code == 302


def test_wrong_password_shows_inline_error_and_keeps_email(client, users, db):
    response = _login(client, "coordinator@test.example", "not the password")
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Onbekend e-mailadres of verkeerd wachtwoord." in page
    assert 'value="coordinator@test.example"' in page
    failure = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "login.failure")).one()
    assert failure.details["email"] == "coordinator@test.example"


def test_inactive_user_cannot_log_in(client, users, db):
    users["veldwerker"].active = False
    db.session.commit()
    assert _login(client, "veldwerker@test.example", TEST_PASSWORD).status_code == 401


def test_next_parameter_only_redirects_within_the_site(client, users):
    ok = client.post("/login?next=/beheer/gebruikers",
                     data={"email": "beheerder@test.example", "password": TEST_PASSWORD})
    assert ok.headers["Location"] == "/beheer/gebruikers"
    client.post("/logout")
    evil = client.post("/login?next=//evil.example/x",
                       data={"email": "beheerder@test.example", "password": TEST_PASSWORD})
    assert evil.headers["Location"] == "/"


def test_ten_failed_logins_a_minute_from_one_address_get_429(client, users):
    for _ in range(10):
        assert _login(client, "teamleider@test.example", "wrong password!").status_code == 401
    blocked = _login(client, "teamleider@test.example", TEST_PASSWORD)
    assert blocked.status_code == 429
    assert "Te veel pogingen" in blocked.get_data(as_text=True)
    # Another address is not punished for the first one's attempts.
    other = _login(client, "teamleider@test.example", TEST_PASSWORD, ip="10.1.1.1")
    assert other.status_code == 302


def test_successful_logins_do_not_count_towards_the_limit(app, users):
    for _ in range(12):
        fresh = app.test_client()
        assert _login(fresh, "teamleider@test.example", TEST_PASSWORD).status_code == 302


def test_logout_needs_post_and_ends_the_session(login_as):
    client = login_as("teamleider")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_language_switch_to_english_and_back(client, users):
    _login(client, "beheerder@test.example", TEST_PASSWORD)
    client.post("/taal/en", data={"next": "/"})
    assert "Administration" in client.get("/").get_data(as_text=True)
    client.post("/taal/nl", data={"next": "/"})
    assert "Beheer" in client.get("/").get_data(as_text=True)

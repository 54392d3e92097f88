"""Logging in and out, with audit and the rate limit on failures."""

from urllib.parse import unquote

import pytest
from sqlalchemy import func, select

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


# `next` as it stands in the query string (already percent-encoded).
FOREIGN_NEXT = [
    "/%09/evil.example",            # a tab browsers drop: //evil.example
    "%09//evil.example",
    "/%0a/evil.example",            # a newline, likewise
    "/%0d%0aSet-Cookie:%20x=1",     # header splitting
    "/%5Cevil.example",             # /\evil.example: browsers read \ as /
    "%5C%5Cevil.example",
    "/%5C/evil.example",
    "//evil.example",
    "///evil.example",
    "/%2F%2Fevil.example",          # decodes to ///evil.example
    "/%252F%252Fevil.example",      # decodes twice to ///evil.example
    "/%255Cevil.example",           # decodes twice to /\evil.example
    "https://evil.example/",
    "http:/evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "evil.example",
    "%20/x",
    "/" + "a" * 2001,
]
SAME_SITE_NEXT = [
    ("/beheer/gebruikers", "/beheer/gebruikers"),
    ("/plan?buurt=BU1%26x", "/plan?buurt=BU1&x"),
    ("/veld%23/outbox", "/veld#/outbox"),
    ("/rapportage?van=2026-01-01&tot=2026-03-31", "/rapportage?van=2026-01-01"),
]


@pytest.mark.parametrize("raw", FOREIGN_NEXT)
def test_login_never_redirects_off_site(client, users, raw):
    response = client.post(f"/login?next={raw}",
                           data={"email": "beheerder@test.example", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_with_a_nul_is_refused_before_any_redirect(client, users):
    # The request guard (outreach/request_text.py) answers 400 to NUL in any query or form.
    login = client.post("/login?next=/x%00",
                        data={"email": "beheerder@test.example", "password": TEST_PASSWORD})
    switch = client.post("/taal/en", data={"next": "/x\x00"})
    assert (login.status_code, switch.status_code) == (400, 400)
    assert "Location" not in login.headers and "Location" not in switch.headers


@pytest.mark.parametrize("raw", FOREIGN_NEXT)
def test_language_switch_never_redirects_off_site(client, raw):
    response = client.post("/taal/en", data={"next": unquote(raw)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(("raw", "location"), SAME_SITE_NEXT)
def test_login_follows_same_site_next(client, users, raw, location):
    response = client.post(f"/login?next={raw}",
                           data={"email": "beheerder@test.example", "password": TEST_PASSWORD})
    assert response.headers["Location"] == location


def test_language_switch_returns_to_the_page(client):
    response = client.post("/taal/en", data={"next": "/plan?buurt=BU1"})
    assert response.headers["Location"] == "/plan?buurt=BU1"


def test_login_page_link_from_a_protected_page_comes_back_there(client, users):
    to_login = client.get("/beheer/gebruikers?x=1")
    assert to_login.status_code == 302
    response = client.post(to_login.headers["Location"],
                           data={"email": "beheerder@test.example", "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/beheer/gebruikers?x=1"


def test_failed_logins_per_account_are_limited_across_addresses(app, users, db):
    """An account's budget holds whatever address the guesses come from."""
    per_account = app.config["LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR"]
    for attempt in range(per_account):
        ip = f"10.20.{attempt // 5}.{attempt % 5 + 1}"  # five per address: under its limit
        assert _login(app.test_client(), "coordinator@test.example", "wrong password!",
                      ip=ip).status_code == 401
    blocked = _login(app.test_client(), "coordinator@test.example", TEST_PASSWORD,
                     ip="10.99.0.1")
    assert blocked.status_code == 429
    assert "Te veel mislukte pogingen voor dit e-mailadres" in blocked.get_data(as_text=True)
    # Other accounts from that address are not affected.
    assert _login(app.test_client(), "teamleider@test.example", TEST_PASSWORD,
                  ip="10.99.0.1").status_code == 302


def test_refused_attempts_do_not_check_the_password_or_write_audit_rows(client, users, db):
    for _ in range(10):
        _login(client, "teamleider@test.example", "wrong password!")
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    assert _login(client, "teamleider@test.example", TEST_PASSWORD).status_code == 429
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_ipv6_addresses_share_the_budget_of_their_64(app, users, db):
    for n in range(10):
        assert _login(app.test_client(), "teamleider@test.example", "wrong password!",
                      ip=f"2001:db8:1:2::{n + 1:x}").status_code == 401
    assert _login(app.test_client(), "teamleider@test.example", TEST_PASSWORD,
                  ip="2001:db8:1:2:ffff::1").status_code == 429
    assert _login(app.test_client(), "teamleider@test.example", TEST_PASSWORD,
                  ip="2001:db8:1:3::1").status_code == 302

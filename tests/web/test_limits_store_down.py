"""When the shared store of the rate limits is out of reach: 503 with a clear page, never a 500.

Counting nothing would quietly switch the limits off, so logins wait for the store.
"""

import pytest

from outreach.extensions import limiter
from tests.conftest import TEST_PASSWORD, make_test_app

# Port 1 on localhost: nothing listens, the connection is refused at once.
UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture()
def app_without_store(db):
    # Flask-Limiter keeps its store on the one extension object: a second app rebinds it,
    # so the suite's own store is put back afterwards.
    saved = dict(limiter.__dict__)
    try:
        yield make_test_app(db.engine.url.render_as_string(hide_password=False),
                            RATELIMIT_STORAGE_URI=UNREACHABLE)
    finally:
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)


def test_login_answers_503_when_the_store_is_unreachable(app_without_store, users):
    response = app_without_store.test_client().post(
        "/login", data={"email": "beheerder@test.example", "password": TEST_PASSWORD})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert "Even niet beschikbaar" in response.get_data(as_text=True)


def test_partner_link_answers_503_when_the_store_is_unreachable(app_without_store):
    response = app_without_store.test_client().get("/partner/1/geen-echte-token")
    assert response.status_code == 503
    assert "Even niet beschikbaar" in response.get_data(as_text=True)

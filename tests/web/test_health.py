"""/healthz: 200 with the database up, 503 without it, and never personal data."""

from outreach.extensions import db as _db
from tests.conftest import make_test_app


def test_healthz_answers_ok_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down():
    # Port 1 on localhost: nothing listens, the connection is refused at once.
    app = make_test_app("postgresql+psycopg://buurtronde@127.0.0.1:1/buurtronde")
    try:
        response = app.test_client().get("/healthz")
    finally:
        with app.app_context():
            _db.engine.dispose()
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}
    body = response.get_data(as_text=True)
    assert "127.0.0.1" not in body and "buurtronde@" not in body
    assert response.headers["X-Request-ID"]

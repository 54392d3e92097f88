"""Request size limits: an oversize body is a 413 page or envelope, never a 500."""

import io

import pytest

from tests.conftest import TEST_PASSWORD


def test_app_wide_body_limit_is_set_by_default(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 32 * 1024 * 1024


@pytest.fixture()
def small_limit(app, monkeypatch):
    # The same check as at 32 MB, without sending 32 MB through the test.
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 64 * 1024)


def test_oversize_form_post_is_413_in_dutch(client, db, small_limit):
    response = client.post("/login", data={"email": "a@b.nl", "password": "x" * 100_000})
    assert response.status_code == 413
    assert "Bestand te groot" in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers


def test_oversize_import_upload_is_413(login_as, small_limit):
    response = login_as("beheerder").post(
        "/beheer/import",
        data={"kind": "buurten",
              "file": (io.BytesIO(b"{" + b" " * 200_000 + b"}"), "groot.geojson")},
        content_type="multipart/form-data")
    assert response.status_code == 413


def test_form_field_over_the_form_memory_limit_is_413(client, db, app):
    # Under MAX_CONTENT_LENGTH, but one text field larger than Flask's form memory limit.
    size = app.config["MAX_FORM_MEMORY_SIZE"] + 1
    response = client.post("/login", data={"email": "a@b.nl", "password": TEST_PASSWORD,
                                           "next": "x" * size},
                           content_type="multipart/form-data")
    assert response.status_code == 413


def test_oversize_api_body_is_413_in_the_envelope(login_as, small_limit):
    response = login_as("veldwerker").post("/api/v1/sync/contacts",
                                           data=b"[" + b"0," * 100_000 + b"0]",
                                           content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


@pytest.mark.parametrize(("url", "config_key"), [
    ("/api/v1/sync/contacts", "SYNC_MAX_BODY_BYTES"),
    ("/api/v1/sync/followups", "FOLLOWUP_SYNC_MAX_BODY_BYTES"),
])
def test_api_routes_have_limits_below_the_app_wide_one(app, login_as, monkeypatch, url,
                                                       config_key):
    monkeypatch.setitem(app.config, config_key, 1024)
    response = login_as("veldwerker").post(url, data=b" " * 2048,
                                           content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"

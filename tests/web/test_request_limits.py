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


@pytest.mark.parametrize(("url", "limit"), [
    ("/api/v1/sync/contacts", 2 * 1024 * 1024),
    ("/api/v1/sync/followups", 1024 * 1024),
    ("/login", 1024 * 1024),  # every page without a declared limit
    ("/taal/en", 1024 * 1024),
])
def test_each_route_refuses_a_body_one_byte_over_its_limit(login_as, url, limit):
    client = login_as("veldwerker")
    over = client.post(url, data=b" " * (limit + 1), content_type="application/json")
    assert over.status_code == 413


def test_import_takes_more_than_a_page(login_as):
    # 3 MB of GeoJSON is a normal buurt file: refused as a page would be, read as an import.
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    geojson = b'{"type": "FeatureCollection", "features": []' + b" " * 3_000_000 + b"}"
    # Encoded here: the test client would spool a body this large to a file it never closes.
    boundary, body = encode_multipart({"kind": "buurten", "file": FileStorage(
        io.BytesIO(geojson), filename="groot.geojson")})
    response = login_as("beheerder").post(
        "/beheer/import", data=body,
        content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 200
    assert "geen features" in response.get_data(as_text=True)


def test_limit_holds_with_csrf_protection_on(db, users):
    # CSRF protection reads the form before the view runs: the limit must already hold.
    from tests.conftest import make_test_app

    app = make_test_app(db.engine.url.render_as_string(hide_password=False),
                        WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(users["veldwerker"].id)
        session["_fresh"] = True
    token = client.get("/api/v1/veld/bundle").json["csrf_token"]
    # Opening the body for the CSRF check used to fix its limit at the app-wide 32 MB, so
    # the view read all 3 MB (and answered 400 for the JSON) despite its own 2 MB.
    response = client.post("/api/v1/sync/contacts", data=b" " * (3 * 1024 * 1024),
                           content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"

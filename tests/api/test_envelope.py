"""The API answers every failure in one envelope and publishes its OpenAPI document."""

import pytest


def test_openapi_document_is_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json["info"]["title"] == "Buurtronde API"
    assert "/api/v1/me" in response.json["paths"]


def test_me_without_login_is_401_in_the_envelope(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json == {"error": {"code": "unauthenticated", "message": "Log in first."}}


def test_me_returns_the_logged_in_user(login_as, users):
    response = login_as("veldwerker").get("/api/v1/me")
    assert response.status_code == 200
    assert response.json == {"id": users["veldwerker"].id, "email": "veldwerker@test.example",
                             "name": "Test Veldwerker", "role": "veldwerker"}


def test_unknown_api_path_is_404_in_the_envelope(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_wrong_method_is_405_in_the_envelope(login_as):
    response = login_as("veldwerker").delete("/api/v1/me")
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/sync/contacts", "/login", "/plan"])
@pytest.mark.parametrize("method", ["TRACE", "PUT"])
def test_wrong_method_says_which_methods_are_allowed(login_as, path, method):
    response = login_as("coordinator").open(path, method=method)
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert method not in allowed
    assert allowed & {"GET", "POST"}


def test_pages_keep_html_errors(login_as):
    response = login_as("veldwerker").get("/no-such-page")
    assert response.status_code == 404
    assert "Niet gevonden" in response.get_data(as_text=True)


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}

"""CSRF: a state-changing request without the form's token is refused."""

import pytest

from tests.conftest import TEST_PASSWORD, make_test_app


@pytest.fixture()
def csrf_app(database_url, db):
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    return app


def test_login_post_without_token_is_refused(csrf_app, users):
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": "beheerder@test.example",
                                           "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "Formulier verlopen" in response.get_data(as_text=True)


def test_login_post_with_token_from_the_form_works(csrf_app, users):
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"email": "beheerder@test.example",
                                           "password": TEST_PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_logout_without_token_is_refused(csrf_app, users):
    client = csrf_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(users["teamleider"].id)
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200

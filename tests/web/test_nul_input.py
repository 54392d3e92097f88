"""A NUL character in any query or form text is a 400, on every route, never a 500.

PostgreSQL text cannot hold U+0000: before the guard, `/beheer/audit?onderwerp=%00` reached
the database and answered 500.
"""

import pytest

from tests.web.test_access import POLICY, PUBLIC, _url


def _role(allowed) -> str | None:
    return None if allowed == PUBLIC else sorted(allowed)[0]


def _client(client, login_as, allowed):
    role = _role(allowed)
    return client if role is None else login_as(role)


@pytest.mark.parametrize("endpoint", sorted(POLICY))
def test_nul_in_the_query_is_refused_on_every_route(app, client, login_as, users, endpoint):
    method, allowed = POLICY[endpoint]
    url = _url(app, endpoint, users)
    response = _client(client, login_as, allowed).open(
        url, method=method, query_string={"onderwerp": "a\x00b", "buurt": "\x00"})
    assert response.status_code == 400, (endpoint, response.status_code)
    if url.startswith("/api/"):
        assert response.json["error"]["code"] == "bad_request"
    else:
        assert "Ongeldige invoer" in response.get_data(as_text=True)


@pytest.mark.parametrize("endpoint", sorted(e for e, (m, _) in POLICY.items() if m == "POST"))
@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded",
                                          "multipart/form-data"])
def test_nul_in_a_form_field_is_refused_on_every_form(app, client, login_as, users, endpoint,
                                                       content_type):
    _, allowed = POLICY[endpoint]
    response = _client(client, login_as, allowed).post(
        _url(app, endpoint, users), data={"note": "nota\x00bene", "next": "/"},
        content_type=content_type)
    assert response.status_code == 400, (endpoint, response.status_code)


def test_nul_in_a_field_name_is_refused(login_as):
    response = login_as("beheerder").get("/beheer/audit", query_string={"a\x00": "b"})
    assert response.status_code == 400


@pytest.mark.parametrize("query", [{"onderwerp": "user 5"}, {"onderwerp": "é" * 300},
                                   {"onderwerp": "\u202e\U0001f600"}])
def test_other_odd_text_in_the_audit_filter_is_no_500(login_as, query):
    assert login_as("beheerder").get("/beheer/audit", query_string=query).status_code == 200

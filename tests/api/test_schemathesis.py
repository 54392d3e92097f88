"""Schemathesis against /api/v1/openapi.json: every operation, generated input, no 500s.

Runs in process on the WSGI app as a logged-in veldwerker (the only role every API route
admits), in the test's rolled-back transaction, CSRF off as in every unit test. Each
response must be no server error and conform to the documented status codes, content
types and schemas. Bounded: a fixed number of examples per operation, derandomised so a
run is repeatable.
"""

import contextvars

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from outreach.clock import local_today
from outreach.models import FollowUp
from outreach.models.enums import FollowUpKind
from tests.factories import make_town

OPENAPI = "/api/v1/openapi.json"
MAX_EXAMPLES = 50
TAKES_INPUT = {"POST /api/v1/sync/contacts", "POST /api/v1/sync/followups"}
OPERATIONS = {"GET /api/v1/me", "GET /api/v1/veld/bundle", "POST /api/v1/sync/contacts",
              "POST /api/v1/sync/followups"}


@pytest.fixture()
def api_schema(app):
    return schemathesis.openapi.from_wsgi(OPENAPI, app)


def _session_cookie(app, user) -> dict:
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    return {"session": client.get_cookie("session").value}


@pytest.fixture()
def worker_cookie(app, db, users):
    """The session cookie of a veldwerker with a round today and an open follow-up."""
    worker = users["veldwerker"]
    make_town(worker, round_date=local_today())  # the bundle's 'today' is Dutch
    db.session.add(FollowUp(kind=FollowUpKind.terugbellen, assignee_id=worker.id,
                            note="Bellen over de huur"))
    db.session.commit()
    return _session_cookie(app, worker)


def test_openapi_lists_every_api_route(app, client):
    spec = client.get(OPENAPI).json
    listed = {f"{method.upper()} {path}" for path, ops in spec["paths"].items() for method in ops}
    routes = {f"{method} {rule.rule}" for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/") and rule.rule != OPENAPI
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert listed == routes == OPERATIONS


# schemathesis.pytest.from_fixture cannot run under pytest 9 (it sets Node._nodeid, which
# is gone), so each operation is driven through its Hypothesis strategy here instead.
# Invalid input only where there is input: the GETs take no parameters and no body.
CASES = [pytest.param(label, GenerationMode.POSITIVE, id=f"{label}-valid")
         for label in sorted(OPERATIONS)] + [
    pytest.param(label, GenerationMode.NEGATIVE, id=f"{label}-invalid")
    for label in sorted(TAKES_INPUT)]


@pytest.mark.parametrize(("label", "mode"), CASES)
def test_api_answers_every_generated_request_as_documented(api_schema, worker_cookie,
                                                           label, mode):
    method, path = label.split(" ", 1)
    operation = api_schema[path][method]
    # A batch answers 200 with a "rejected" result for each invalid item, by design: one
    # bad record never blocks the others. So invalid items are not refused with a 4xx;
    # a body that is no batch at all still is (400/413), and every other check stays.
    excluded = [negative_data_rejection] if mode is GenerationMode.NEGATIVE else []

    @settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def answers_as_documented(case):
        # Each request in a context of its own, as a phone's would be: no shared `g`.
        contextvars.Context().run(case.call_and_validate, cookies=worker_cookie,
                                  excluded_checks=excluded)

    answers_as_documented()


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_api_refusals_are_documented_envelopes(api_schema, app, db, users, label, who):
    method, path = label.split(" ", 1)
    operation = api_schema[path][method]
    cookies = {} if who == "anonymous" else _session_cookie(app, users[who])
    statuses = set()

    @settings(max_examples=5, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def refused_as_documented(case):
        response = contextvars.Context().run(case.call_and_validate, cookies=cookies)
        statuses.add(response.status_code)

    refused_as_documented()
    # /me admits every role; everything else is the veldwerker's alone.
    expected = {200} if (label == "GET /api/v1/me" and who != "anonymous") else (
        {401} if who == "anonymous" else {403})
    assert statuses == expected

"""Every route, every role: the access policy as a table, checked against the running app."""

import pytest

from outreach.access import undeclared_endpoints

V, C, T, B = "veldwerker", "coordinator", "teamleider", "beheerder"
EVERYONE = {V, C, T, B}
PUBLIC = "public"

# endpoint -> (method, roles allowed). A new route must be added here or the test fails.
POLICY = {
    "auth.login": ("GET", PUBLIC),
    "auth.logout": ("POST", EVERYONE),
    "auth.switch_language": ("POST", PUBLIC),
    "auth.change_password": ("GET", EVERYONE),
    "home.index": ("GET", EVERYONE),
    "admin.user_list": ("GET", {B}),
    "admin.user_new": ("GET", {B}),
    "admin.user_edit": ("GET", {B}),
    "admin.user_log_out_everywhere": ("GET", {B}),
    "admin.import_data": ("GET", {B}),
    "audit.index": ("GET", {B}),
    "audit.export": ("GET", {B}),
    "me.Me": ("GET", EVERYONE),
    "health.healthz": ("GET", PUBLIC),
    "veld.index": ("GET", {V}),
    "veld.service_worker": ("GET", PUBLIC),
    "veld.manifest": ("GET", PUBLIC),
    "sync.ContactBatch": ("POST", {V}),
    "followup_sync.FollowUpBatch": ("POST", {V}),
    "veld_api.VeldBundle": ("GET", {V}),
    "rounds.index": ("GET", {C}),
    "rounds.new": ("GET", {C}),
    "rounds.edit": ("GET", {C}),
    "rounds.walk_list": ("GET", {C}),
    "rounds.planner_streets": ("GET", {C}),
    "rounds.planner_proposal": ("GET", {C}),
    "rounds.planner_route": ("GET", {C}),
    "rounds.planner_coffee": ("GET", {C}),
    "plan.index": ("GET", {C}),
    "plan.buurt": ("GET", {C}),
    "plan.streets_in_view": ("GET", {C}),
    "plan.export": ("GET", {C}),
    "reports.index": ("GET", {T}),
    "reports.export": ("GET", {T}),
    "partners.index": ("GET", {B}),
    "partners.new": ("GET", {B}),
    "partners.edit": ("GET", {B}),
    "partner_link.show": ("GET", PUBLIC),
    "partner_link.confirm": ("POST", PUBLIC),
    "followups.board": ("GET", {C, T}),
    "followups.detail": ("GET", {C, T}),
    "followups.today": ("GET", {C, T}),
    "followups.settings": ("GET", {T}),
    "followups.resident": ("POST", {T}),
    "followups.change_status": ("POST", {T}),
    "followups.assign": ("POST", {T}),
    "followups.due_date": ("POST", {T}),
    "followups.handover": ("POST", {T}),
    "followups.create_link": ("POST", {T}),
    "followups.revoke_links": ("POST", {T}),
    "residents.index": ("GET", {B}),
    "residents.show": ("POST", {B}),
    "residents.export": ("POST", {B}),
    "residents.overview": ("POST", {B}),
    "residents.erase": ("POST", {B}),
}
NOT_OURS = {"static", "api-docs.openapi_json"}


def _url(app, endpoint, users):
    from flask import url_for

    args = {"user_id": users[V].id, "lang": "en", "round_id": 1,
            "code": "BU00000000", "level": "buurten", "fmt": "csv",
            "partner_id": 1, "follow_up_id": "00000000-0000-0000-0000-000000000000",
            "token": "geen-echte-token", "table": "hulpvragen"}
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        return url_for(endpoint, **{a: args[a] for a in rule.arguments})


def test_every_route_declares_its_roles(app):
    assert undeclared_endpoints(app) == []


def test_policy_table_covers_every_route(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules()} - NOT_OURS
    assert endpoints == set(POLICY)


@pytest.mark.parametrize("endpoint", sorted(POLICY))
@pytest.mark.parametrize("who", [None, V, C, T, B])
def test_role_matrix(app, login_as, users, endpoint, who):
    method, allowed = POLICY[endpoint]
    url = _url(app, endpoint, users)
    client = app.test_client() if who is None else login_as(who)
    response = client.open(url, method=method)
    is_api = url.startswith("/api/")
    if allowed == PUBLIC or (who is not None and who in allowed):
        assert response.status_code not in (401, 403), response.status_code
        assert response.status_code < 500
    elif who is None:
        if is_api:
            assert response.status_code == 401
            assert response.json["error"]["code"] == "unauthenticated"
        else:
            assert response.status_code == 302
            assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == 403
        if is_api:
            assert response.json["error"]["code"] == "forbidden"

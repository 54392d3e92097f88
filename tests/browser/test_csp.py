"""Every page of the app, as each role sees it, under the Content-Security-Policy.

Chromium reports each refused script, style or image on the console ("Refused to ...
because it violates the following Content Security Policy directive") and fires a
securitypolicyviolation event; both are collected, with uncaught script errors.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import User
from tests.browser.conftest import log_in, running_app, screenshot
from tests.handover import make_handover

pytestmark = pytest.mark.browser

# Violations also reach the page as events; an init script runs before any page script.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""
PATHS = "document.querySelectorAll('.plan-map svg path').length"
BUURT_CENTRE = """() => {
  const config = JSON.parse(document.getElementById('plan-map-config').textContent);
  const map = window[config.map];
  const group = window[config.vars[config.layers.indexOf('dekking')]];
  let centre = null;
  group.eachLayer(g => (g.eachLayer ? g : {eachLayer: f => f(g)}).eachLayer(l => {
    centre = centre || l.getBounds().getCenter();
  }));
  const p = map.latLngToContainerPoint(centre);
  const box = map.getContainer().getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
}"""


@pytest.fixture(scope="module")
def csp_server(postgis_server, template_database):
    """A town with a round today, a handed-over follow-up and its partner link."""
    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            def user(role):
                return db.session.scalar(select(User).where(User.email == f"{role}@test.example"))

            made = make_handover(user("veldwerker"), user("teamleider"))
            live.follow_up_id = str(made.follow_up.id)
            live.link = f"/partner/{made.follow_up.id}/{made.token}"
            live.round_id = made.town.round.id
            live.buurt_code = made.town.buurt.code
            live.partner_id = made.town.partner.id
            live.user_id = user("veldwerker").id
        yield live


@pytest.fixture()
def live_server(csp_server):
    return csp_server


def _watch(page):
    """Collect CSP complaints and script errors of PAGE in page.problems."""
    page.problems = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            page.problems.append(f"console: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
    page.add_init_script(RECORD_VIOLATIONS)


def _visit(page, live, path: str) -> None:
    response = page.goto(live.url + path)
    assert response is not None and response.status == 200, (path, response and response.status)
    policy = response.headers.get("content-security-policy", "")
    assert "'nonce-" in policy and "unsafe-eval" not in policy, path
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__cspViolations || []")
    assert not violations, (path, violations)
    assert not page.problems, (path, page.problems)


def _pages(live, role: str) -> list[str]:
    fu = live.follow_up_id
    common = ["/"]
    if role == "coordinator":
        return common + ["/plan", f"/plan/buurt/{live.buurt_code}", "/rondes", "/rondes/nieuw",
                         f"/rondes/{live.round_id}", f"/rondes/{live.round_id}/looplijst",
                         "/opvolging", "/opvolging?weergave=lijst", f"/opvolging/{fu}",
                         "/opvolging/vandaag"]
    if role == "teamleider":
        return common + ["/opvolging", "/opvolging?weergave=lijst", f"/opvolging/{fu}",
                         "/opvolging/vandaag", "/opvolging/instellingen", "/rapportage",
                         f"/rapportage?buurt={live.buurt_code}&periode=dit_jaar"]
    if role == "beheerder":
        return common + ["/beheer/gebruikers", "/beheer/gebruikers/nieuw",
                         f"/beheer/gebruikers/{live.user_id}", "/beheer/import",
                         "/beheer/partners", "/beheer/partners/nieuw",
                         f"/beheer/partners/{live.partner_id}", "/beheer/audit",
                         "/beheer/bewoner"]
    return common


@pytest.mark.parametrize("role", ["coordinator", "teamleider", "beheerder"])
def test_every_page_of_a_role_runs_under_the_csp(desktop, csp_server, role):
    _watch(desktop)
    log_in(desktop, csp_server, role)
    for path in _pages(csp_server, role):
        _visit(desktop, csp_server, path)


def test_plan_map_draws_under_the_csp(desktop, csp_server):
    live = csp_server
    _watch(desktop)
    log_in(desktop, live, "coordinator")
    for path in (f"/plan/buurt/{live.buurt_code}", "/plan"):
        _visit(desktop, live, path)
        desktop.locator(".plan-map svg path").first.wait_for()
        assert desktop.evaluate(PATHS) >= 3  # the buurt and its streets
        # Legend swatches get their colour from the nonce'd style block.
        swatch = desktop.locator(".legend .swatch").first
        assert swatch.evaluate("e => getComputedStyle(e).backgroundColor") not in (
            "", "rgba(0, 0, 0, 0)")
        assert not desktop.evaluate("window.__cspViolations")
    # folium's tooltip and popup write HTML into the page when used: hover and click a buurt.
    desktop.locator(".legend").get_by_role("checkbox", name="Straten naar laatste bezoek").uncheck()
    point = desktop.evaluate(BUURT_CENTRE)
    desktop.mouse.move(point["x"], point["y"])
    desktop.locator(".leaflet-tooltip").wait_for()
    desktop.mouse.click(point["x"], point["y"])
    desktop.locator(".leaflet-popup-content a").wait_for()
    assert not desktop.evaluate("window.__cspViolations")
    assert not desktop.problems
    screenshot(desktop, "csp-plan-desktop")


def test_round_planner_map_draws_under_the_csp(desktop, csp_server):
    live = csp_server
    _watch(desktop)
    log_in(desktop, live, "coordinator")
    _visit(desktop, live, f"/rondes/{live.round_id}")
    desktop.locator("#planner-map.leaflet-container").wait_for()
    legend = desktop.locator(".map-legend .legend-never")
    assert legend.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(192, 57, 43)"
    assert not desktop.evaluate("window.__cspViolations")
    assert not desktop.problems


def test_field_app_and_its_service_worker_run_under_the_csp(phone, csp_server):
    live = csp_server
    _watch(phone)
    log_in(phone, live, "veldwerker")
    _visit(phone, live, "/veld")
    assert phone.evaluate(
        "navigator.serviceWorker.ready.then(r => !!r.active)") is True
    # The round's map loads Leaflet lazily, from our own origin.
    phone.goto(f"{live.url}/veld#/ronde/{live.round_id}")
    phone.locator("#round-map.leaflet-container").wait_for()
    # A straight street is a path with no height, "hidden" to Playwright: attached will do.
    phone.locator("#round-map svg path").first.wait_for(state="attached")
    assert not phone.evaluate("window.__cspViolations")
    assert not phone.problems
    screenshot(phone, "csp-veld-round-phone")


def test_public_pages_run_under_the_csp(phone, csp_server):
    live = csp_server
    _watch(phone)
    _visit(phone, live, "/login")
    response = phone.goto(live.url + live.link)
    assert response.status == 200
    # The link page keeps its own, stricter referrer policy.
    assert response.headers["referrer-policy"] == "no-referrer"
    assert not phone.evaluate("window.__cspViolations")
    assert not phone.problems


def test_a_print_button_works_without_inline_handlers(desktop, csp_server):
    live = csp_server
    _watch(desktop)
    log_in(desktop, live, "coordinator")
    _visit(desktop, live, f"/rondes/{live.round_id}/looplijst")
    desktop.evaluate("window.print = () => { window.__printed = true; }")
    desktop.get_by_role("button", name="Printen").click()
    assert desktop.evaluate("window.__printed") is True

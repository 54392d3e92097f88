"""Names from imports are text on every map: a street called '<img onerror=...>' stays a name.

An outside test found such a name landing as markup in the Leaflet tooltips of the round
planner and the phone's round map (CSP stopped the script; nothing else should have to).
Here hostile names come in through the real importers, every page with a map is opened
in Chromium, every map shape's tooltip is opened, and the page must hold no element the
names would have made, while the name itself is shown as text.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from outreach.clock import local_today
from outreach.extensions import db
from outreach.models import User
from outreach.services.imports import run_import
from tests.browser.conftest import log_in, running_app, screenshot, wait_until
from tests.browser.veld_phone import open_veld
from tests.factories import make_town

pytestmark = pytest.mark.browser

CODE = "BU99990001"
HOSTILE_BUURT = '"><img src=x id=pwned-buurt onerror="window.__pwned=1">Testbuurt'
HOSTILE_STREETS = {
    # Two streets of the test town, renamed by a later import of the same lines.
    "'><img src=x id=pwned-street onerror=window.__pwned=1>": (52.0495, 52.0495),
    '<b id="pwned-bold">Vetstraat</b>': (52.0505, 52.0505),
    "<svg id=pwned-svg onload=window.__pwned=1>": (52.0500, 52.0500),
}
INJECTED = "#pwned-buurt, #pwned-street, #pwned-bold, #pwned-svg, img[src='x']"


def _streets_geojson() -> bytes:
    features = [{"type": "Feature", "properties": {"name": name},
                 "geometry": {"type": "LineString",
                              "coordinates": [[5.0965, lat_a], [5.1035, lat_b]]}}
                for name, (lat_a, lat_b) in HOSTILE_STREETS.items()]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _buurt_geojson() -> bytes:
    ring = [[5.095, 52.0475], [5.105, 52.0475], [5.105, 52.0525], [5.095, 52.0525],
            [5.095, 52.0475]]
    feature = {"type": "Feature",
               "properties": {"BU_CODE": CODE, "BU_NAAM": HOSTILE_BUURT, "GM_CODE": "GM9999",
                              "GM_NAAM": "<i id=pwned-gm>Testdorp</i>"},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


@pytest.fixture(scope="module")
def hostile_server(postgis_server, template_database):
    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            worker = db.session.scalar(select(User).where(User.email == "veldwerker@test.example"))
            town = make_town(worker, round_date=local_today())
            run_import("buurten", _buurt_geojson())
            run_import("streets", _streets_geojson())
            live.round_id = town.round.id
            # The round walks the hostile streets too, so the phone's map shows them.
            from outreach.models import RoundStreet, Street

            for street in db.session.scalars(select(Street).where(Street.name.in_(
                    list(HOSTILE_STREETS)))):
                town.round.round_streets.append(RoundStreet(street=street))
            db.session.commit()
        yield live


@pytest.fixture()
def live_server(hostile_server):
    return hostile_server


def _open_every_tooltip(page) -> list[str]:
    """Hover every interactive map shape; return the tooltip texts that were shown."""
    texts: list[str] = []
    shapes = page.locator("path.leaflet-interactive")
    for i in range(shapes.count()):
        shapes.nth(i).dispatch_event("mouseover")
        texts += page.locator(".leaflet-tooltip").all_inner_texts()
        shapes.nth(i).dispatch_event("mouseout")
    return texts


def _assert_names_stayed_text(page, where: str) -> list[str]:
    texts = _open_every_tooltip(page)
    assert page.locator(INJECTED).count() == 0, where
    assert page.evaluate("window.__pwned") is None, where
    return texts


def test_coordinator_maps_show_hostile_names_as_text(desktop, hostile_server):
    live = hostile_server
    log_in(desktop, live, "coordinator")
    pages = ["/plan", f"/plan?buurt={CODE}", f"/plan/buurt/{CODE}"]
    for url in pages:
        desktop.goto(f"{live.url}{url}")
        wait_until(desktop, "document.querySelectorAll('path.leaflet-interactive').length > 0")
        texts = _assert_names_stayed_text(desktop, url)
        assert any("<img src=x" in t for t in texts), (url, texts)
    screenshot(desktop, "hostile-names-plan-desktop")

    for url in ["/rondes/nieuw", f"/rondes/{live.round_id}"]:
        desktop.goto(f"{live.url}{url}")
        if url.endswith("nieuw"):
            desktop.locator("input[name=buurten]").first.check()
        wait_until(desktop, "document.querySelectorAll('#planner-map path').length >= 6")
        texts = _assert_names_stayed_text(desktop, url)
        assert any("<b id=\"pwned-bold\">Vetstraat</b>" in t for t in texts), (url, texts)
        # The chosen list and the start choices are text as well.
        assert desktop.locator(INJECTED).count() == 0
    screenshot(desktop, "hostile-names-planner-desktop")

    desktop.goto(f"{live.url}/rondes/{live.round_id}/looplijst")
    assert desktop.locator(INJECTED).count() == 0
    assert desktop.get_by_text("<svg id=pwned-svg", exact=False).count() >= 1


def test_phone_round_map_shows_hostile_names_as_text(phone, hostile_server):
    live = hostile_server
    open_veld(phone, live)
    phone.goto(f"{live.url}/veld#/ronde/{live.round_id}")
    wait_until(phone, "document.querySelectorAll('#round-map path.leaflet-interactive')"
                      ".length >= 6")
    texts = _assert_names_stayed_text(phone, "veld round map")
    assert any("<img src=x id=pwned-street" in t for t in texts), texts
    # The street list under the map, and a street's own screen, show the names as text.
    assert phone.locator(INJECTED).count() == 0
    phone.get_by_text("Vetstraat</b>", exact=False).first.click()
    phone.wait_for_url("**/straat/**")
    assert phone.locator(INJECTED).count() == 0
    screenshot(phone, "hostile-names-veld-phone")

"""/plan in Chromium with every non-local request blocked: the map draws, layers switch."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import Buurt, Street
from outreach.services import demo
from tests.browser.conftest import log_in, running_app, screenshot, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(postgis_server, template_database):
    """One server for the module, with the demo town (buurten, streets, contacts) seeded."""
    with running_app(postgis_server, template_database) as live:
        with live.app.app_context():
            demo.seed_demo(seed=2026)
            live.buurten = db.session.scalar(select(func.count()).select_from(Buurt))
            live.streets = db.session.scalar(select(func.count()).select_from(Street))
            live.buurt_code, live.buurt_streets = db.session.execute(
                select(Buurt.code, func.count(Street.id)).join(Street)
                .group_by(Buurt.code).order_by(func.count(Street.id).desc()).limit(1)).one()
            # Buurten the bakfiets reached in the default period, and those reached only
            # by it (Centrum in the demo town): counted here without coverage.py.
            live.koffie_buurten = dict(db.session.execute(sa.text("""
                SELECT b.name, bool_and(r.kind = 'koffie') FROM contacts c
                  JOIN buurten b ON b.id = c.buurt_id JOIN rounds r ON r.id = c.round_id
                 WHERE c.recorded_at >= now() - interval '90 days'
                 GROUP BY b.name HAVING bool_or(r.kind = 'koffie')""")).all())
        yield live


LAYER_SIZE = """key => {
  const config = JSON.parse(document.getElementById('plan-map-config').textContent);
  const group = window[config.vars[config.layers.indexOf(key)]];
  let n = 0;
  group.eachLayer(g => { n += g.getLayers ? g.getLayers().length : 1; });
  return {n, shown: window[config.map].hasLayer(group)};
}"""
PATHS = "document.querySelectorAll('.plan-map svg path').length"


def open_plan(page, live, path="/plan"):
    """Log in and open PATH; script errors on the page are collected in page.errors."""
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    log_in(page, live, "coordinator")
    page.goto(f"{live.url}{path}")
    page.locator(".plan-map svg path").first.wait_for()


def test_plan_draws_buurten_and_streets_and_layers_switch(desktop, live_server):
    live = live_server
    open_plan(desktop, live)
    assert desktop.evaluate(LAYER_SIZE, "dekking") == {"n": live.buurten, "shown": True}
    assert desktop.evaluate(LAYER_SIZE, "straten") == {"n": live.streets, "shown": True}
    # Outlines (one per buurt) stay under the choropleth, so every buurt is two paths.
    paths = desktop.evaluate(PATHS)
    assert paths >= 2 * live.buurten + live.streets
    screenshot(desktop, "plan-desktop")

    # Off by the legend's checkbox...
    desktop.locator(".legend").get_by_role("checkbox", name="Straten naar laatste bezoek").uncheck()
    assert desktop.evaluate(LAYER_SIZE, "straten")["shown"] is False
    assert desktop.evaluate(PATHS) == paths - live.streets
    # ...and the coverage layer through Leaflet's own layer control; the legend follows.
    control = desktop.locator(".leaflet-control-layers")
    control.hover()
    control.get_by_text("Dekking per buurt").click()
    assert desktop.evaluate(LAYER_SIZE, "dekking")["shown"] is False
    legend = desktop.locator(".legend")
    assert not legend.get_by_role("checkbox", name="Dekking per buurt").is_checked()
    assert desktop.evaluate(PATHS) == paths - live.streets - live.buurten
    # Follow-ups start hidden; switching them on draws their streets.
    desktop.locator(".legend").get_by_role("checkbox", name="Opvolging per straat").check()
    assert desktop.evaluate(LAYER_SIZE, "opvolging")["shown"] is True
    assert desktop.evaluate(PATHS) > paths - live.streets - live.buurten
    # Hotspot tooltips are written in the browser from the cell's counts.
    desktop.evaluate("""() => {
      const config = JSON.parse(document.getElementById('plan-map-config').textContent);
      const group = window[config.vars[config.layers.indexOf('hotspots')]];
      const cell = group.getLayers()[0].getLayers()[0];
      cell.openTooltip(cell.getCenter());
    }""")
    tip = desktop.locator(".leaflet-tooltip").inner_text()
    assert re.match(r"\d+ contacten met een hulpvraag\n\w", tip), tip
    assert desktop.errors == []
    assert live.blocked == []


def test_filter_form_redraws_the_map_for_one_buurt(desktop, live_server):
    live = live_server
    open_plan(desktop, live)
    desktop.get_by_label("Buurt", exact=True).select_option(live.buurt_code)
    desktop.get_by_label("Soort ronde").select_option("bloemen")
    desktop.get_by_role("button", name="Toon").click()
    desktop.wait_for_url(f"**buurt={live.buurt_code}**")
    desktop.locator(".plan-map svg path").first.wait_for()
    assert desktop.evaluate(LAYER_SIZE, "dekking")["n"] == 1
    assert desktop.evaluate(LAYER_SIZE, "straten")["n"] == live.buurt_streets
    assert live.blocked == []


def test_plan_and_buurt_page_on_a_phone(phone, live_server):
    live = live_server
    open_plan(phone, live)
    screenshot(phone, "plan-phone")
    phone.goto(f"{live.url}/plan/buurt/{live.buurt_code}")
    phone.locator(".plan-map svg path").first.wait_for()
    assert phone.evaluate(LAYER_SIZE, "straten")["n"] == live.buurt_streets
    assert phone.locator(".street-table tbody tr").count() == live.buurt_streets
    assert phone.get_by_text("Kerncijfers CBS").is_visible()
    screenshot(phone, "buurt-phone")
    phone.get_by_role("link", name="Hulpvragen").click()
    phone.wait_for_url("**sorteer=hulpvragen**")
    cells = phone.locator(".street-table tbody td:nth-child(8)")
    counts = [int(t) for t in cells.all_inner_texts()]
    assert counts == sorted(counts, reverse=True)
    assert live.blocked == []


def test_buurt_page_on_a_desktop(desktop, live_server):
    live = live_server
    open_plan(desktop, live, f"/plan/buurt/{live.buurt_code}")
    assert desktop.evaluate(LAYER_SIZE, "dekking")["n"] == 1
    screenshot(desktop, "buurt-desktop")
    assert desktop.errors == []
    assert live.blocked == []


def test_city_with_many_streets_loads_streets_in_view_once_zoomed_in(desktop, live_server):
    live = live_server
    live.app.config["PLAN_STREETS_INLINE_MAX"] = 1  # as for a whole city
    try:
        open_plan(desktop, live)
        assert desktop.evaluate(LAYER_SIZE, "straten") == {"n": 0, "shown": True}
        assert desktop.locator(".legend-zoom-note").first.is_visible()  # "zoom in"
        assert desktop.evaluate(LEGEND, "straten") == []  # nothing drawn, nothing named
        desktop.evaluate("""() => {
          const config = JSON.parse(document.getElementById('plan-map-config').textContent);
          const map = window[config.map];
          map.setView(map.getCenter(), 16);
        }""")
        wait_until(desktop, f"({LAYER_SIZE})('straten').n > 0")
        assert 0 < desktop.evaluate(LAYER_SIZE, "straten")["n"] <= live.streets
        drawn = desktop.evaluate("""() => {
          const config = JSON.parse(document.getElementById('plan-map-config').textContent);
          const group = window[config.vars[config.layers.indexOf('straten')]];
          const found = new Set();
          group.eachLayer(g => g.eachLayer(l => found.add(l.feature.properties.cls)));
          return [...found];
        }""")
        assert {cls for cls, _label in desktop.evaluate(LEGEND, "straten")} == set(drawn)
        assert not desktop.locator(".legend-zoom-note").first.is_visible()
        assert desktop.errors == []
    finally:
        live.app.config["PLAN_STREETS_INLINE_MAX"] = 1500
    assert live.blocked == []


# What the choropleth drew, per buurt (its tooltip's first line is the buurt's name), and
# which legend entries of a layer are visible.
DRAWN = """() => {
  const config = JSON.parse(document.getElementById('plan-map-config').textContent);
  const group = window[config.vars[config.layers.indexOf('dekking')]];
  const drawn = {};
  group.eachLayer(g => g.eachLayer(l => {
    const p = l.feature.properties;
    drawn[p.tip.match(/<b>(.*?)<\\/b>/)[1]] = {cls: p.cls, tip: p.tip};
  }));
  return drawn;
}"""
LEGEND = """key => [...document.querySelectorAll(
  `.legend-layer[data-layer="${key}"] [data-class]`)]
  .filter(li => li.offsetParent !== null).map(li => [li.dataset.class, li.textContent.trim()])"""


@pytest.mark.parametrize("size", ["phone", "wide"])
def test_koffie_filter_shows_the_buurten_the_bakfiets_reached(request, live_server, size):
    live = live_server
    page = request.getfixturevalue(size)
    open_plan(page, live, "/plan?soort=koffie")
    drawn = page.evaluate(DRAWN)
    assert live.koffie_buurten, "the demo town has coffee rounds in the period"
    for name, only_koffie in live.koffie_buurten.items():
        assert drawn[name]["cls"] not in ("niets_bezocht", "andere_rondes"), (name, drawn[name])
        if only_koffie:
            assert drawn[name]["cls"] == "bereik"
            assert "Koffieplek: " in drawn[name]["tip"]
    assert all(b["cls"] != "niets_bezocht" or name not in live.koffie_buurten
               for name, b in drawn.items())
    # The legend shows exactly the classes drawn; each tooltip names its class as it does.
    legend = dict(page.evaluate(LEGEND, "dekking"))
    assert set(legend) == {b["cls"] for b in drawn.values()}
    for b in drawn.values():
        assert b["tip"].split("<br>")[1] == legend[b["cls"]]
    assert page.get_by_text("Alleen rondes van de gekozen soort tellen mee.").first.is_visible()
    screenshot(page, f"plan-koffie-{size}")

    centrum = next(name for name, only in live.koffie_buurten.items() if only)
    page.get_by_label("Buurt", exact=True).select_option(label=centrum)
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**buurt=**")
    page.get_by_role("link", name="Buurtpagina").click()
    page.wait_for_url("**/plan/buurt/**soort=koffie**")
    page.locator(".plan-map svg path").first.wait_for()
    figures = page.locator(".figure-list").first
    assert "bereikt bij koffieplek of op straat" in figures.inner_text()
    assert "niets bezocht" not in figures.inner_text()
    assert page.get_by_role("columnheader", name="Bezoekers koffieplek").is_visible()
    screenshot(page, f"buurt-koffie-{size}")
    assert page.errors == []
    assert live.blocked == []

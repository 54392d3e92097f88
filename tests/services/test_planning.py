"""Planner services on real PostGIS: which streets come first, and the walk through them."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from outreach.extensions import db
from outreach.models import Contact, HelpQuestion, Street
from outreach.models.enums import HelpCategory, Outcome
from outreach.services import planning
from outreach.services.errors import Invalid
from tests.factories import make_town

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture()
def town(db, users):
    town = make_town(users["veldwerker"], round_date=date(2025, 6, 2))
    extra = {
        "Oudelaan": "SRID=4326;MULTILINESTRING((5.096 52.050,5.099 52.050))",
        "Nieuwelaan": "SRID=4326;MULTILINESTRING((5.101 52.050,5.104 52.050))",
    }
    for name, wkt in extra.items():
        town.streets[name] = Street(buurt_id=town.buurt.id, name=name, geom=wkt, length_m=0)
        db.session.add(town.streets[name])
    db.session.flush()
    db.session.execute(text("UPDATE streets SET length_m = ST_Length(geom::geography) "
                            "WHERE buurt_id = :b"), {"b": town.buurt.id})
    return town


def visit(town, name, days_ago, *, help_questions=0):
    street = town.streets[name]
    contact = Contact(buurt_id=town.buurt.id, street_id=street.id, outcome=Outcome.gesprek,
                      recorded_at=NOW - timedelta(days=days_ago),
                      geom=db.session.scalar(text(
                          "SELECT ST_AsEWKT(ST_LineInterpolatePoint(ST_GeometryN(geom, 1), 0.5)) "
                          "FROM streets WHERE id = :s"), {"s": street.id}))
    db.session.add(contact)
    db.session.flush()
    for _ in range(help_questions):
        db.session.add(HelpQuestion(contact_id=contact.id, category=HelpCategory.geld_schulden))
    db.session.flush()


def names(town, ids):
    by_id = {s.id: name for name, s in town.streets.items()}
    return [by_id[i] for i in ids]


def test_never_visited_before_stale_before_recent_and_help_questions_weigh(town):
    visit(town, "Tulpstraat", 200, help_questions=3)   # stale, with debts
    visit(town, "Oudelaan", 120)                       # stale, nothing asked
    visit(town, "Nieuwelaan", 5, help_questions=9)     # recent: not yet again
    ranked = planning.rank_streets([town.buurt.id], now=NOW)
    order = names(town, [c.id for c in ranked])
    assert set(order[:2]) == {"Rozenlaan", "Molenweg"}   # never visited
    assert order[2:] == ["Tulpstraat", "Oudelaan", "Nieuwelaan"]
    assert [c.tier for c in ranked] == [3, 3, 2, 2, 0]
    tulp = next(c for c in ranked if c.name == "Tulpstraat")
    assert tulp.questions == 3 and tulp.doors == 20


def test_help_questions_do_not_lift_a_street_over_a_never_visited_one(town):
    visit(town, "Tulpstraat", 400, help_questions=50)
    ranked = planning.rank_streets([town.buurt.id], now=NOW)
    # Help questions older than a year do not count; and even then the tier decides.
    assert names(town, [c.id for c in ranked]).index("Tulpstraat") >= 3


def test_buurt_priority_orders_within_a_tier(town, db):
    other = planning.rank_streets([town.buurt.id], now=NOW)
    town.buurt.priority = 3
    db.session.flush()
    raised = planning.rank_streets([town.buurt.id], now=NOW)
    assert [c.score for c in raised] == [pytest.approx(c.score + 60) for c in other]


def test_proposal_takes_the_most_wanted_and_orders_them_into_a_walk(town):
    visit(town, "Tulpstraat", 3)
    visit(town, "Oudelaan", 3)
    visit(town, "Nieuwelaan", 3)
    start = (5.096, 52.051)  # the west end of Rozenlaan
    route = planning.propose_route([town.buurt.id], now=NOW, start=start, count=2)
    assert names(town, [s["id"] for s in route["streets"]]) == ["Rozenlaan", "Molenweg"]
    # Rozenlaan is 0.008 degrees of longitude (549 m), Molenweg 0.004 of latitude (445 m).
    assert route["street_m"] == pytest.approx(549 + 445, abs=3)
    assert route["distance_m"] == pytest.approx(
        route["street_m"] + route["transit_m"], abs=1)
    assert route["streets"][0]["entry"] == [5.096, 52.051]


def test_proposal_within_minutes_stays_within_the_budget(town):
    route = planning.propose_route([town.buurt.id], now=NOW, minutes=25)
    assert 1 <= len(route["streets"]) < 5
    assert route["minutes"] <= 25


def test_plan_route_keeps_or_optimises_the_order(town):
    ids = [town.streets[n].id for n in ("Rozenlaan", "Tulpstraat", "Oudelaan")]
    kept = planning.plan_route(ids, start=(5.096, 52.049), optimise=False)
    assert [s["id"] for s in kept["streets"]] == ids
    best = planning.plan_route(ids, start=(5.096, 52.049), optimise=True)
    assert best["distance_m"] <= kept["distance_m"]
    assert names(town, [s["id"] for s in best["streets"]])[0] == "Tulpstraat"


def test_coffee_spot_for_the_three_streets_is_on_molenweg(town):
    ids = [town.streets[n].id for n in ("Tulpstraat", "Rozenlaan", "Molenweg")]
    spots = planning.suggest_spots(ids)
    best = spots[0]
    # Molenweg crosses both at x=5.100; the middle of the layout is on Molenweg.
    assert best["lon"] == pytest.approx(5.100, abs=0.0002)
    assert 52.049 <= best["lat"] <= 52.051


@pytest.mark.parametrize("kwargs, field", [
    ({"count": 0}, "count"), ({"count": 500}, "count"), ({"minutes": 2}, "minutes"),
    ({"start": (500.0, 1.0)}, "start"),
])
def test_proposal_refuses_bad_input_with_the_field(town, kwargs, field):
    with pytest.raises(Invalid) as error:
        planning.propose_route([town.buurt.id], now=NOW, **kwargs)
    assert field in error.value.fields


def test_unknown_street_is_refused(town):
    with pytest.raises(Invalid) as error:
        planning.plan_route([999999])
    assert "streets" in error.value.fields

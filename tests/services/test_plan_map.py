"""Coverage, hotspots and follow-ups for the planning map, on real PostGIS with known answers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geo.hexbins import cell_for, cell_polygon, coarsen
from outreach.models.enums import FollowUpStatus, HelpCategory, RoundKind
from outreach.services.buurt_profile import buurt_profile, sort_streets
from outreach.services.coverage import VisitClass, buurt_coverage, street_coverage, visit_class
from outreach.services.hotspots import hotspot_cells
from outreach.services.mapdata import plan_map_data
from outreach.services.street_followups import FollowUpState, follow_ups_per_street
from tests.plan_town import HOTSPOT_LAT, HOTSPOT_LON, PERIOD, hotspot_contacts, make_plan_town

K = 5


@pytest.fixture()
def plan_town(db, users):
    return make_plan_town(users["veldwerker"])


def test_buurt_coverage_counts_streets_and_doors_visited_in_the_period(plan_town):
    [buurt] = buurt_coverage(PERIOD)
    # Tulpstraat (doors 1, 3, 5) in the period; Rozenlaan only before it; Molenweg never.
    assert (buurt.streets_total, buurt.streets_visited) == (3, 1)
    assert (buurt.doors_total, buurt.doors_visited) == (20, 3)
    assert buurt.by_doors and buurt.share == pytest.approx(3 / 20)
    assert buurt.street_share == pytest.approx(1 / 3)
    assert (buurt.contacts, buurt.conversations) == (3, 1)


def test_buurt_coverage_by_streets_where_no_addresses_exist(db, users):
    from tests.factories import make_town

    make_town(users["veldwerker"], round_date=PERIOD.today, with_addresses=False)
    [buurt] = buurt_coverage(PERIOD)
    assert not buurt.by_doors and buurt.share == 0


def test_round_kind_filter_keeps_only_contacts_of_that_kind_of_round(plan_town):
    [buurt] = buurt_coverage(replace(PERIOD, round_kind=RoundKind.koffie))
    assert (buurt.streets_visited, buurt.contacts) == (0, 0)
    [buurt] = buurt_coverage(replace(PERIOD, round_kind=RoundKind.bloemen))
    assert (buurt.streets_visited, buurt.contacts) == (1, 3)


def test_streets_by_last_visit_look_back_past_the_period_start(plan_town):
    streets = {s.name: s for s in street_coverage(PERIOD)}
    assert streets["Tulpstraat"].days_since == 10
    assert streets["Tulpstraat"].visit_class == VisitClass.minder_dan_30
    assert streets["Rozenlaan"].days_since == 149
    assert streets["Rozenlaan"].visit_class == VisitClass.meer_dan_90
    assert streets["Rozenlaan"].contacts == 0  # visited, but not in the period
    assert streets["Molenweg"].visit_class == VisitClass.nooit
    assert (streets["Tulpstraat"].doors_total, streets["Tulpstraat"].doors_visited) == (20, 3)


@pytest.mark.parametrize(("days", "expected"), [
    (None, VisitClass.nooit), (91, VisitClass.meer_dan_90), (90, VisitClass.tussen_30_90),
    (30, VisitClass.tussen_30_90), (29, VisitClass.minder_dan_30), (0, VisitClass.minder_dan_30)])
def test_visit_class_boundaries(days, expected):
    assert visit_class(days) == expected


def test_hotspot_cell_with_k_minus_1_contacts_is_left_out(plan_town):
    hotspot_contacts(plan_town, K - 1)
    for resolution in (8, 9):
        assert hotspot_cells(PERIOD, min_contacts=K, resolution=resolution) == []
    data = plan_map_data(PERIOD, buurt_id=plan_town.town.buurt.id, min_contacts=K,
                         inline_streets_max=100)
    assert data.hexes == []


def test_hotspot_cell_with_k_contacts_shows_counts_per_category(plan_town):
    hotspot_contacts(plan_town, K - 1)
    hotspot_contacts(plan_town, 1, category="eenzaamheid")
    cell = cell_for(HOTSPOT_LON, HOTSPOT_LAT)
    [hexagon] = hotspot_cells(PERIOD, min_contacts=K)
    assert hexagon.cell == cell and hexagon.contacts == K
    assert hexagon.by_category == {HelpCategory.geld_schulden: K - 1,
                                   HelpCategory.eenzaamheid: 1}
    assert hexagon.geometry == cell_polygon(cell)
    [parent] = hotspot_cells(PERIOD, min_contacts=K, resolution=8)
    assert parent.cell == coarsen(cell, 8) and parent.contacts == K


def test_hotspot_category_filter_counts_only_that_category_and_suppresses_again(plan_town):
    hotspot_contacts(plan_town, K - 1)
    hotspot_contacts(plan_town, 1, category="eenzaamheid")
    debts = replace(PERIOD, category=HelpCategory.geld_schulden)
    assert hotspot_cells(debts, min_contacts=K) == []  # K-1 debt contacts: too few
    assert len(hotspot_cells(PERIOD, min_contacts=K)) == 1


def test_follow_ups_per_street_show_overdue_and_closed_in_period(plan_town):
    [tulp] = follow_ups_per_street(PERIOD)
    assert tulp.name == "Tulpstraat"
    assert tulp.counts == {FollowUpStatus.open: 1, FollowUpStatus.afgerond: 1}
    assert (tulp.overdue, tulp.open, tulp.state) == (1, 1, FollowUpState.te_laat)


def test_buurt_profile_figures(plan_town):
    hotspot_contacts(plan_town, 2)
    profile = buurt_profile(plan_town.town.buurt, PERIOD, street_sort="hulpvragen")
    assert (profile.doors, profile.conversations) == (3 + 2, 1 + 2)
    assert profile.help_questions == {HelpCategory.geld_schulden: 2}
    assert (profile.follow_ups_open, profile.follow_ups_overdue) == (1, 1)
    assert profile.last_round.date == plan_town.town.round.date
    assert profile.streets[0].name == "Tulpstraat"  # the two help questions
    assert dict(profile.key_figures())["aantal_inwoners"] == 1200


def test_street_table_sorts_never_visited_first_by_last_visit(plan_town):
    streets = sort_streets(street_coverage(PERIOD), "laatste_bezoek")
    assert [s.name for s in streets] == ["Molenweg", "Rozenlaan", "Tulpstraat"]


def test_city_map_data_leaves_streets_out_above_the_inline_maximum(plan_town):
    data = plan_map_data(PERIOD, min_contacts=K, inline_streets_max=2)
    assert data.streets is None and data.follow_ups is None
    data = plan_map_data(PERIOD, min_contacts=K, inline_streets_max=3)
    assert len(data.streets) == 3 and len(data.follow_ups) == 1
    assert [p.name for p in data.partners] == ["Schuldhulp Testdorp"]


def test_parent_cell_in_sql_matches_h3(db):
    import h3
    from sqlalchemy import text

    from outreach.services.hotspots import parent_cell_sql

    cells = [cell_for(lon, lat) for lon, lat in
             ((4.4777, 51.9244), (5.1, 52.05), (-73.98, 40.75), (151.2, -33.87), (0.0, 0.0))]
    for resolution in (0, 5, 8, 9):
        sql = f"SELECT {parent_cell_sql('c', resolution)} FROM unnest(CAST(:cells AS text[])) AS c"
        parents = db.session.scalars(text(sql), {"cells": cells}).all()
        assert parents == [h3.cell_to_parent(c, resolution) for c in cells]

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
    assert (buurt.doors_known, buurt.doors_reached, buurt.doors_unlisted) == (20, 3, 0)
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
    assert (streets["Tulpstraat"].doors_known, streets["Tulpstraat"].doors_reached) == (20, 3)


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
    # Doors are doors (1, 3, 5), not contacts: the two hotspot contacts have no number.
    cov = profile.coverage
    assert (cov.doors_reached, cov.door_contacts, cov.conversations) == (3, 3 + 2, 1 + 2)
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


# --- Coverage that fits the kind of work (issue 11) ---------------------------------

from datetime import date, timedelta  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sqlalchemy import text  # noqa: E402

from geo.addresses import door_key  # noqa: E402
from outreach.services.coverage import CoverageClass  # noqa: E402
from outreach.services.plan_filter import PlanFilter  # noqa: E402
from tests.plan_town import (  # noqa: E402
    BEFORE_PERIOD,
    IN_PERIOD,
    TODAY,
    add_contact,
    add_door_spellings,
    make_coverage_town,
)


@pytest.fixture()
def coverage_town(db, users):
    return make_coverage_town(users["veldwerker"])


def _by_code(plan_filter):
    return {b.code: b for b in buurt_coverage(plan_filter)}


def test_each_kind_of_work_has_its_class(coverage_town):
    buurten = _by_code(PERIOD)
    test, coffee = buurten["BU99990001"], buurten["BU99990002"]
    assert test.coverage_class == CoverageClass.deuren_0_25  # 3 of 20 doors
    assert coffee.coverage_class == CoverageClass.bereik
    assert buurten["BU99990003"].coverage_class == CoverageClass.niets_bezocht
    assert buurten["BU99990004"].coverage_class == CoverageClass.geen_straten
    # The coffee buurt, counted by hand: 6 visitors, 4 conversations, living on Kerkpad
    # (2) and Schoolstraat (1): 2 streets. Nobody walked a street, no door was reached.
    assert (coffee.contacts, coffee.visitors, coffee.visitor_conversations,
            coffee.visitor_streets) == (6, 6, 4, 2)
    assert (coffee.door_contacts, coffee.streets_visited, coffee.streets_total) == (0, 0, 2)
    assert (coffee.doors_known, coffee.doors_reached, coffee.doors_unlisted) == (10, 0, 0)
    assert (coffee.streets_without_addresses, coffee.streets_without_addresses_visited) == (1, 0)


def test_koffie_filter_shows_what_the_coffee_round_reached(coverage_town):
    buurten = _by_code(replace(PERIOD, round_kind=RoundKind.koffie))
    assert buurten["BU99990002"].coverage_class == CoverageClass.bereik
    # Visited by the bloemen round only: not "niets bezocht" under the koffie filter.
    assert buurten["BU99990001"].coverage_class == CoverageClass.andere_rondes
    assert (buurten["BU99990001"].contacts, buurten["BU99990001"].contacts_any_kind) == (0, 3)
    assert buurten["BU99990003"].coverage_class == CoverageClass.niets_bezocht


def test_door_share_sets_the_class_boundaries(coverage_town):
    plan_town = coverage_town.plan_town
    reached = {1, 3, 5}
    for more, share, cls in (({2, 4}, 5, CoverageClass.deuren_25_50),  # 5 of 20: 25 %
                             ({6, 7, 8, 9, 10}, 10, CoverageClass.deuren_50_75),
                             ({11, 12, 13, 14}, 14, CoverageClass.deuren_50_75),  # 70 %
                             ({15}, 15, CoverageClass.deuren_75_100)):  # 75 %
        for number in more:
            add_contact(plan_town, "Tulpstraat", at=IN_PERIOD, number=number, lon=5.1,
                        lat=52.049)
        reached |= more
        db_flush()
        test = _by_code(PERIOD)["BU99990001"]
        assert (test.doors_reached, test.coverage_class) == (share, cls) == (len(reached), cls)


def db_flush():
    from outreach.extensions import db

    db.session.commit()


def test_one_door_spelt_three_ways_counts_once_and_unknown_numbers_apart(coverage_town):
    add_door_spellings(coverage_town.plan_town)
    test = _by_code(PERIOD)["BU99990001"]
    # Known: 1-20 and 12A. Reached: 1, 3, 5 and 12A ('12a', '12 A', '12-A'). Not in the
    # list: 99 (twice), 101 and 12B: three numbers.
    assert (test.doors_known, test.doors_reached, test.doors_unlisted) == (21, 4, 3)
    tulp = {s.name: s for s in street_coverage(PERIOD)}["Tulpstraat"]
    assert (tulp.doors_known, tulp.doors_reached, tulp.doors_unlisted) == (21, 4, 3)
    # Ten contacts at those doors: the contacts still count as contacts.
    assert tulp.contacts == 3 + 7


def test_doors_are_counted_in_the_period_and_round_kind(coverage_town):
    plan_town = coverage_town.plan_town
    add_contact(plan_town, "Tulpstraat", at=BEFORE_PERIOD, number=7, lon=5.1, lat=52.049)
    add_contact(plan_town, "Tulpstraat", at=IN_PERIOD, number=9, lon=5.1, lat=52.049,
                in_round=False)
    db_flush()
    assert _by_code(PERIOD)["BU99990001"].doors_reached == 3 + 1  # 9, not 7
    koffie = _by_code(replace(PERIOD, round_kind=RoundKind.koffie))["BU99990001"]
    assert (koffie.doors_reached, koffie.doors_known) == (0, 20)


def test_coffee_visitors_make_a_street_reached_not_walked(coverage_town):
    streets = {s.name: s for s in street_coverage(PERIOD)}
    kerkpad, school = streets["Kerkpad"], streets["Schoolstraat"]
    assert (kerkpad.visitors, kerkpad.last_visit, kerkpad.doors_reached) == (2, None, 0)
    assert kerkpad.visit_class == VisitClass.via_koffieplek
    assert school.visit_class == VisitClass.via_koffieplek
    assert streets["Stilleweg"].visit_class == VisitClass.nooit
    # With the koffie filter, streets walked by the bloemen round are not "nooit".
    koffie = {s.name: s for s in street_coverage(replace(PERIOD, round_kind=RoundKind.koffie))}
    assert {name: s.visit_class for name, s in koffie.items()} == {
        "Tulpstraat": VisitClass.andere_rondes, "Rozenlaan": VisitClass.andere_rondes,
        "Molenweg": VisitClass.nooit, "Kerkpad": VisitClass.via_koffieplek,
        "Schoolstraat": VisitClass.via_koffieplek, "Stilleweg": VisitClass.nooit}
    assert (koffie["Tulpstraat"].contacts, koffie["Tulpstraat"].last_visit) == (0, None)


_KINDS = [None, *RoundKind]
_CATEGORIES = [None, HelpCategory.geld_schulden, HelpCategory.eenzaamheid]
_PERIODS = [(PERIOD.date_from, PERIOD.date_to), (date(2026, 1, 1), date(2026, 3, 31)),
            (date(2026, 6, 20), date(2026, 6, 20)), (date(2025, 1, 1), date(2025, 12, 31)),
            (date(2026, 1, 1), TODAY)]


def _contacts_in_period(plan_filter) -> dict[str, int]:
    """Independent of coverage.py: contacts per buurt code by recorded_at, any kind."""
    from outreach.extensions import db

    rows = db.session.execute(text(
        "SELECT b.code, count(*) FROM contacts c JOIN buurten b ON b.id = c.buurt_id "
        "WHERE c.recorded_at >= :start AND c.recorded_at < :end GROUP BY b.code"),
        {"start": plan_filter.start, "end": plan_filter.end})
    return dict(rows.all())


def _check_never_unvisited(plan_filter):
    met = _contacts_in_period(plan_filter)
    buurten = buurt_coverage(plan_filter)
    assert buurten, plan_filter
    for b in buurten:
        if met.get(b.code):
            assert b.coverage_class not in (CoverageClass.niets_bezocht,
                                            CoverageClass.geen_straten), (b.code, plan_filter)
        else:
            assert b.coverage_class in (CoverageClass.niets_bezocht,
                                        CoverageClass.geen_straten), (b.code, plan_filter)
        assert b.doors_reached <= b.doors_known
    for s in street_coverage(plan_filter):
        assert s.doors_reached <= s.doors_known, (s.name, plan_filter)


@pytest.mark.parametrize("kind", _KINDS)
@pytest.mark.parametrize("category", _CATEGORIES)
def test_a_buurt_with_contacts_is_never_unvisited_whatever_the_filters(coverage_town, kind,
                                                                       category):
    add_door_spellings(coverage_town.plan_town)
    for date_from, date_to in _PERIODS:
        for code in (None, "BU99990001", "BU99990002", "BU99990003"):
            _check_never_unvisited(PlanFilter(date_from=date_from, date_to=date_to,
                                              today=TODAY, round_kind=kind,
                                              category=category, buurt_code=code))


_DOORS = st.tuples(st.integers(1, 24), st.sampled_from(
    [None, "", "a", "A", " a", "-a", "-A", "b", "B", "2", "-2", " bis"]))


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(logged=st.lists(_DOORS, max_size=30), letters=st.lists(_DOORS, max_size=6))
def test_doors_reached_are_the_known_doors_logged_never_more(db, plan_town, logged, letters):
    """Whatever numbers and spellings are logged: reached = logged door keys that the list
    holds, unlisted = the others, as geo.addresses.door_key (the Python twin) counts them."""
    tulp = plan_town.town.streets["Tulpstraat"]
    ids = []
    known = {door_key(n, None) for n in range(1, 21)}
    try:
        for number, suffix in letters:  # more addresses beside 1-20, as BAG splits them
            letter = suffix.strip(" -") if suffix and suffix.strip(" -").isalpha() else None
            known.add(door_key(number, letter))
            db.session.execute(text(
                "INSERT INTO addresses (source_key, buurt_id, street_id, street_name, "
                "house_number, house_letter, geom) VALUES (:k, :b, :s, 'Tulpstraat', :n, :l, "
                "ST_GeomFromText('POINT(5.1 52.049)', 4326)) ON CONFLICT DO NOTHING"),
                {"k": f"hyp:{number}{letter}", "b": tulp.buurt_id, "s": tulp.id, "n": number,
                 "l": letter})
        for number, suffix in logged:
            ids.append(db.session.execute(text(
                "INSERT INTO contacts (id, round_id, buurt_id, street_id, house_number, "
                "house_suffix, outcome, setting, recorded_at) VALUES (gen_random_uuid(), "
                ":r, :b, :s, :n, :x, 'niet_thuis', 'deur', :at) RETURNING id"),
                {"r": plan_town.town.round.id, "b": tulp.buurt_id, "s": tulp.id, "n": number,
                 "x": suffix, "at": IN_PERIOD}).scalar())
        seen = {door_key(n, s) for n, s in logged} | {door_key(n, None) for n in (1, 3, 5)}
        [buurt] = buurt_coverage(PERIOD)
        [street] = [s for s in street_coverage(PERIOD) if s.id == tulp.id]
        for figures in (buurt, street):
            assert figures.doors_known == len(known)
            assert figures.doors_reached == len(seen & known) <= figures.doors_known
            assert figures.doors_unlisted == len(seen - known)
    finally:
        db.session.execute(text("DELETE FROM contacts WHERE id = ANY(:ids)"), {"ids": ids})
        db.session.execute(text("DELETE FROM addresses WHERE source_key LIKE 'hyp:%'"))


def test_rounds_walk_list_and_route_planner_count_doors_as_doors(coverage_town):
    """The coordinator's other door figures use the same door key and team visits."""
    from outreach.services import planning
    from outreach.services.rounds import list_rounds, walk_list

    plan_town = coverage_town.plan_town
    add_door_spellings(plan_town)
    round_id = plan_town.town.round.id
    upcoming, past = list_rounds(TODAY)
    [row] = [r for r in upcoming + past if r.round.id == round_id]
    # The round logged 1, 3, 5, 12A (three spellings), 99 (twice), 101 and 12B: seven
    # doors (three not in the address list) in eleven contacts (one on Rozenlaan, no number).
    assert (row.doors, row.contacts) == (7, 11)
    [tulp] = [s for s in walk_list(round_id)["streets"] if s["name"] == "Tulpstraat"]
    assert tulp["doors"] == 21  # 1-20 and 12A
    # The route planner: Kerkpad's residents came to the coffee spot, nobody walked it.
    ranked = {c.name: c for c in planning.rank_streets([coverage_town.coffee_buurt.id],
                                                        now=IN_PERIOD + timedelta(days=1))}
    assert (ranked["Kerkpad"].doors, ranked["Kerkpad"].tier) == (10, 3)  # never visited


def _recount(plan_filter, contacts, addresses, streets):
    """Coverage per buurt and per street counted again in Python from the raw rows, with
    geo.addresses.door_key: the definitions of docs/coverage.md, without coverage.py."""
    def in_kind(c):
        return plan_filter.round_kind is None or c["kind"] == plan_filter.round_kind.value

    before_end = [c for c in contacts if c["recorded_at"] < plan_filter.end]
    period = [c for c in before_end if c["recorded_at"] >= plan_filter.start]
    chosen = [c for c in period if in_kind(c)]
    known: dict[int, set] = {}
    for a in addresses:
        known.setdefault(a["street_id"], set()).add(
            door_key(a["house_number"], (a["house_letter"] or "") + (a["addition"] or "")))
    team = ("deur", "straat")
    buurten = {}
    for buurt_id in {s["buurt_id"] for s in streets} | {c["buurt_id"] for c in contacts}:
        mine = [c for c in chosen if c["buurt_id"] == buurt_id]
        its_streets = [s["id"] for s in streets if s["buurt_id"] == buurt_id]
        visited = {c["street_id"] for c in mine if c["setting"] in team and c["street_id"]}
        logged = {(c["street_id"], door_key(c["house_number"], c["house_suffix"]))
                  for c in mine if c["house_number"] and c["street_id"] in known}
        listed = {(s, d) for s in its_streets for d in known.get(s, ())}
        unlisted_streets = [s for s in its_streets if s not in known]
        buurten[buurt_id] = {
            "streets_total": len(its_streets),
            "streets_visited": len(visited & set(its_streets)),
            "streets_without_addresses": len(unlisted_streets),
            "streets_without_addresses_visited": len(visited & set(unlisted_streets)),
            "doors_known": len(listed), "doors_reached": len(logged & listed),
            "doors_unlisted": len(logged - listed), "contacts": len(mine),
            "conversations": sum(c["outcome"] == "gesprek" for c in mine),
            "door_contacts": sum(c["setting"] == "deur" for c in mine),
            "visitors": sum(c["setting"] == "koffieplek" for c in mine),
            "visitor_conversations": sum(c["setting"] == "koffieplek"
                                         and c["outcome"] == "gesprek" for c in mine),
            "visitor_streets": len({c["street_id"] for c in mine
                                    if c["setting"] == "koffieplek" and c["street_id"]}),
            "contacts_any_kind": sum(c["buurt_id"] == buurt_id for c in period)}
    per_street = {}
    for s in streets:
        here = [c for c in before_end if c["street_id"] == s["id"]]
        walks = [c["recorded_at"] for c in here if c["setting"] in team and in_kind(c)]
        now = [c for c in here if c["recorded_at"] >= plan_filter.start and in_kind(c)]
        logged = {door_key(c["house_number"], c["house_suffix"]) for c in now
                  if c["house_number"]} if s["id"] in known else set()
        per_street[s["id"]] = {
            "last_visit": max(walks, default=None), "contacts": len(now),
            "conversations": sum(c["outcome"] == "gesprek" for c in now),
            "doors_known": len(known.get(s["id"], ())),
            "doors_reached": len(logged & known.get(s["id"], set())),
            "doors_unlisted": len(logged - known.get(s["id"], set())),
            "visitors": sum(c["setting"] == "koffieplek" for c in now),
            "walked_by_other_kinds": any(c["setting"] in team for c in here)}
    return buurten, per_street


@pytest.mark.parametrize("kind", [None, RoundKind.koffie, RoundKind.bloemen])
def test_demo_town_figures_match_a_recount_by_hand(db, kind, capsys):
    """On the demo town every buurt's and street's figures equal the Python recount."""
    from outreach.clock import local_today
    from outreach.services import demo

    demo.seed_demo(seed=2026)
    rows = db.session.execute(text(
        "SELECT c.buurt_id, c.street_id, c.house_number, c.house_suffix, c.setting, "
        "c.outcome, c.recorded_at, r.kind FROM contacts c LEFT JOIN rounds r "
        "ON r.id = c.round_id")).mappings().all()
    addresses = db.session.execute(text(
        "SELECT street_id, house_number, house_letter, addition FROM addresses "
        "WHERE street_id IS NOT NULL")).mappings().all()
    streets = db.session.execute(text("SELECT id, buurt_id FROM streets")).mappings().all()
    today = local_today()
    plan_filter = replace(PlanFilter.default(today), round_kind=kind)
    buurten, per_street = _recount(plan_filter, rows, addresses, streets)
    coverage = buurt_coverage(plan_filter)
    assert {b.id for b in coverage} == set(buurten)
    for b in coverage:
        got = {k: getattr(b, k) for k in buurten[b.id]}
        assert got == buurten[b.id], b.name
        if b.contacts_any_kind:
            assert b.coverage_class not in (CoverageClass.niets_bezocht,
                                            CoverageClass.geen_straten)
        print(f"{kind and kind.value or 'alle'};{b.name};{b.coverage_class.value};"
              f"deuren {b.doors_reached}/{b.doors_known} (+{b.doors_unlisted});"
              f"straten {b.streets_visited}/{b.streets_total};contacten {b.contacts} "
              f"(deur {b.door_contacts});koffieplek {b.visitors}/{b.visitor_conversations}"
              f"/{b.visitor_streets};alle soorten {b.contacts_any_kind}")
    for s in street_coverage(plan_filter):
        got = {k: getattr(s, k) for k in per_street[s.id]}
        assert got == per_street[s.id], s.name
        assert s.doors_reached <= s.doors_known

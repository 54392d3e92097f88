"""A coordinator never reads a note or a resident's details, on any page, export or API
answer they can reach (docs/privacy.md: "maps and counts, never resident details").

The world has follow-ups in every status and contacts without follow-ups; every free
text in it (contact, help question, talent, follow-up, handover agreement, history notes
including the partner's confirmation) and every name and phone carries one marker. The
test logs in as a coordinator, visits every GET route the access table lets a coordinator
use (read from the app, so a new route is walked without editing this file), with each
id of the world and each query that matters, then follows every link those pages show.
"""

from __future__ import annotations

import re
from collections import deque
from datetime import timedelta
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
from sqlalchemy import select

from outreach.access import PUBLIC, allowed_roles
from outreach.clock import local_today
from outreach.models import Contact, FollowUpEvent, HelpQuestion, Street
from outreach.models.base import utcnow
from outreach.models.enums import Consent, FollowUpStatus, HelpCategory, Outcome, Role
from outreach.services.coverage_export import ExportFormat, ExportLevel
from tests.privacy_world import make_resident, town_for

MARKER = "qzxnotitie7"
PHONE = "0677123999"
# Pages the crawl visits at most (it asserts it did not need them all).
CRAWL_LIMIT = 400
NEVER_FOLLOW = ("/logout", "/static/", "/taal/")


@pytest.fixture()
def marked_world(db, users):
    """Follow-ups in every status and a lone contact, every text carrying MARKER."""
    town = town_for(users)
    worker = users["veldwerker"]
    recent = utcnow() - timedelta(days=3)
    follow_ups = []
    for n, status in enumerate(FollowUpStatus):
        resident = make_resident(town, worker, name=f"Mevr. {MARKER} {n}", phone=PHONE,
                                 status=status, tag=f" {MARKER}",
                                 recorded_at=recent - timedelta(hours=n),
                                 closed_at=recent if status in (FollowUpStatus.afgerond,
                                                                FollowUpStatus.geannuleerd)
                                 else None)
        follow_ups.append(resident.follow_up)
    handed = follow_ups[list(FollowUpStatus).index(FollowUpStatus.overgedragen)]
    handed.events.append(FollowUpEvent(action="partner_confirmed", at=recent,
                                       from_status=FollowUpStatus.overgedragen,
                                       to_status=FollowUpStatus.overgedragen,
                                       note=f"Partner schreef {MARKER}",
                                       details={"outcome": "opgepakt",
                                                "partner": town.partner.name}))
    lone = Contact(buurt_id=town.buurt.id, street_id=town.streets["Rozenlaan"].id,
                   house_number=3, geom="SRID=4326;POINT(5.0990 52.0510)",
                   outcome=Outcome.gesprek, consent=Consent.anoniem, worker_id=worker.id,
                   recorded_at=recent, round_id=town.round.id, note=f"Alleen {MARKER}")
    lone.help_questions.append(HelpQuestion(category=HelpCategory.eenzaamheid,
                                            note=f"Eenzaam {MARKER}"))
    db.session.add(lone)
    db.session.commit()
    return {"town": town, "follow_ups": follow_ups}


def _coordinator_routes(app) -> list:
    """Every GET rule a coordinator may use: declared for coordinators, or public."""
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static",) or "GET" not in rule.methods:
            continue
        declared = allowed_roles(app.view_functions[rule.endpoint])
        if declared is PUBLIC or (declared and Role.coordinator in declared):
            rules.append(rule)
    return rules


def _urls_for(app, rule, world) -> list[str]:
    """The URLs worth visiting for RULE: each id of the world, each query that changes
    what the page shows."""
    from flask import url_for

    town = world["town"]
    values = {
        "follow_up_id": [f.id for f in world["follow_ups"]],
        "round_id": [town.round.id],
        "code": [town.buurt.code],
        "level": [level.value for level in ExportLevel],
        "fmt": [fmt.value for fmt in ExportFormat],
        "token": ["geen-echte-token"],
        "lang": ["en"],
    }
    combos = [{}]
    for argument in sorted(rule.arguments):
        assert argument in values, f"{rule.endpoint}: add '{argument}' to this test"
        combos = [{**c, argument: v} for c in combos for v in values[argument]]
    street_ids = [s.id for s in town.streets.values()]
    today = local_today()
    period = {"van": (today - timedelta(days=30)).isoformat(), "tot": today.isoformat()}
    queries = {
        "plan.index": [{}, period, {**period, "buurt": town.buurt.code}],
        "plan.buurt": [{}, period, {**period, "sorteer": "opvolging"}],
        "plan.streets_in_view": [{**period, "bbox": "5.09,52.04,5.12,52.06"}],
        "plan.export": [period, {**period, "buurt": town.buurt.code}],
        "rounds.planner_streets": [{"buurt": town.buurt.id}],
        "rounds.planner_proposal": [{"buurt": town.buurt.id}],
        "rounds.planner_route": [{"street": street_ids}],
        "rounds.planner_coffee": [{"street": street_ids}],
        "followups.board": [{}, {"weergave": "lijst"}, {"weergave": "lijst", "open": "y"},
                            {"buurt": town.buurt.id}],
    }
    urls = []
    with app.test_request_context():
        for combo in combos:
            for query in queries.get(rule.endpoint, [{}]):
                urls.append(url_for(rule.endpoint, **combo, **query))
    return urls


def _links(base: str, body: str) -> list[str]:
    found = []
    for href in re.findall(r'(?:href|action)="([^"#]+)"', body):
        url = urljoin(base, href.replace("&amp;", "&"))
        parsed = urlparse(url)
        if parsed.netloc in ("", "localhost") and not any(
                parsed.path.startswith(p) for p in NEVER_FOLLOW):
            found.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return found


def test_the_marker_is_there_for_those_who_work_on_follow_ups(login_as, marked_world):
    # The test can fail: a teamleider's page of the same follow-up shows the notes.
    fid = marked_world["follow_ups"][0].id
    assert MARKER in login_as("teamleider").get(f"/opvolging/{fid}").get_data(as_text=True)


def test_coordinator_never_sees_a_note_name_or_phone(app, login_as, marked_world):
    client = login_as("coordinator")
    start = []
    for rule in _coordinator_routes(app):
        start += [(rule.endpoint, url) for url in _urls_for(app, rule, marked_world)]
    endpoints = {endpoint for endpoint, _url in start}
    assert {"followups.detail", "followups.board", "followups.today", "plan.export",
            "plan.buurt", "rounds.walk_list", "me.Me"} <= endpoints
    queue = deque(url for _endpoint, url in start)
    seen: set[str] = set()
    # A followed link is new when its path or its set of query keys is: the board offers
    # every filter and sort combination, and each value of one key shows the same fields.
    shapes: set[tuple] = set()
    answered_ok = set()
    leaks = []
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.get_data(as_text=True)
        for secret in (MARKER, PHONE):
            if secret in body:
                leaks.append((url, secret))
        if response.status_code < 400:  # a page, a file, or a redirect (login when in)
            answered_ok.add(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            for link in _links(url, body):
                parsed = urlparse(link)
                shape = (parsed.path, frozenset(parse_qs(parsed.query)))
                if shape not in shapes:
                    shapes.add(shape)
                    queue.append(link)
    assert leaks == []
    # Every coordinator route answered with a page, not only with a refusal.
    answered = {endpoint for endpoint, url in start if url in answered_ok}
    needs_a_real_token = {"partner_link.show"}
    assert endpoints - answered - needs_a_real_token == set()
    assert len(seen) < CRAWL_LIMIT, "the crawl stopped early; raise CRAWL_LIMIT"
    assert len(seen) > len(start)  # it did follow links


def test_coordinator_detail_of_every_status_shows_categories_not_notes(login_as, marked_world):
    client = login_as("coordinator")
    for follow_up in marked_world["follow_ups"]:
        html = client.get(f"/opvolging/{follow_up.id}").get_data(as_text=True)
        assert "Geld en schulden" in html  # the category stays
        assert MARKER not in html and "Tulpstraat 7" not in html


def test_the_world_is_in_the_coordinator_pages_period(db, marked_world):
    # The walk only proves something when the contacts are inside the default period.
    recorded = db.session.scalars(select(Contact.recorded_at)).all()
    assert recorded and all(utcnow() - r < timedelta(days=30) for r in recorded)
    assert db.session.scalar(select(Street.id).where(Street.name == "Rozenlaan"))

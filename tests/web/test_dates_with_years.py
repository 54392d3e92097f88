"""Dates carry their year wherever one may lie outside this year (issue 11): the board's
"te laat · 1 jan" hid that it was 2020."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask_babel import format_date, format_datetime

from outreach.extensions import db as _db
from outreach.models import FollowUp
from outreach.models.enums import FollowUpStatus
from outreach.web.navigation import local_datetime, local_day, long_day
from tests.followup_world import make_world

ROOT = Path(__file__).resolve().parents[2]
PATTERN = re.compile(r"""(date|datetime)format\(\s*['"]([^'"]*)['"]\s*\)""")
PY_PATTERN = re.compile(r"""format_(date|datetime)\([^,()]+,\s*['"]([^'"]+)['"]""")


def _formats():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for kind, pattern in PATTERN.findall(path.read_text()):
            yield path.relative_to(ROOT), kind, pattern
    for path in sorted((ROOT / "outreach").rglob("*.py")):
        for kind, pattern in PY_PATTERN.findall(path.read_text()):
            yield path.relative_to(ROOT), kind, pattern


@pytest.mark.parametrize(("where", "kind", "pattern"), list(_formats()))
def test_every_date_format_in_templates_and_code_shows_the_year(app, where, kind, pattern):
    with app.test_request_context():
        shown = (format_date(date(2020, 1, 1), pattern) if kind == "date"
                 else format_datetime(datetime(2020, 1, 1, 12, tzinfo=UTC), pattern))
    assert "2020" in shown, f"{where}: {pattern!r} shows {shown!r}"


def test_the_day_filters_carry_the_year(app):
    with app.test_request_context():
        assert local_day(date(2020, 1, 1)) == "1 jan 2020"
        assert local_day(datetime(2019, 12, 31, 23, 30, tzinfo=UTC)) == "1 jan 2020"  # Dutch
        assert long_day(date(2020, 1, 1)) == "woensdag 1 januari 2020"
        assert local_datetime(datetime(2020, 1, 1, 12, tzinfo=UTC)) == "1 jan 2020 13:00"


def test_the_board_says_which_year_a_late_follow_up_was_due(db, users, login_as):
    world = make_world(users)
    follow_up = _db.session.get(FollowUp, world.ids[1])
    follow_up.due_date, follow_up.status = date(2020, 1, 1), FollowUpStatus.open
    _db.session.commit()
    client = login_as("teamleider")
    board = client.get("/opvolging").get_data(as_text=True)
    assert "te laat · 1 jan 2020" in board
    listing = client.get("/opvolging?weergave=lijst").get_data(as_text=True)
    assert "1 jan 2020" in listing
    today = client.get("/opvolging/vandaag").get_data(as_text=True)
    assert str(world.today.year) in today[today.index("<h1"):today.index("</h1>")]

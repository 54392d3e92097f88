"""Template helpers: moments shown in the team's local time, in Dutch."""

from datetime import UTC, datetime

from outreach.web.navigation import local_datetime, local_day


def test_a_utc_moment_is_shown_in_dutch_local_time(app):
    with app.test_request_context():
        assert local_datetime("2026-03-04T10:30:00+00:00") == "4 mrt 2026 11:30"  # CET
        assert local_datetime(datetime(2026, 7, 1, 10, 30, tzinfo=UTC)) == "1 jul 2026 12:30"
        assert local_datetime(None) == "–"
        assert local_datetime("not a time") == "not a time"


def test_a_day_is_shown_in_dutch(app):
    with app.test_request_context():
        assert local_day("2026-11-24") == "24 nov 2026"
        assert local_day(None) == "–"

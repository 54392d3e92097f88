"""The phone's computations against the server's: due dates, team dates and door keys.

The phone counts a follow-up's default due date offline from the bundle's service levels
and holidays; it must give the server's answer (services/followups/service_levels) for
every day, Dutch public holidays included. Its door keys must be geo.addresses.door_key.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from geo.addresses import door_key
from outreach.clock import TEAM_TIMEZONE
from outreach.models.enums import FollowUpKind
from outreach.services.bundle import holidays_between
from outreach.services.followups.service_levels import default_due_date

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parents[2] / "static" / "veld"
# Working days per kind: short, a week, across a holiday season, the longest allowed.
LEVELS = {FollowUpKind.terugbellen: 1, FollowUpKind.huisbezoek: 5,
          FollowUpKind.warme_overdracht: 13, FollowUpKind.informatie: 90}


@pytest.fixture()
def rules_page(browser):
    """A blank page with the phone's rule modules, and nothing else."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>regels</title>")
    for module in ("vocabulary.js", "doors.js"):
        page.add_script_tag(path=str(STATIC / module))
    yield page
    context.close()


@pytest.mark.parametrize("year", [2026, 2027, 2030])
def test_phone_due_dates_are_the_servers_for_every_day_of_two_years(app, rules_page, year):
    first, last = date(year, 1, 1), date(year + 1, 12, 31)
    levels = {"working_days": {k.value: d for k, d in LEVELS.items()},
              "holidays": [d.isoformat() for d in holidays_between(first, last, "NL")],
              "holidays_from": first.isoformat(), "holidays_until": last.isoformat()}
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    phone = rules_page.evaluate("""([levels, days]) => days.map((day) =>
        Object.keys(levels.working_days).map((kind) =>
            self.Buurtronde.vocabulary.dueDate(levels, kind, day)))""",
                                [levels, [d.isoformat() for d in days]])
    with app.app_context():
        server = [[default_due_date(kind, day, levels=LEVELS) for kind in LEVELS] for day in days]
    compared = 0
    for day, on_phone, on_server in zip(days, phone, server, strict=True):
        for kind, mine, theirs in zip(LEVELS, on_phone, on_server, strict=True):
            if theirs > last:
                # Past the holidays the phone knows: it leaves the date to the server.
                assert mine is None, (day, kind)
            else:
                assert mine == theirs.isoformat(), (day, kind)
                compared += 1
    assert compared > 2 * 365 * 3
    # Cases that show the holidays count: Good Friday and Easter Monday, King's Day,
    # Christmas and New Year (2026: Thursday 2 April + 1 is Tuesday 7 April).
    if year == 2026:
        by_day = dict(zip(days, phone, strict=True))
        assert by_day[date(2026, 4, 2)][0] == "2026-04-07"
        assert by_day[date(2026, 4, 24)][0] == "2026-04-28"  # Monday 27 April: Koningsdag
        assert by_day[date(2026, 12, 24)][0] == "2026-12-28"
        assert by_day[date(2026, 12, 31)][0] == "2027-01-04"


def test_phone_counts_from_the_teams_date_not_the_phones(rules_page):
    instants = ["2026-03-28T23:30:00Z", "2026-03-29T00:30:00Z", "2026-10-24T22:30:00Z",
                "2026-10-25T22:59:59.999Z", "2026-12-31T23:00:00Z", "2026-06-30T21:59:00Z"]
    phone = rules_page.evaluate(
        "(instants) => instants.map((i) => self.Buurtronde.vocabulary.teamDate(i))", instants)
    server = [datetime.fromisoformat(i.replace("Z", "+00:00")).astimezone(TEAM_TIMEZONE)
              .date().isoformat() for i in instants]
    assert phone == server
    assert phone[4] == "2027-01-01"


DOORS = [(12, None), (12, ""), (12, "a"), (12, " A"), (12, "-A"), (12, "a-2"), (12, "A 2"),
         (12, "2"), (1, "2"), (12, "bis"), (12, "/3"), (7, "hs"), (7, "ééé"), (100, "  b ")]


def test_phone_door_keys_are_the_servers(rules_page):
    phone = rules_page.evaluate("""(doors) => doors.map(([n, s]) => {
        const rules = self.Buurtronde.doors;
        const key = rules.doorKey(n, s);
        return [key, rules.doorLabel(key)];
    })""", [list(d) for d in DOORS])
    assert [key for key, _ in phone] == [door_key(n, s) for n, s in DOORS]
    labels = dict(phone)
    # Labels of doors outside the address list, as the bundle's SQL writes them.
    assert (labels["12:A"], labels["12:A2"], labels["12:2"], labels["1:2"], labels["12:"]) == (
        "12A", "12A2", "12-2", "1-2", "12")
    assert rules_page.evaluate("self.Buurtronde.doors.doorKey(null, 'a')") is None


def test_phone_reads_old_records_by_their_label(rules_page):
    """Records saved before doors had keys carry only their label ('12a')."""
    keys = rules_page.evaluate("""() => ['12a', '12 A', '12-a', '7', '100b-2'].map((label) =>
        self.Buurtronde.doors.recordDoor({ label }))""")
    assert keys == ["12:A", "12:A", "12:A", "7:", "100:B2"]

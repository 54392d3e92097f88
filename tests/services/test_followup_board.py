"""The follow-up board's queries against ten hand-built follow-ups with known answers."""

from datetime import datetime, timedelta

import pytest

from outreach.clock import TEAM_TIMEZONE
from outreach.extensions import db as _db
from outreach.models import FollowUpEvent
from outreach.models.enums import FollowUpKind, FollowUpStatus
from outreach.services.followups import board
from outreach.services.followups.board import UNASSIGNED, BoardFilter
from outreach.services.followups.service_levels import add_working_days
from tests.followup_world import SPECS, make_world

S = FollowUpStatus


@pytest.fixture()
def world(db, users):
    return make_world(users)


def _numbers(world, rows) -> list[int]:
    return [world.n(r.id) for r in rows]


def test_status_counts_total_overdue_and_recently_closed(world):
    counts = board.status_counts(BoardFilter(), world.today)
    assert {s: c["total"] for s, c in counts.items()} == {
        S.open: 3, S.bezig: 1, S.overgedragen: 2, S.afgerond: 2, S.niet_bereikbaar: 1,
        S.geannuleerd: 1}
    assert {s: c["overdue"] for s, c in counts.items()} == {
        S.open: 1, S.bezig: 1, S.overgedragen: 1, S.afgerond: 0, S.niet_bereikbaar: 1,
        S.geannuleerd: 0}
    assert counts[S.afgerond]["recent"] == 1  # the other closed 45 days ago
    assert counts[S.geannuleerd]["recent"] == 1


def test_a_final_follow_up_past_its_due_date_is_not_overdue(world):
    rows = board.list_page(BoardFilter(overdue_only=True), world.today).rows
    assert sorted(_numbers(world, rows)) == [1, 3, 4, 8]
    assert all(r.overdue for r in rows)
    everything = board.list_page(BoardFilter(), world.today).rows
    assert {world.n(r.id): r.overdue for r in everything}[6] is False


def test_counts_per_worker_count_open_work_and_what_is_late(world, users):
    by_worker = {w["name"]: (w["open"], w["overdue"])
                 for w in board.worker_counts(BoardFilter(), world.today)}
    assert by_worker == {"Test Veldwerker": (3, 2), "Bram Veld": (2, 1),
                         "Test Teamleider": (1, 1), None: (1, 0)}


def test_counts_per_partner(world):
    by_partner = {p["name"]: (p["total"], p["waiting"], p["confirmed"], p["overdue"])
                  for p in board.partner_counts(BoardFilter(), world.today)}
    assert by_partner == {"Schuldhulp Testdorp": (1, 1, 1, 0),
                          "Wijkteam Testdorp": (1, 1, 0, 1)}


@pytest.mark.parametrize(("flt", "expected"), [
    (lambda w: BoardFilter(buurt_id=w.buurt_b.id), [3, 4, 7, 9]),
    (lambda w: BoardFilter(kind=FollowUpKind.terugbellen), [1, 3, 8, 10]),
    (lambda w: BoardFilter(assignee_id=UNASSIGNED), [2, 9]),
    (lambda w: BoardFilter(assignee_id=w.worker2.id), [3, 7, 10]),
    (lambda w: BoardFilter(partner_id=w.partner_b.id), [4]),
    (lambda w: BoardFilter(status=S.open), [1, 2, 10]),
    (lambda w: BoardFilter(status=S.open, overdue_only=True), [1]),
    (lambda w: BoardFilter(buurt_id=w.town.buurt.id, kind=FollowUpKind.terugbellen,
                           overdue_only=True), [1, 8]),
])
def test_filters(world, flt, expected):
    page = board.list_page(flt(world), world.today)
    assert sorted(_numbers(world, page.rows)) == expected
    assert page.total == len(expected)


@pytest.mark.parametrize(("sort", "expected"), [
    ("termijn", [4, 6, 1, 8, 3, 9, 2, 5, 7, 10]),
    ("leeftijd", [7, 4, 8, 6, 1, 3, 5, 2, 9, 10]),
    ("buurt", [4, 3, 9, 7, 6, 1, 8, 2, 5, 10]),
    ("medewerker", [9, 2, 3, 7, 10, 4, 6, 1, 8, 5]),
])
def test_sorting(world, sort, expected):
    page = board.list_page(BoardFilter(sort=sort), world.today)
    assert _numbers(world, page.rows) == expected


def test_list_rows_carry_names_and_age(world):
    rows = {world.n(r.id): r for r in board.list_page(BoardFilter(), world.today).rows}
    four = rows[4]
    assert (four.assignee_name, four.partner_name, four.buurt_name, four.street_name) == (
        "Test Teamleider", "Wijkteam Testdorp", "Andere buurt", "Beukenlaan")
    assert {n: r.age_days for n, r in rows.items()} == {n: spec[6] for n, spec in SPECS.items()}


def test_pagination(world):
    first = board.list_page(BoardFilter(page=1), world.today, page_size=3)
    last = board.list_page(BoardFilter(page=4), world.today, page_size=3)
    beyond = board.list_page(BoardFilter(page=99), world.today, page_size=3)
    assert (first.total, first.pages, len(first.rows)) == (10, 4, 3)
    assert _numbers(world, first.rows) == [4, 6, 1]
    assert _numbers(world, last.rows) == [10]
    assert beyond.page == 4 and _numbers(world, beyond.rows) == [10]


def test_board_columns_show_open_work_by_due_date_and_only_recently_closed(world):
    columns = {c.status: c for c in board.board_columns(BoardFilter(), world.today,
                                                         per_column=2)}
    assert list(columns) == list(board.BOARD_ORDER)
    assert _numbers(world, columns[S.open].rows) == [1, 2]
    assert (columns[S.open].total, columns[S.open].shown_total) == (3, 3)
    assert _numbers(world, columns[S.afgerond].rows) == [6]
    assert (columns[S.afgerond].total, columns[S.afgerond].shown_total) == (2, 1)
    assert _numbers(world, columns[S.geannuleerd].rows) == [9]
    assert columns[S.overgedragen].overdue == 1


def test_board_with_a_status_filter_has_one_column(world):
    columns = board.board_columns(BoardFilter(status=S.bezig), world.today)
    assert [c.status for c in columns] == [S.bezig]
    assert _numbers(world, columns[0].rows) == [3]


def test_read_board_uses_a_fixed_number_of_queries(world, app):
    from sqlalchemy import event

    statements = []

    def count(*_args):
        statements.append(1)

    engine = _db.session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        board.read_board(BoardFilter(), world.today, as_list=False)
        on_board = len(statements)
        statements.clear()
        board.read_board(BoardFilter(), world.today, as_list=True)
        on_list = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert on_board <= 5 and on_list <= 6


def test_today_overview(world, db, users):
    follow_up_5 = world.ids[5]
    db.session.add(FollowUpEvent(follow_up_id=follow_up_5, action="partner_confirmed",
                                 details={"outcome": "contact_gelegd"},
                                 at=datetime.now(TEAM_TIMEZONE) - timedelta(hours=1)))
    db.session.add(FollowUpEvent(follow_up_id=world.ids[4], action="partner_confirmed",
                                 details={"outcome": "opgepakt"},
                                 at=datetime.now(TEAM_TIMEZONE) - timedelta(days=3)))
    db.session.commit()
    view = board.today_overview(world.today)
    assert {w["name"]: w["count"] for w in view.overdue_by_worker} == {
        "Test Veldwerker": 2, "Bram Veld": 1, "Test Teamleider": 1}
    assert {b["name"]: b["count"] for b in view.overdue_by_buurt} == {
        "Testbuurt": 2, "Andere buurt": 2}
    until = add_working_days(world.today, 3)
    expected_soon = sorted(n for n, spec in SPECS.items()
                           if spec[2] not in (S.afgerond, S.geannuleerd)
                           and spec[5] is not None
                           and world.today <= world.today + timedelta(days=spec[5]) <= until)
    assert sorted(_numbers(world, view.due_soon)) == expected_soon
    assert sorted(_numbers(world, view.new)) == [9, 10] and view.new_total == 2
    assert _numbers(world, view.unassigned) == [2] and view.unassigned_total == 1
    assert [(c["follow_up_id"], c["outcome"]) for c in view.confirmations] == [
        (follow_up_5, "contact_gelegd")]


def test_open_only_lists_every_unfinished_status_and_no_closed_one(world):
    rows = board.list_page(BoardFilter(open_only=True), world.today).rows
    statuses = {r.status for r in rows}
    assert statuses == {S.open, S.bezig, S.overgedragen, S.niet_bereikbaar}
    assert len(rows) == 3 + 1 + 2 + 1
    unassigned = board.list_page(BoardFilter(open_only=True, assignee_id=UNASSIGNED),
                                 world.today).rows
    assert len(unassigned) == 1 and unassigned[0].assignee_name is None

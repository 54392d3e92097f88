"""Benchmark the teamleider's pages at city scale: the yearly impact report, the follow-up board.

Builds the city of bench/plan_map.py (its builder, imported: a private PostGIS with
Rotterdam's 92 real buurten, generated streets and CONTACTS contacts over the last year),
then replaces its few follow-ups by FOLLOW_UPS follow-ups in realistic statuses (half
afgerond, the rest open, bezig, overgedragen, niet bereikbaar or geannuleerd) made after
their contact, with due dates, closing times, warm handovers to partners with partner
outcomes, and their events (created plus each status change); 5 % of the conversations
become coffee-spot contacts and 4 % of them bring a talent.

Then times, in-process (median of RUNS after one warm-up):
* the yearly report for the whole municipality as a service call (impact_report) and as
  GET /rapportage through a logged-in Flask test client, and prints every figure;
* the follow-up board's first page, GET /opvolging;
* each SQL statement of the report service (median of RUNS, after the figures above).

Prints one line per figure. Only 127.0.0.1 is used; the cluster is stopped and removed.
With --figures FILE it also writes every raw finest cell (count and cell key) and every
published figure and table cell of the municipality's and each buurt's yearly report and
the municipality's quarter, as JSON lines: two runs on one kept city (--keep), before and
after a change to the report's SQL, must give identical files.
Run: .venv/bin/python bench/teamlead.py [--contacts 1000000] [--follow-ups 50000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from plan_map import build, make_app  # noqa: E402
from sync_ingest import conninfo  # noqa: E402

TEAMLEAD_EMAIL = "bench-teamleider@example.org"
PASSWORD = "harp kiezel mosterd vijver 27"  # throwaway; unrelated to the account (issue 12)

# Follow-ups made 0-2 days after a random conversation; statuses with field weights.
_FOLLOW_UPS_SQL = """
DELETE FROM follow_ups;
CREATE TEMP TABLE fu_src AS
SELECT c.id AS contact_id, c.recorded_at + random() * interval '2 days' AS created,
       random() AS s, random() AS k, random() AS o, random() AS d,
       (SELECT min(id) FROM partners) + floor(random() * (SELECT count(*) FROM partners))::int
           AS partner_id
  -- The sample in a subquery: "ORDER BY random()" beside "random() AS s" would sort by s.
  FROM (SELECT id, recorded_at FROM contacts WHERE outcome = 'gesprek'
         ORDER BY random() LIMIT %(n)s) c;
INSERT INTO follow_ups (id, contact_id, kind, status, partner_id, due_date, created_at,
                        updated_at, closed_at, version, handed_over_at, partner_outcome,
                        handover_resident_agreed)
SELECT gen_random_uuid(), contact_id, kind, status,
       CASE WHEN kind = 'warme_overdracht' THEN partner_id END,
       (created AT TIME ZONE 'Europe/Amsterdam')::date + 10,
       created, least(now(), created + d * interval '20 days'),
       CASE WHEN status IN ('afgerond', 'geannuleerd')
            THEN least(now(), created + d * interval '20 days') END, 2,
       CASE WHEN kind = 'warme_overdracht'
            THEN least(now(), created + d * interval '5 days') END,
       CASE WHEN kind = 'warme_overdracht' THEN
            (ARRAY[NULL, 'contact_gelegd', 'opgepakt', 'afgerond'])[1 + floor(o * 4)::int] END,
       kind = 'warme_overdracht'
  FROM (SELECT *,
               CASE WHEN s < 0.12 THEN 'open' WHEN s < 0.22 THEN 'bezig'
                    WHEN s < 0.34 THEN 'overgedragen' WHEN s < 0.84 THEN 'afgerond'
                    WHEN s < 0.90 THEN 'niet_bereikbaar' ELSE 'geannuleerd' END AS status,
               CASE WHEN s >= 0.22 AND s < 0.34 THEN 'warme_overdracht'
                    WHEN k < 0.40 THEN 'terugbellen' WHEN k < 0.70 THEN 'huisbezoek'
                    WHEN k < 0.85 THEN 'warme_overdracht' ELSE 'informatie' END AS kind
          FROM fu_src) x;
-- Old running work was mostly closed by now: few cases stay open for months.
UPDATE follow_ups SET status = 'afgerond',
       closed_at = created_at + (3 + random() * 12) * interval '1 day'
 WHERE status NOT IN ('afgerond', 'geannuleerd') AND created_at < now() - interval '60 days'
   AND random() < 0.9;
INSERT INTO follow_up_events (follow_up_id, at, action, to_status)
SELECT id, created_at, 'created', 'open' FROM follow_ups;
INSERT INTO follow_up_events (follow_up_id, at, action, from_status, to_status)
SELECT id, coalesce(closed_at, handed_over_at, updated_at), 'status', 'open', status
  FROM follow_ups WHERE status <> 'open';
UPDATE contacts SET setting = 'koffieplek'
 WHERE outcome IN ('gesprek', 'open_geen_gesprek') AND random() < 0.05;
INSERT INTO talents (id, contact_id, kind, wants_to_participate)
SELECT gen_random_uuid(), id,
       (ARRAY['vrijwilligerswerk','koken','taal','klussen','creatief','zorg','anders'])
       [1 + floor(random() * 7)::int], random() < 0.6
  FROM contacts WHERE outcome = 'gesprek' AND random() < 0.04;
"""


def add_follow_ups(dsn: str, follow_ups: int) -> None:
    """Replace the city's follow-ups by FOLLOW_UPS realistic ones with their events."""
    import psycopg

    began = time.monotonic()
    with psycopg.connect(dsn) as conn:
        for statement in _FOLLOW_UPS_SQL.split(";\n"):
            if statement.strip():
                conn.execute(statement, {"n": follow_ups} if "%(n)s" in statement else None)
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM follow_ups), (SELECT count(*) FROM follow_up_events),"
            " (SELECT count(*) FROM talents), (SELECT count(*) FROM contacts "
            "WHERE setting = 'koffieplek')").fetchone()
    print(f"data: {counts[0]} follow-ups with {counts[1]} events, {counts[2]} talents, "
          f"{counts[3]} coffee-spot contacts, added in {time.monotonic() - began:.0f} s",
          flush=True)


def _median_ms(work, runs: int) -> tuple[float, float, float]:
    work()  # warm-up: caches, connection pool, templates
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), min(times), max(times)


def _client(app, user_id: int):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
    return client


# Which report query a statement is, by a phrase only that query holds.
_QUERY_NAMES = (("c.door", "activity (doors, streets, contacts per buurt)"),
                ("'hulpvraag' AS source", "help questions and talents"),
                ("'gestart'", "follow-up measures"),
                ("percentile_cont", "median days to close"),
                ("fu.handed_over_at", "handovers"),
                ("FROM rounds r", "rounds held"),
                ("jsonb_each", "CBS key figures"))


def time_queries(service, runs: int) -> None:
    """Each SQL statement of one service call: median ms over RUNS calls."""
    from sqlalchemy import event

    from outreach.extensions import db

    times: dict[str, list[float]] = {}

    def before(conn, _cursor, _statement, _parameters, _context, _many):
        conn.info["bench_began"] = time.perf_counter()

    def after(conn, _cursor, statement, _parameters, _context, _many):
        name = next((n for phrase, n in _QUERY_NAMES if phrase in statement),
                    " ".join(statement.split())[:60])
        times.setdefault(name, []).append((time.perf_counter() - conn.info["bench_began"]) * 1000)

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    try:
        for _ in range(runs):
            service()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
        event.remove(db.engine, "after_cursor_execute", after)
    for name, ms in times.items():
        print(f"server report query {name}: median ms {statistics.median(ms):.1f} "
              f"({len(ms) // runs} per report)", flush=True)


def time_report(app, runs: int) -> None:
    """The yearly municipality report: service call and page, then every figure."""
    from outreach.clock import local_today
    from outreach.services.report import custom_period, impact_report

    today = local_today()
    period = custom_period(today - timedelta(days=364), today, today)
    with app.test_request_context():
        report = None

        def service():
            nonlocal report
            report = impact_report(period, None)

        median, low, high = _median_ms(service, runs)
        print(f"server report service (municipality, {period.date_from} - {period.date_to}): "
              f"median ms {median:.0f} (min {low:.0f}, max {high:.0f}, {runs} runs)", flush=True)
        time_queries(service, runs)
        for key, figure in report.figures.items():
            print(f"figure {key}: {figure.value.text}  ({figure.label})", flush=True)
        for row in report.tables["hulpvragen"].all_rows():
            print(f"figure hulpvragen {row['_key']}: {row['totaal'].text}", flush=True)
        for row in report.tables["overdrachten"].all_rows()[:5]:
            print(f"figure overdrachten {row['partner']}: {row['overdrachten'].text}", flush=True)
    client = _client(app, app.teamlead_id)
    path = (f"/rapportage?periode=anders&van={period.date_from.isoformat()}"
            f"&tot={period.date_to.isoformat()}")

    def page():
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        page.size = len(response.data)

    median, low, high = _median_ms(page, runs)
    print(f"server GET /rapportage (municipality, year): median ms {median:.0f} "
          f"(min {low:.0f}, max {high:.0f}, {runs} runs), {page.size / 1000:.0f} kB", flush=True)


def _plain(value):
    """A JSON-friendly copy of a raw or published figure (cells, Shown values, enums)."""
    if hasattr(value, "text"):  # Shown: what the page and print show
        return value.text
    if hasattr(value, "key") and hasattr(value, "count"):  # Cell: count and cell key
        return [value.count, value.key]
    if isinstance(value, dict):
        return sorted([[_plain(k), _plain(v)] for k, v in value.items()], key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return str(value)


def write_figures(app, path: Path) -> None:
    """Every raw cell and published value of the yearly reports (all and per buurt)."""
    import json

    from outreach.clock import local_today
    from outreach.extensions import db
    from outreach.models import Buurt
    from outreach.services.report import Preset, custom_period, impact_report, preset_period
    from outreach.services.report.figures import report_figures

    today = local_today()
    periods = {"year": custom_period(today - timedelta(days=364), today, today),
               "quarter": preset_period(Preset.vorig_kwartaal, today)}
    began = time.monotonic()
    with app.test_request_context(), path.open("w") as out:
        scopes = [None, *db.session.query(Buurt).order_by(Buurt.code)]
        for name, period in periods.items():
            for buurt in scopes if name == "year" else [None]:
                scope = buurt.code if buurt else "gemeente"
                raw = report_figures(period, buurt.id if buurt else None)
                report = impact_report(period, buurt)
                published = {"figures": report.figures, "tables": {
                    t.name: t.all_rows() for t in report.tables.values()}}
                for part, value in (("raw", raw), ("published", published)):
                    out.write(json.dumps([name, scope, part, _plain(value)],
                                         ensure_ascii=False) + "\n")
    print(f"figures: {len(scopes) + 1} reports written to {path} in "
          f"{time.monotonic() - began:.0f} s", flush=True)


def time_board(app, runs: int) -> None:
    """The follow-up board's first page, GET /opvolging as the team lead."""
    client = _client(app, app.teamlead_id)

    def page():
        response = client.get("/opvolging")
        assert response.status_code == 200, response.status_code

    median, low, high = _median_ms(page, runs)
    print(f"server GET /opvolging (first page): median ms {median:.0f} "
          f"(min {low:.0f}, max {high:.0f}, {runs} runs)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--follow-ups", type=int, default=50_000)
    parser.add_argument("--streets", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", metavar="FOLDER", type=Path,
                        help="build the city in FOLDER once and keep it: a later run with the "
                             "same FOLDER reuses it (stop it with outreach.devcluster.stop)")
    parser.add_argument("--figures", metavar="FILE", type=Path,
                        help="also write every raw cell and published figure (JSON lines)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="buurtronde-bench-teamlead-"))
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)  # when root runs this, the postgres user must reach the cluster
    datadir = folder / "pg"
    from outreach import devcluster

    try:
        if args.keep and devcluster.is_initialised(datadir):
            devcluster.start(datadir)
            url = devcluster.url(datadir, "bench")
            print(f"data: reusing the city in {folder}", flush=True)
        else:
            url = build(datadir, args.contacts, args.streets)
            add_follow_ups(conninfo(datadir, "bench"), args.follow_ups)
        app = make_app(url)
        with app.app_context():
            from outreach.extensions import db
            from outreach.models import User
            from outreach.services.users import create_user

            if db.session.query(User.id).filter_by(email=TEAMLEAD_EMAIL).scalar() is None:
                create_user(TEAMLEAD_EMAIL, "Bench Teamleider", "teamleider", PASSWORD)
            app.teamlead_id = db.session.query(User.id).filter_by(email=TEAMLEAD_EMAIL).scalar()
            db.session.remove()
        print(f"machine: load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
              "(others' work skews the figures)", flush=True)
        time_report(app, args.runs)
        time_board(app, args.runs)
        if args.figures:
            write_figures(app, args.figures)
        with app.app_context():
            from outreach.extensions import db

            db.engine.dispose()
    finally:
        if not args.keep:
            devcluster.stop(datadir)
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark the coordinator's /plan map at city scale: server time, HTML size, render time.

Builds a private PostGIS (outreach.devcluster, in a temporary folder) with Rotterdam's 92
real buurten, about 20,000 generated streets on their outlines (bench/sync_ingest.py's
approach), and CONTACTS contacts generated in SQL over the last year (door positions
along the streets, so each contact has a point and its H3 cell; about 8 % with a help
question, 1 % with a follow-up), plus rounds and partners. Then:

* server time of /plan (whole city, all layers), /plan?buurt=X and /plan/buurt/X, and of
  the streets-in-view JSON at street zoom, in-process through the Flask test client
  (median of RUNS after one warm-up), with the HTML size raw and gzipped;
* render time of the same pages in headless Chromium (/usr/bin/chromium via Playwright)
  served on 127.0.0.1: from navigation start to the load event plus two animation
  frames, and the part after the first response byte; also with 4x CPU throttling
  (CDP Emulation.setCPUThrottlingRate).

With --addresses every generated door is also in the address list (about 270,000
addresses), so coverage counts doors (known, reached, not in the list) as a city with a
BAG import does; without it, coverage falls back to streets everywhere.

Prints one line per figure. Only 127.0.0.1 is used; the cluster is stopped and removed.
Run: .venv/bin/python bench/plan_map.py [--contacts 1000000] [--runs 5] [--addresses]
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_ingest import conninfo, generate_streets, import_buurten, migrate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "harp kiezel mosterd vijver 27"  # throwaway; unrelated to the account (issue 12)
EMAIL = "bench-coordinator@example.org"
DOORS_PER_STREET = 12

_DOORS_SQL = """
CREATE TABLE bench_doors AS
SELECT row_number() OVER ()::int AS door_id, s.id AS street_id, s.buurt_id, k AS house_number,
       ST_LineInterpolatePoint(ST_GeometryN(s.geom, 1), (k - 0.5) / {n}.0) AS geom,
       NULL::text AS h3_cell
  FROM streets s, generate_series(1, {n}) k
"""

# Every door position as an address; numbers of a street's last door are left out, so
# the contacts there are numbers the address list does not hold.
_ADDRESSES_SQL = """
INSERT INTO addresses (source_key, buurt_id, street_id, street_name, house_number, geom)
SELECT 'bench:' || d.door_id, d.buurt_id, d.street_id, s.name, d.house_number, d.geom
  FROM bench_doors d JOIN streets s ON s.id = d.street_id
 WHERE d.house_number < {n}
"""

_ROUNDS_SQL = """
INSERT INTO rounds (kind, date, status, title)
SELECT (ARRAY['bloemen', 'koffie', 'anders'])[1 + i % 3], current_date - i * 7,
       CASE WHEN i = 0 THEN 'gepland' ELSE 'afgerond' END, 'Benchronde ' || i
  FROM generate_series(0, 51) i;
INSERT INTO round_buurten (round_id, buurt_id)
SELECT r.id, b.id FROM rounds r JOIN buurten b ON (b.id + r.id) % 9 = 0;
"""

# One contact per row of generate_series: a random door, a random moment in the last
# year, outcome weights as in the field (half not home, a quarter conversations).
_CONTACTS_SQL = """
INSERT INTO contacts (id, round_id, buurt_id, street_id, house_number, geom, outcome,
                      setting, consent, recorded_at, received_at, h3_cell)
SELECT gen_random_uuid(), (SELECT min(id) FROM rounds) + (g %% 52), d.buurt_id, d.street_id,
       d.house_number, d.geom,
       CASE WHEN r < 0.5 THEN 'niet_thuis' WHEN r < 0.65 THEN 'open_geen_gesprek'
            WHEN r < 0.9 THEN 'gesprek' ELSE 'geweigerd' END,
       'deur', 'anoniem', t, t, d.h3_cell
  FROM (SELECT g, random() AS r, 1 + floor(random() * %(doors)s)::int AS door,
               now() - random() * interval '365 days' AS t
          FROM generate_series(1, %(n)s) g) x
  JOIN bench_doors d ON d.door_id = x.door
"""

# Help questions differ per buurt (more where buurt ids end low), so hotspots differ.
_QUESTIONS_SQL = """
INSERT INTO help_questions (id, contact_id, category, urgency)
SELECT gen_random_uuid(), c.id,
       (ARRAY['eenzaamheid','geld_schulden','wonen','werk','inkomen_regelingen','gezondheid',
              'psychisch','taal','opvoeding','juridisch','veiligheid','leefbaarheid','anders'])
       [1 + floor(random() * 13)::int], 'normaal'
  FROM contacts c
 WHERE c.outcome = 'gesprek' AND random() < 0.32 * (1.2 - (c.buurt_id % 10) / 10.0);
INSERT INTO follow_ups (id, contact_id, help_question_id, kind, status, due_date, version,
                        created_at, updated_at)
SELECT gen_random_uuid(), hq.contact_id, hq.id, 'terugbellen',
       (ARRAY['open','bezig','overgedragen','afgerond','niet_bereikbaar','geannuleerd'])
       [1 + floor(random() * 6)::int], current_date + (random() * 60 - 30)::int, 1,
       now(), now()
  FROM help_questions hq WHERE random() < 0.12;
UPDATE follow_ups SET closed_at = now() - random() * interval '120 days'
 WHERE status IN ('afgerond', 'niet_bereikbaar', 'geannuleerd');
INSERT INTO partners (name, kind, address, geom, active)
SELECT 'Benchpartner ' || b.code,
       (ARRAY['wijkteam','schuldhulp','huisarts','ontmoetingsplek','taalhuis'])[1 + b.id % 5],
       'Benchstraat 1', ST_PointOnSurface(b.geom), true
  FROM buurten b;
"""


def build(datadir: Path, contacts: int, streets_target: int, addresses: bool = False) -> str:
    """The city in a private cluster; prints what it holds and returns the database URL."""
    import h3
    import psycopg

    from outreach import devcluster

    devcluster.start(datadir)
    devcluster.ensure_database(datadir, "bench")
    url, dsn = devcluster.url(datadir, "bench"), conninfo(datadir, "bench")
    began = time.monotonic()
    migrate(url)
    import_buurten(url, dsn)
    streets, buurten = generate_streets(dsn, streets_target)
    with psycopg.connect(dsn) as conn:
        conn.execute(_DOORS_SQL.format(n=DOORS_PER_STREET))
        doors = conn.execute("SELECT door_id, ST_X(geom), ST_Y(geom) FROM bench_doors").fetchall()
        # PostGIS has no H3: each door position's cell is computed here, once.
        conn.execute("CREATE TEMP TABLE cells (door_id int PRIMARY KEY, h3_cell text)")
        with conn.cursor().copy("COPY cells (door_id, h3_cell) FROM STDIN") as copy:
            for door_id, lon, lat in doors:
                copy.write_row((door_id, h3.latlng_to_cell(lat, lon, 9)))
        conn.execute("UPDATE bench_doors d SET h3_cell = c.h3_cell FROM cells c "
                     "WHERE c.door_id = d.door_id")
        conn.execute("CREATE UNIQUE INDEX ON bench_doors (door_id)")
        if addresses:
            conn.execute(_ADDRESSES_SQL.format(n=DOORS_PER_STREET))
        conn.execute(_ROUNDS_SQL)
        conn.execute(_CONTACTS_SQL, {"n": contacts, "doors": len(doors)})
        conn.execute(_QUESTIONS_SQL)
        conn.execute("DROP TABLE bench_doors")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM help_questions), "
            "(SELECT count(*) FROM follow_ups), (SELECT count(*) FROM partners), "
            "(SELECT count(*) FROM addresses)").fetchone()
    print(f"data: {streets} streets in {buurten} buurten, {counts[0]} contacts, "
          f"{counts[1]} help questions, {counts[2]} follow-ups, {counts[3]} partners, "
          f"{counts[4]} addresses, "
          f"built in {time.monotonic() - began:.0f} s", flush=True)
    return url


def make_app(url: str):
    """The real app on the bench database, with one coordinator account."""
    from outreach import create_app
    from outreach.extensions import db
    from outreach.models import User
    from outreach.services.users import create_user

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "FIELD_ENCRYPTION_KEYS": "FwLnuaJuK3P_hdfcF6LOgc0mUBQ7cKDpLefLtkpk5TY=",
                      "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        if db.session.query(User.id).filter_by(email=EMAIL).scalar() is None:  # a kept city
            create_user(EMAIL, "Bench Coordinator", "coordinator", PASSWORD)
        app.coordinator_id = db.session.query(User.id).filter_by(email=EMAIL).scalar()
    return app


def server_times(app, paths: dict[str, str], runs: int) -> None:
    """Median in-process time of each path, and the size of what it returns."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(app.coordinator_id)
        session["_fresh"] = True
    for name, path in paths.items():
        response = client.get(path)  # warm-up: caches, connection pool, templates
        assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - began) * 1000)
        body = response.data
        print(f"server {name}: median ms {statistics.median(times):.0f} "
              f"(min {min(times):.0f}, max {max(times):.0f}, {runs} runs)", flush=True)
        print(f"size {name}: {len(body) / 1000:.0f} kB raw, "
              f"{len(gzip.compress(body)) / 1000:.0f} kB gzip", flush=True)


_RENDERED = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  done({total: performance.now(), responseStart: nav.responseStart,
        paths: document.querySelectorAll('.plan-map svg path').length});
})))"""


def render_times(app, paths: dict[str, str], runs: int) -> None:
    """Chromium: navigation start to load plus two frames, without and with 4x throttling."""
    import logging

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    blocked = []

    def local_only(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update"])
            for throttle in (1, 4):
                context = browser.new_context(viewport={"width": 1280, "height": 800},
                                              locale="nl-NL")
                context.route("**/*", local_only)
                page = context.new_page()
                page.goto(f"{base}/login")
                page.get_by_label("E-mailadres").fill(EMAIL)
                page.get_by_label("Wachtwoord").fill(PASSWORD)
                page.get_by_role("button", name="Inloggen").click()
                page.wait_for_url(f"{base}/")
                if throttle > 1:
                    cdp = context.new_cdp_session(page)
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
                for name, path in paths.items():
                    totals, after_first_byte = [], []
                    for run in range(runs + 1):
                        page.goto(f"{base}{path}", wait_until="load")
                        figures = page.evaluate(_RENDERED)
                        if run:  # the first load fills the browser's cache
                            totals.append(figures["total"])
                            after_first_byte.append(figures["total"] - figures["responseStart"])
                    print(f"render {name} cpu x{throttle}: median ms "
                          f"{statistics.median(totals):.0f} from navigation start, "
                          f"{statistics.median(after_first_byte):.0f} after the first byte; "
                          f"{figures['paths']} SVG paths", flush=True)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    print(f"render: {len(blocked)} non-local requests blocked", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--streets", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--buurt", default="BU05990327", help="Oud-Mathenesse")
    parser.add_argument("--addresses", action="store_true",
                        help="put every generated door in the address list")
    parser.add_argument("--build-only", metavar="FOLDER", type=Path,
                        help="build the city in FOLDER, leave its cluster running, and stop "
                             "(stop it later with outreach.devcluster.stop(FOLDER / 'pg'))")
    args = parser.parse_args()
    if args.build_only:
        url = build(args.build_only / "pg", args.contacts, args.streets, args.addresses)
        print(f"database: {url}")
        return
    folder = Path(tempfile.mkdtemp(prefix="buurtronde-bench-plan-"))
    folder.chmod(0o755)  # when root runs this, the postgres user must reach the cluster
    datadir = folder / "pg"
    from outreach import devcluster

    try:
        url = build(datadir, args.contacts, args.streets, args.addresses)
        app = make_app(url)
        code = args.buurt
        paths = {"city /plan": "/plan", "one buurt /plan?buurt": f"/plan?buurt={code}",
                 "buurt page": f"/plan/buurt/{code}"}
        with app.app_context():
            from sqlalchemy import text

            from outreach.extensions import db

            west, south = db.session.execute(text(
                "SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Centroid(geom) AS c FROM buurten "
                "WHERE code = :c) x"), {"c": code}).one()
            db.engine.dispose()
        # About what a laptop shows at zoom 15: 2.5 x 1.5 km.
        bbox = f"{west - 0.018:.5f},{south - 0.007:.5f},{west + 0.018:.5f},{south + 0.007:.5f}"
        print(f"machine: load average {__import__('os').getloadavg()[0]:.2f} on "
              f"{__import__('os').cpu_count()} cores (others' work skews the figures)",
              flush=True)
        server_times(app, {**paths, "streets in view (zoom 15)":
                           f"/plan/kaart/straten.json?bbox={bbox}"}, args.runs)
        render_times(app, paths, max(2, args.runs // 2))
    finally:
        devcluster.stop(datadir)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

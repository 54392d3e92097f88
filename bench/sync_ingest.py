"""Benchmark contact ingest: POST /api/v1/sync/contacts under gunicorn, against a bare baseline.

Builds a private PostGIS (outreach.devcluster, in a temporary folder) with the 92 real
Rotterdam buurten and about 20,000 generated streets, logs in a veldwerker, and lets
CLIENTS processes post unique batches of BATCH contacts for SECONDS (after a warm-up)
to the real app under the project's gunicorn.conf.py (gthread, CSRF on: each client logs
in and takes its token from the bundle). Then the same batches go to a bare Flask +
psycopg app (one INSERT ... SELECT FROM unnest with the buurt by ST_Contains, as in
research/anchors-performance.md section 4) under the same gunicorn settings.

Prints one line per figure. Only 127.0.0.1 is used; servers and the cluster are stopped
at the end. Notes and resident details are stored encrypted, so each run makes its own
throwaway FIELD_ENCRYPTION_KEYS key.
Run: .venv/bin/python bench/sync_ingest.py [--seconds 20] [--clients 8]
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUURTEN_FILE = ROOT.parent / "shared" / "data" / "rotterdam_buurten_cbs.geojson"
WORKER_EMAIL = "bench-veld@example.org"
WORKER_PASSWORD = "Vlinder-Kapstok-Schaats-81"  # a throwaway account in a throwaway database
SEGMENT_M = 200  # generated streets are segments of about this length
STARTUP_TIMEOUT_S = 60
REQUEST_TIMEOUT_S = 60
# Notes and resident details are stored encrypted; a throwaway key for a throwaway database
# (a Fernet key is 32 url-safe base64 bytes; made here so the bench needs no setup).
FIELD_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()


@dataclass(frozen=True)
class Settings:
    seconds: float
    warmup: float
    clients: int
    batch: int
    streets: int
    web_workers: int
    web_threads: int


def parse_args() -> Settings:
    """Command-line settings; the defaults are the figures the target is stated for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--streets", type=int, default=20_000)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--web-threads", type=int, default=4)
    a = parser.parse_args()
    if not (1 <= a.clients <= 64 and 1 <= a.batch <= 500 and 1 <= a.seconds <= 600):
        parser.error("clients 1..64, batch 1..500, seconds 1..600")
    return Settings(a.seconds, a.warmup, a.clients, a.batch, a.streets, a.web_workers,
                    a.web_threads)


# ----------------------------------------------------------------------- database


def conninfo(datadir: Path, dbname: str) -> str:
    """libpq connection string for DBNAME in the private cluster."""
    return f"host={datadir.resolve()} user=buurtronde dbname={dbname}"


def migrate(database_url: str) -> None:
    """Bring the app's schema to head (Flask-Migrate, as `flask db upgrade`)."""
    subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "db", "upgrade"],
                   env=dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="bench",
                            FIELD_ENCRYPTION_KEYS=FIELD_KEY),
                   cwd=ROOT, check=True, capture_output=True, timeout=300)


def import_buurten(database_url: str, dsn: str) -> str:
    """Load the Rotterdam buurten: through the import service if it works, else directly."""
    data = BUURTEN_FILE.read_bytes()
    try:
        sys.path.insert(0, str(ROOT))
        from outreach import create_app
        from outreach.services.imports import run_import

        app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench",
                          "FIELD_ENCRYPTION_KEYS": FIELD_KEY,
                          "RATELIMIT_STORAGE_URI": "memory://"})
        with app.app_context():
            run_import("buurten", data)
        return "import service"
    except Exception as error:  # noqa: BLE001  (the service may not exist yet; say so)
        reason = f"{type(error).__name__}: {error}"[:80]
    import psycopg

    features = json.loads(data)["features"]
    with psycopg.connect(dsn) as conn:
        for feature in features:
            props = feature["properties"]
            conn.execute(
                "INSERT INTO buurten (code, name, gemeente_code, gemeente_name, geom) "
                "VALUES (%s, %s, %s, %s, ST_Multi(ST_CollectionExtract(ST_MakeValid("
                "ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)), 3))) ON CONFLICT (code) DO NOTHING",
                (props["bu_code"], props["bu_naam"], props.get("gm_code"),
                 props.get("gm_naam"), json.dumps(feature["geometry"])))
    return f"direct SQL ({reason})"


# A grid of east-west and north-south lines in RD New (metres), cut into SEGMENT_M pieces
# and clipped to each buurt: every piece inside a buurt becomes a named street there.
_STREETS_SQL = """
WITH extent AS (
  SELECT ST_Extent(ST_Transform(geom, 28992)) AS box FROM buurten
), lines AS (
  SELECT ST_MakeLine(ST_MakePoint(x, y), ST_MakePoint(x + %(seg)s, y)) AS g
    FROM extent,
         generate_series(floor(ST_XMin(box))::int, ceil(ST_XMax(box))::int, %(seg)s) x,
         generate_series(floor(ST_YMin(box))::int, ceil(ST_YMax(box))::int, %(step)s) y
  UNION ALL
  SELECT ST_MakeLine(ST_MakePoint(x, y), ST_MakePoint(x, y + %(seg)s))
    FROM extent,
         generate_series(floor(ST_XMin(box))::int, ceil(ST_XMax(box))::int, %(step)s) x,
         generate_series(floor(ST_YMin(box))::int, ceil(ST_YMax(box))::int, %(seg)s) y
), pieces AS (
  SELECT b.id AS buurt_id,
         ST_Multi(ST_CollectionExtract(
           ST_Intersection(ST_Transform(ST_SetSRID(l.g, 28992), 4326), b.geom), 2)) AS geom
    FROM lines l
    JOIN buurten b ON ST_Intersects(b.geom, ST_Transform(ST_SetSRID(l.g, 28992), 4326))
)
INSERT INTO streets (buurt_id, name, geom, length_m, source_ids)
SELECT buurt_id, 'Benchstraat ' || row_number() OVER (), geom,
       ST_Length(geom::geography), '[]'::jsonb
  FROM pieces
 WHERE NOT ST_IsEmpty(geom)
"""


def generate_streets(dsn: str, target: int) -> tuple[int, int]:
    """About TARGET street segments on the real buurt outlines; returns (streets, buurten)."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        area = conn.execute("SELECT sum(ST_Area(geom::geography)) FROM buurten").fetchone()[0]
        # Two directions of lines, each piece SEGMENT_M long, spaced STEP apart.
        step = max(10, int(2 * area / (SEGMENT_M * target)))
        conn.execute(_STREETS_SQL, {"seg": SEGMENT_M, "step": step})
        conn.execute("ANALYZE")
        streets, buurten = conn.execute(
            "SELECT count(*), count(DISTINCT buurt_id) FROM streets").fetchone()
    return streets, buurten


def create_worker(database_url: str) -> int:
    """A veldwerker account with one round today; returns the round id."""
    sys.path.insert(0, str(ROOT))
    from outreach import create_app
    from outreach.extensions import db
    from outreach.models import Round
    from outreach.services.users import create_user

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench",
                          "FIELD_ENCRYPTION_KEYS": FIELD_KEY,
                          "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        worker = create_user(WORKER_EMAIL, "Bench Veldwerker", "veldwerker", WORKER_PASSWORD)
        round_ = Round(kind="bloemen", date=datetime.now(UTC).date(), title="Benchronde")
        round_.workers.append(worker)
        db.session.add(round_)
        db.session.commit()
        round_id = round_.id
        db.engine.dispose()
    return round_id


_BARE_TABLE = """
CREATE TABLE bare_contacts (
  id uuid PRIMARY KEY,
  buurt_id int REFERENCES buurten (id),
  street_id int,
  house_number int,
  outcome varchar(20) NOT NULL,
  recorded_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  geom geometry(Point, 4326)
);
CREATE INDEX bare_contacts_geom ON bare_contacts USING gist (geom);
CREATE INDEX bare_contacts_buurt ON bare_contacts (buurt_id);
"""


def count_buurten(dsn: str) -> int:
    """How many buurten the database holds."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT count(*) FROM buurten").fetchone()[0]


def create_bare_table(dsn: str) -> None:
    """The baseline's table: PK, GiST and buurt index, as in the research anchors."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        conn.execute(_BARE_TABLE)


def sample_places(dsn: str, n: int, seed: int) -> tuple[list, list]:
    """N points on random streets (with their id) and N random points inside buurten."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        conn.execute("SELECT setseed(%s)", (seed / 1000,))
        on_streets = conn.execute(
            "SELECT id, ST_X(p), ST_Y(p) FROM (SELECT id, ST_LineInterpolatePoint("
            "ST_GeometryN(geom, 1), random()) AS p FROM streets ORDER BY random() LIMIT %s) s",
            (n,)).fetchall()
        inside = conn.execute(
            "SELECT ST_X(p), ST_Y(p) FROM (SELECT (ST_Dump(ST_GeneratePoints(geom, "
            "greatest(1, (%s * ST_Area(geom::geography) / total)::int), %s))).geom AS p "
            "FROM buurten, (SELECT sum(ST_Area(geom::geography)) AS total FROM buurten) t) s",
            (n, seed)).fetchall()
    return on_streets, inside


# ----------------------------------------------------------------------- payloads


# Fragments of the notes workers type after a conversation (accents included: the text
# check of every note is part of what an item costs).
_NOTE_PARTS = ["Mevrouw woont sinds kort alleen.", "Zoekt contact met buren.",
               "Zorgen over de huur en de energierekening.", "Café op de hoek is dicht.",
               "Wil graag meedoen met de koffieochtend.", "Zoon helpt één keer per week.",
               "Vraagt naar taalles voor haar man.", "Heeft schulden, schaamt zich erg.",
               "Buurman is ziek; komt nauwelijks buiten.", "Idee: moestuin achter het flatje."]


def make_note(rng: random.Random, parts: int) -> str:
    """A worker's note of PARTS sentences."""
    return " ".join(rng.choice(_NOTE_PARTS) for _ in range(parts))


def make_item(rng: random.Random, places: tuple[list, list], round_id: int, now: datetime
              ) -> dict:
    """One contact as the phone sends it: half picked on a street, half by GPS only."""
    on_streets, inside = places
    if rng.random() < 0.5:
        street_id, lon, lat = rng.choice(on_streets)
        house_number = rng.randint(1, 200)
    else:
        street_id, house_number = None, None
        lon, lat = rng.choice(inside)
    outcome = rng.choices(["niet_thuis", "open_geen_gesprek", "gesprek", "geweigerd"],
                          weights=[50, 15, 25, 10])[0]
    item = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "round_id": round_id, "street_id": street_id, "house_number": house_number,
        "house_suffix": None,
        "location": {"lon": round(lon + rng.uniform(-5e-5, 5e-5), 7),
                     "lat": round(lat + rng.uniform(-5e-5, 5e-5), 7),
                     "accuracy_m": round(rng.uniform(3, 30), 1)},
        "outcome": outcome, "setting": "deur", "flower_given": rng.random() < 0.6,
        "mug_given": False, "consent": "geen", "note": None,
        "recorded_at": (now - timedelta(seconds=rng.randint(0, 7200))).isoformat(),
        "help_questions": [], "talents": [], "follow_up": None,
    }
    if outcome == "gesprek":
        item["consent"] = "anoniem"
        if rng.random() < 0.6:
            item["note"] = make_note(rng, rng.randint(1, 8))
        if rng.random() < 0.3:
            item["help_questions"] = [{"category": rng.choice(["eenzaamheid", "geld_schulden",
                                                              "wonen", "gezondheid"]),
                                       "urgency": "normaal",
                                       "note": make_note(rng, rng.randint(1, 3))}]
        if rng.random() < 0.1:
            item["talents"] = [{"kind": "koken", "wants_to_participate": True, "note": None}]
        if rng.random() < 0.1:
            item["follow_up"] = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                 "kind": "terugbellen", "partner_id": None, "due_date": None,
                                 "resident_name": None, "resident_phone": None, "note": None}
    return item


def make_bodies(seed: int, count: int, batch: int, places, round_id: int, now: datetime
                ) -> list[bytes]:
    """COUNT request bodies of BATCH unique contacts each; the same for the same SEED."""
    rng = random.Random(seed)
    return [json.dumps({"contacts": [make_item(rng, places, round_id, now)
                                     for _ in range(batch)]}).encode()
            for _ in range(count)]


# ----------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, path: str, server: subprocess.Popen) -> None:
    """Poll PATH until the server answers; fail if it dies or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server on {port} exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server on {port} did not start within {STARTUP_TIMEOUT_S} s")


# gunicorn.conf.py preloads the app and checks PostGIS in the master before forking, so
# without this hook both workers inherit, and talk over, the master's pooled connection.
_POST_FORK_FIX = """
exec(compile(open({conf!r}).read(), {conf!r}, "exec"))


def post_fork(server, worker):
    from outreach.extensions import db

    with server.app.wsgi().app_context():
        db.engine.dispose(close=False)
"""


def gunicorn_config(folder: Path) -> tuple[Path, str]:
    """The project's gunicorn.conf.py, wrapped with a post_fork dispose if it lacks one."""
    conf = ROOT / "gunicorn.conf.py"
    if "dispose" in conf.read_text():
        return conf, "project's gunicorn.conf.py"
    wrapped = folder / "gunicorn_bench.conf.py"
    wrapped.write_text(_POST_FORK_FIX.format(conf=str(conf)))
    return wrapped, "project's gunicorn.conf.py + post_fork engine dispose"


def start_app(settings: Settings, database_url: str, port: int, log: Path,
              conf: Path) -> subprocess.Popen:
    """The real app under the project's gunicorn settings."""
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=uuid.uuid4().hex,
               FIELD_ENCRYPTION_KEYS=FIELD_KEY,
               BIND=f"127.0.0.1:{port}", WEB_WORKERS=str(settings.web_workers),
               WEB_THREADS=str(settings.web_threads))
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-c", str(conf), "wsgi:app"],
                              cwd=ROOT, env=env, stdout=log.open("wb"),
                              stderr=subprocess.STDOUT)
    wait_until_up(port, "/healthz", server)
    return server


def start_baseline(settings: Settings, dsn: str, port: int, log: Path) -> subprocess.Popen:
    """The bare app below under gunicorn with the same worker settings."""
    env = dict(os.environ, BASELINE_DSN=dsn, PYTHONPATH=str(ROOT))
    # Started outside ROOT so gunicorn does not pick up the project's gunicorn.conf.py.
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{port}",
         "--worker-class", "gthread", "--workers", str(settings.web_workers),
         "--threads", str(settings.web_threads), "--access-logfile", "-",
         "bench.sync_ingest:make_baseline_app()"],
        cwd=log.parent, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    wait_until_up(port, "/ping", server)
    return server


def stop(server: subprocess.Popen | None) -> None:
    """Stop one server we started, by its own handle."""
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


_BARE_INSERT = """
INSERT INTO bare_contacts (id, buurt_id, street_id, house_number, outcome, recorded_at, geom)
SELECT t.id, (SELECT b.id FROM buurten b WHERE ST_Contains(b.geom, t.p) LIMIT 1),
       t.street_id, t.house_number, t.outcome, t.recorded_at, t.p
  FROM (SELECT id, street_id, house_number, outcome, recorded_at,
               ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS p
          FROM unnest(%s::uuid[], %s::int[], %s::int[], %s::text[], %s::timestamptz[],
                      %s::float8[], %s::float8[])
               AS u(id, street_id, house_number, outcome, recorded_at, lon, lat)) t
    ON CONFLICT (id) DO NOTHING
"""


def make_baseline_app():
    """A minimal Flask + psycopg ingest endpoint: the floor the real app is measured against."""
    import psycopg
    from flask import Flask, jsonify, request

    app = Flask("baseline")
    local = threading.local()

    def connection():
        conn = getattr(local, "conn", None)
        if conn is None or conn.closed:
            conn = local.conn = psycopg.connect(os.environ["BASELINE_DSN"])
        return conn

    @app.get("/ping")
    def ping():
        return "ok"

    @app.post("/ingest")
    def ingest():
        items = json.loads(request.get_data())["contacts"]
        columns = ([i["id"] for i in items], [i["street_id"] for i in items],
                   [i["house_number"] for i in items], [i["outcome"] for i in items],
                   [i["recorded_at"] for i in items], [i["location"]["lon"] for i in items],
                   [i["location"]["lat"] for i in items])
        conn = connection()
        with conn.transaction():
            cursor = conn.execute(_BARE_INSERT, columns)
        return jsonify(inserted=cursor.rowcount)

    return app


# ----------------------------------------------------------------------- load


class Session:
    """A keep-alive HTTP/1.1 connection to 127.0.0.1 with a tiny cookie jar."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # gunicorn closes idle keep-alive connections after a few seconds (as while
            # the clients wait for the start signal); reconnect once, as a browser does.
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data


def log_in(session: Session) -> dict:
    """Log in through the form, then take the CSRF token from the bundle, as the phone does."""
    status, page = session.request("GET", "/login")
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
    if status != 200 or token is None:
        raise RuntimeError(f"login page: {status}")
    form = urllib.parse.urlencode({"email": WORKER_EMAIL, "password": WORKER_PASSWORD,
                                   "csrf_token": token.group(1).decode()}).encode()
    status, _ = session.request("POST", "/login", form,
                                {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 302:
        raise RuntimeError(f"login failed: {status}")
    status, bundle = session.request("GET", "/api/v1/veld/bundle")
    if status != 200:
        raise RuntimeError(f"bundle: {status}")
    return {"X-CSRFToken": json.loads(bundle)["csrf_token"]}


@dataclass(frozen=True)
class Job:
    """What one load process does: which server, which batches."""

    kind: str
    port: int
    seed: int
    count: int
    batch: int
    places: tuple
    round_id: int
    now: datetime


def client(job: Job, ready, go, window, out) -> None:
    """Make the batches, log in, then post them one after another in the window."""
    try:
        bodies = make_bodies(job.seed, job.count, job.batch, job.places, job.round_id, job.now)
        session = Session(job.port)
        headers = {"Content-Type": "application/json"}
        path = "/ingest"
        if job.kind == "app":
            headers.update(log_in(session))
            path = "/api/v1/sync/contacts"
    except Exception as error:  # noqa: BLE001  (the parent reports it and stops)
        ready.put(f"{type(error).__name__}: {error}")
        return
    ready.put(None)
    if not go.wait(timeout=600):
        return
    measure_from, stop_at = window[0], window[1]
    latencies, stored, failed = [], 0, 0
    statuses: dict[str, int] = {}  # what the app answered per item, measured batches only
    for body in bodies:  # bounded by the batches made for this client
        if time.time() >= stop_at:
            break
        began = time.time()
        status, data = session.request("POST", path, body, headers)
        ended = time.time()
        created, answered = 0, []
        if status == 200:
            answer = json.loads(data)
            answered = answer.get("results", [])
            created = (answer["inserted"] if job.kind != "app" else
                       sum(r["status"] == "created" for r in answered))
        if began >= measure_from and ended <= stop_at:
            latencies.append(ended - began)
            stored += created
            failed += status != 200
            for result in answered:
                key = result["status"]
                if key == "rejected":  # say why: a generated point may fall outside
                    key += ": " + "; ".join(f"{field} {', '.join(map(str, msgs))}"
                                            for field, msgs in result["errors"].items())
                statuses[key] = statuses.get(key, 0) + 1
    else:
        failed += 10**6  # ran out of batches: the figures would be wrong, say so loudly
    out.put((latencies, stored, failed, statuses))


@dataclass
class Figures:
    contacts_per_s: float
    requests: int
    failed: int
    not_stored: int
    statuses: dict
    p50: float
    p95: float
    p99: float


def run_load(kind: str, port: int, settings: Settings, jobs: list[Job]) -> Figures:
    """CLIENTS processes hammering PORT; figures over the measured window only."""
    ctx = multiprocessing.get_context("fork")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    window = ctx.Array("d", 2)
    procs = [ctx.Process(target=client, args=(job, ready, go, window, out), daemon=True)
             for job in jobs]
    for proc in procs:
        proc.start()
    errors = [e for e in (ready.get(timeout=600) for _ in procs) if e]
    if errors:
        go.set()
        raise RuntimeError(f"load clients failed: {errors[0]}")
    window[0] = time.time() + settings.warmup
    window[1] = window[0] + settings.seconds
    go.set()
    results = [out.get(timeout=settings.warmup + settings.seconds + REQUEST_TIMEOUT_S + 30)
               for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
    latencies = sorted(x for r in results for x in r[0]) or [float("nan")]
    stored = sum(r[1] for r in results)
    failed = sum(r[2] for r in results)

    def pct(p):
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    measured = len([x for r in results for x in r[0]])
    statuses: dict[str, int] = {}
    for r in results:
        for key, n in r[3].items():
            statuses[key] = statuses.get(key, 0) + n
    return Figures(stored / settings.seconds, measured, failed,
                   measured * settings.batch - stored, statuses,
                   1000 * statistics.median(latencies), pct(0.95), pct(0.99))


def report(name: str, figures: Figures) -> None:
    """One line per figure."""
    print(f"{name}: load average after the run {os.getloadavg()[0]:.2f}", flush=True)
    print(f"{name}: contacts/s {figures.contacts_per_s:.0f}", flush=True)
    print(f"{name}: requests measured {figures.requests}, failed {figures.failed}, "
          f"contacts not stored {figures.not_stored}", flush=True)
    for status, n in sorted(figures.statuses.items(), key=lambda kv: -kv[1]):
        print(f"{name}: item results {status}: {n}", flush=True)
    print(f"{name}: p50 latency ms {figures.p50:.1f}", flush=True)
    print(f"{name}: p95 latency ms {figures.p95:.1f}", flush=True)
    print(f"{name}: p99 latency ms {figures.p99:.1f}", flush=True)


def parse_cost(bodies: list[bytes], rounds: int = 5) -> tuple[float, float]:
    """Microseconds per contact to validate the bodies' items in this process (best round).

    The item check alone, without HTTP, database or other processes: steadier than the
    load figures on a shared machine. Returned for all items and for items with a note.
    """
    from outreach.api.schemas.sync import parse_items

    batches = [json.loads(body)["contacts"] for body in bodies]
    noted = [[item for item in batch if item["note"]] for batch in batches]

    def best(groups: list[list]) -> float:
        count = sum(len(g) for g in groups)
        fastest = math.inf
        for _ in range(rounds):
            began = time.perf_counter()
            for group in groups:
                parse_items(group)
            fastest = min(fastest, time.perf_counter() - began)
        return 1e6 * fastest / max(1, count)

    return best(batches), best(noted)


# ----------------------------------------------------------------------- main


def prepare(settings: Settings, datadir: Path) -> tuple[str, str, int, tuple]:
    """Cluster, schema, buurten, streets, worker; returns (url, dsn, round id, places)."""
    sys.path.insert(0, str(ROOT))
    from outreach import devcluster

    devcluster.start(datadir)
    devcluster.ensure_database(datadir, "bench")
    url, dsn = devcluster.url(datadir, "bench"), conninfo(datadir, "bench")
    began = time.monotonic()
    migrate(url)
    how = import_buurten(url, dsn)
    streets, buurten = generate_streets(dsn, settings.streets)
    round_id = create_worker(url)
    create_bare_table(dsn)
    places = sample_places(dsn, 20_000, seed=7)
    print(f"buurten imported by: {how}", flush=True)
    print(f"data: {count_buurten(dsn)} buurten in the database", flush=True)
    print(f"data: {streets} streets in {buurten} buurten, built in "
          f"{time.monotonic() - began:.1f} s", flush=True)
    return url, dsn, round_id, places


def main() -> None:
    settings = parse_args()
    folder = Path(tempfile.mkdtemp(prefix="buurtronde-bench-"))
    folder.chmod(0o755)  # when root runs this, the postgres user must reach the cluster
    datadir = folder / "pg"
    server = None
    try:
        url, dsn, round_id, places = prepare(settings, datadir)
        # Enough unique batches for about four times the research baseline's rate (the bare
        # baseline reached 31,000 contacts/s here once).
        per_client = math.ceil((settings.warmup + settings.seconds + 2) * 640 / settings.clients)
        now = datetime.now(UTC)
        jobs = [Job("app", 0, 1000 + n, per_client, settings.batch, places, round_id, now)
                for n in range(settings.clients)]
        per_item, per_noted = parse_cost(make_bodies(1, 50, settings.batch, places, round_id,
                                                     now))
        print(f"parse: {per_item:.1f} us per contact (one process, best of 5)", flush=True)
        print(f"parse: {per_noted:.1f} us per contact with a note", flush=True)
        print(f"machine: load average before the runs {os.getloadavg()[0]:.2f} "
              "(others' work on this machine skews the figures)", flush=True)
        print(f"load: {settings.clients} clients, batches of {settings.batch}, "
              f"{settings.seconds:.0f} s measured after {settings.warmup:.0f} s warm-up, "
              f"gunicorn {settings.web_workers} workers x {settings.web_threads} threads, "
              f"{os.cpu_count()} cores", flush=True)
        conf, conf_note = gunicorn_config(folder)
        print(f"gunicorn config: {conf_note}", flush=True)
        port = free_port()
        server = start_app(settings, url, port, folder / "app.log", conf)
        app = run_load("app", port, settings, [replace(j, port=port) for j in jobs])
        stop(server)
        report("app", app)
        port = free_port()
        server = start_baseline(settings, dsn, port, folder / "baseline.log")
        base = run_load("baseline", port, settings,
                        [replace(j, kind="baseline", port=port) for j in jobs])
        stop(server)
        report("baseline", base)
        print(f"ratio app/baseline contacts/s: {app.contacts_per_s / base.contacts_per_s:.2f}",
              flush=True)
        print(f"ratio app/baseline p95: {app.p95 / base.p95:.2f}", flush=True)
    except Exception:
        for log in sorted(folder.glob("*.log")):  # the servers' side of the story
            print(f"--- last lines of {log.name}", file=sys.stderr)
            print("\n".join(log.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)
        raise
    finally:
        stop(server)
        sys.path.insert(0, str(ROOT))
        from outreach import devcluster

        devcluster.stop(datadir)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

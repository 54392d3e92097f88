"""Benchmark the field app in Debian's Chromium: shell weight, first load, save, and drain.

Prints one line per figure. Targets (issue 3): shell JS+CSS under 150 kB gzipped (map
library excluded); LCP under 2.5 s with 4x CPU throttling on slow 4G; saving a door to the
outbox under 50 ms; 1,000 queued records from online to an empty outbox under 10 s.

Run: .venv/bin/python bench/veld_pwa.py   (starts its own private PostGIS and gunicorn on
127.0.0.1; DATABASE_URL is ignored so no real database is touched).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach import devcluster  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
           "uploadThroughput": 750 * 1024 / 8}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_stack(folder: Path) -> tuple[subprocess.Popen, str, dict]:
    datadir = folder / "pg"
    devcluster.start(datadir)
    devcluster.ensure_database(datadir, "bench")
    env = dict(os.environ, DATABASE_URL=devcluster.url(datadir, "bench"),
               SECRET_KEY="bench-secret", WEB_WORKERS="2",
               FIELD_ENCRYPTION_KEYS="FwLnuaJuK3P_hdfcF6LOgc0mUBQ7cKDpLefLtkpk5TY=")
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    subprocess.run(flask + ["outreach", "seed-demo"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    port = free_port()
    env["BIND"] = f"127.0.0.1:{port}"
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py",
                               "wsgi:app"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    return server, url, env


def log_in(page, url: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("E-mailadres").fill("veldwerker@demo.buurtronde.nl")
    page.get_by_label("Wachtwoord").fill("demo-veldwerker-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{url}/")


def shell_weight(page, url: str) -> tuple[int, int]:
    """Gzipped bytes of the JS and CSS /veld loads, without and with the map library."""
    sizes: dict[str, int] = {}

    def record(response):
        kind = response.request.resource_type
        if kind in ("script", "stylesheet") and response.ok:
            sizes[response.url] = len(gzip.compress(response.body(), 6))

    page.on("response", record)
    page.goto(f"{url}/veld")
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    total = sum(sizes.values())
    without_map = sum(n for u, n in sizes.items() if "/vendor/leaflet/" not in u)
    return without_map, total


def bundle_figures(page, url: str) -> tuple[int, int, float, dict]:
    """The worker's bundle: bytes as sent, gzipped bytes, median ms to answer, and its counts."""
    timings, body = [], b""
    for _ in range(7):
        started = time.perf_counter()
        response = page.request.get(f"{url}/api/v1/veld/bundle")
        body = response.body()
        timings.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"bundle answered {response.status}")
    data = json.loads(body)
    streets = [s for r in data["rounds"] for s in r["streets"]]
    counts = {"rounds": len(data["rounds"]), "streets": len(streets),
              "doors": sum(len(s.get("doors", s.get("house_numbers", []))) for s in streets),
              "follow_ups": len(data["follow_ups"])}
    return len(body), len(gzip.compress(body, 6)), statistics.median(timings[1:]), counts


def first_load_lcp(browser, url: str, storage_state) -> float:
    """LCP in ms of a cold /veld load (no service worker yet) at 4x CPU on slow 4G."""
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  storage_state=storage_state, service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(f"{url}/veld", wait_until="load")
    page.locator(".round-card").first.wait_for(timeout=30000)
    lcp = page.evaluate("""() => new Promise(resolve => {
        new PerformanceObserver(list => {
            const entries = list.getEntries();
            resolve(entries[entries.length - 1].startTime);
        }).observe({type: 'largest-contentful-paint', buffered: true});
    })""")
    context.close()
    return lcp


def save_timing(page) -> float:
    """Median ms to put one door into the IndexedDB outbox (what a tap waits for)."""
    timings = page.evaluate("""async () => {
        const store = self.Buurtronde.store;
        const out = [];
        for (let i = 0; i < 50; i++) {
            const t0 = performance.now();
            await store.addContacts([{id: crypto.randomUUID(), round_id: null, street_id: null,
                house_number: i + 1, house_suffix: null, location: null, outcome: 'niet_thuis',
                setting: 'deur', flower_given: false, mug_given: false, consent: 'geen',
                note: null, recorded_at: new Date().toISOString(), help_questions: [],
                talents: [], follow_up: null}]);
            out.push(performance.now() - t0);
        }
        const db = await store.open();
        await db.clear('outbox');
        return out;
    }""")
    return statistics.median(timings)


def drain_time(page, context, n: int, database_url: str) -> float:
    """Seconds from going online to an empty outbox with N queued door records."""
    street = page.evaluate("""async () => {
        const bundle = await self.Buurtronde.store.getBundle();
        const round = bundle.rounds.find(r => r.streets.length);
        return {round: round.id, street: round.streets[0].id};
    }""")
    context.set_offline(True)
    page.evaluate("""async ([n, ids]) => {
        const items = [];
        for (let i = 0; i < n; i++) {
            items.push({id: crypto.randomUUID(), round_id: ids.round, street_id: ids.street,
                house_number: (i % 400) + 1, house_suffix: null, location: null,
                outcome: 'niet_thuis', setting: 'deur', flower_given: false, mug_given: false,
                consent: 'geen', note: null, recorded_at: new Date().toISOString(),
                help_questions: [], talents: [], follow_up: null});
        }
        await self.Buurtronde.store.addContacts(items);
    }""", [n, street])
    before = count_contacts(database_url)
    started = time.perf_counter()
    context.set_offline(False)
    # Poll from Python: wait_for_function would take the Promise of an async predicate as
    # truthy at once.
    while page.evaluate("async () => (await self.Buurtronde.store.counts()).waiting") > 0:
        if time.perf_counter() - started > 120:
            raise RuntimeError("the outbox did not empty within 120 s")
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    arrived = count_contacts(database_url) - before
    if arrived != n:
        raise RuntimeError(f"{arrived} of {n} records reached the server")
    return seconds


def count_contacts(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url.replace("postgresql+psycopg", "postgresql")) as conn:
        return conn.execute("SELECT count(*) FROM contacts").fetchone()[0]


def main() -> None:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="buurtronde-bench-"))
    folder.chmod(0o755)
    server = None
    try:
        server, url, env = start_stack(folder)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            log_in(page, url)
            without_map, total = shell_weight(page, url)
            leaflet = sum(len(gzip.compress((ROOT / "static/vendor/leaflet" / f).read_bytes(), 6))
                          for f in ("leaflet.js", "leaflet.css"))
            print(f"veld shell JS+CSS gzipped, map library excluded: {without_map / 1024:.1f} kB "
                  f"(target < 150 kB; loaded on /veld in all: {total / 1024:.1f} kB; Leaflet, "
                  f"fetched when a round's map opens: {leaflet / 1024:.1f} kB)")
            size, zipped, ms, counts = bundle_figures(page, url)
            print(f"bundle of the demo veldwerker: {size / 1024:.1f} kB, {zipped / 1024:.1f} kB "
                  f"gzipped, median {ms:.0f} ms to answer ({counts['rounds']} rounds, "
                  f"{counts['streets']} streets, {counts['doors']} doors listed, "
                  f"{counts['follow_ups']} follow-ups)")
            page.wait_for_function("navigator.serviceWorker.controller", timeout=20000)
            state = context.storage_state()
            lcps = [first_load_lcp(browser, url, state) for _ in range(3)]
            print(f"veld first load LCP, 4x CPU, slow 4G: median {statistics.median(lcps):.0f} ms "
                  f"(runs {', '.join(f'{x:.0f}' for x in lcps)}; target < 2500 ms)")
            print(f"save a door to the outbox: median {save_timing(page):.1f} ms (target < 50 ms)")
            seconds = drain_time(page, context, 1000, env["DATABASE_URL"])
            print(f"1,000 queued records, online to empty outbox: {seconds:.2f} s (target < 10 s)")
            browser.close()
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)
        devcluster.stop(folder / "pg")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark finding a resident by part of a name: what decrypting every stored name costs.

Names are Fernet tokens, so a partial search (services/residents.py) decrypts each stored
name in the app and compares it there. This builds a private PostGIS (outreach.devcluster,
in a temporary folder), stores FOLLOW_UPS follow-ups with a resident's name (made up:
initials and a Dutch surname from a short list, one in 500 named "Jansen-Bench"), then
times, in-process through the service (median of RUNS after one warm-up):

* a search by part of a name ("bench", few matches) and by a common part ("jan");
* a search by a whole name (the blind index, and the scan for names containing it);
* a search by follow-up number (no decryption);
* one Fernet decryption on its own, for scale.

Retention clears the names of follow-ups closed more than RETENTION_FOLLOWUP_DAYS ago, so
FOLLOW_UPS stands for the open and recently closed cases with consent `opvolging`, not for
every follow-up ever made. Prints one line per figure. Only a local socket is used; the
cluster is stopped and removed.
Run: .venv/bin/python bench/resident_search.py [--follow-ups 10000] [--runs 5]

Figures on the 2-core development machine (December 2026): 10,000 stored names, a partial
search 0.10 s (rare part) to 0.23 s (a part 30 residents share: the grouping into residents
adds queries); 50,000 names, 0.66 s to 1.1 s; by follow-up number 0.01 to 0.02 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_ingest import migrate  # noqa: E402

FIELD_KEY = "FwLnuaJuK3P_hdfcF6LOgc0mUBQ7cKDpLefLtkpk5TY="  # a throwaway key, bench only
SURNAMES = ("de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
            "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
            "Brouwer", "de Wit", "Dijkstra", "Yılmaz", "Öztürk", "El Amrani", "Nguyen")
CHUNK = 2000


def fill(app, count: int, seed: int) -> None:
    """COUNT follow-ups with a name, a phone and a note, through the ORM (encrypted)."""
    from outreach.extensions import db
    from outreach.models import FollowUp
    from outreach.models.enums import FollowUpKind, FollowUpStatus

    rng = random.Random(seed)
    now = datetime.now(UTC)
    with app.app_context():
        for start in range(0, count, CHUNK):
            rows = []
            for n in range(start, min(start + CHUNK, count)):
                surname = "Jansen-Bench" if n % 500 == 0 else rng.choice(SURNAMES)
                rows.append(FollowUp(
                    kind=rng.choice(list(FollowUpKind)), status=FollowUpStatus.open,
                    resident_name=f"{rng.choice('ABCDEFGHJKLMNPRSTW')}. {surname}",
                    resident_phone=f"06{rng.randrange(10**8):08d}", note="Bellen na vijven",
                    created_at=now - timedelta(minutes=n)))
            db.session.add_all(rows)
            db.session.commit()
        db.session.expunge_all()


def timed(work, runs: int) -> float:
    """Median seconds of RUNS calls of WORK, after one warm-up."""
    work()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--follow-ups", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from outreach import create_app, devcluster
    from outreach.extensions import db
    from outreach.models import FollowUp
    from outreach.models.crypto import decrypt_text, encrypt_text
    from outreach.services import residents
    from outreach.services.users import create_user

    folder = Path(tempfile.mkdtemp(prefix="buurtronde-bench-residents-"))
    folder.chmod(0o755)
    datadir = folder / "pg"
    try:
        devcluster.start(datadir)
        devcluster.ensure_database(datadir, "bench")
        url = devcluster.url(datadir, "bench")
        migrate(url)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                          "FIELD_ENCRYPTION_KEYS": FIELD_KEY,
                          "RATELIMIT_STORAGE_URI": "memory://"})
        began = time.monotonic()
        fill(app, args.follow_ups, seed=2026)
        print(f"data: {args.follow_ups} follow-ups with a name stored in "
              f"{time.monotonic() - began:.1f} s", flush=True)
        with app.test_request_context():
            admin = create_user("bench-beheerder@example.org", "Bench Beheerder", "beheerder",
                                "Vlinder-Kapstok-Schaats-81")
            some_id = db.session.scalar(db.select(FollowUp.id).limit(1))
            exact = db.session.get(FollowUp, some_id).resident_name
            token = encrypt_text("A. Jansen", FIELD_KEY)
            for label, query in (("partial, rare part", "bench"),
                                 ("partial, common part", "jan"),
                                 ("whole name", exact),
                                 ("follow-up number", str(some_id))):
                found = residents.find_residents(query, actor=admin)
                seconds = timed(lambda q=query: residents.find_residents(q, actor=admin),
                                args.runs)
                print(f"search {label}: {seconds * 1000:.1f} ms "
                      f"({len(found)} listed, {found.more} more; "
                      f"{seconds / args.follow_ups * 1e6:.1f} µs per stored name)",
                      flush=True)
            one = timed(lambda: [decrypt_text(token, FIELD_KEY) for _ in range(1000)],
                        args.runs) / 1000
            print(f"one Fernet decryption: {one * 1e6:.1f} µs", flush=True)
            db.engine.dispose()
    finally:
        devcluster.stop(datadir)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

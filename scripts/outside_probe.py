"""Rerun the outside security and reliability test of issue 12 against a running instance.

Start a throwaway instance with demo data first (`make run`, or gunicorn on your own
database), then: `.venv/bin/python scripts/outside_probe.py [BASE_URL]`. It prints one line
per check (ok / FAULT and what it saw) and exits 1 when a fault is back.

It changes the instance: it logs doors, imports two streets with hostile names, changes
a demo account's password and signs accounts out. Never point it at real data.
With APP_DATABASE_URL (the app's own login) and OWNER_DATABASE_URL set, it also tries to
change the audit log as the app and reads the durability settings.
"""

from __future__ import annotations

import csv
import http.client
import http.cookiejar
import io
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
DEMO = {role: (f"{role}@demo.buurtronde.nl", f"demo-{role}-2026")
        for role in ("veldwerker", "veldwerker2", "coordinator", "teamleider", "beheerder")}
results: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, seen: str = "") -> None:
    results.append((name, ok, seen))
    print(f"{'ok   ' if ok else 'FAULT'}  {name}{'  (' + seen + ')' if seen else ''}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, CSRF tokens and requests as a browser (or the phone app) sends them."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, method: str, path: str, data: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        req = urllib.request.Request(BASE + path, data=data, method=method,
                                     headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def form_token(self, path: str) -> str:
        _, _, body = self.request("GET", path)
        return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()

    def post_form(self, path: str, fields: dict, token_from: str | None = None):
        fields = {"csrf_token": self.form_token(token_from or path), **fields}
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def log_in(self, role: str, remember: bool = False) -> int:
        email, password = DEMO[role]
        fields = {"email": email, "password": password}
        if remember:
            fields["remember"] = "y"
        return self.post_form("/login", fields)[0]

    def bundle(self) -> dict:
        return json.loads(self.request("GET", "/api/v1/veld/bundle")[2])

    def post_json(self, path: str, raw: str, token: str):
        return self.request("POST", path, raw.encode(), {
            "Content-Type": "application/json", "X-CSRFToken": token})

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)


def me_with(cookie: str) -> int:
    probe = Browser()
    return probe.request("GET", "/api/v1/me", headers={"Cookie": cookie})[0]


def contact(street_id: int, round_id: int, **extra) -> dict:
    return {"id": str(uuid.uuid4()), "round_id": round_id, "street_id": street_id,
            "house_number": 7, "outcome": "niet_thuis",
            "recorded_at": datetime.now(UTC).isoformat(), **extra}


def poison_batches() -> None:
    phone = Browser()
    phone.log_in("veldwerker")
    bundle = phone.bundle()
    token = bundle["csrf_token"]
    round_ = bundle["rounds"][0]
    street = round_["streets"][0]["id"]
    items = [contact(street, round_["id"]) for _ in range(4)]
    # The faults as the outside test sent them: NUL in a suffix, lone surrogates in texts.
    items[1]["house_suffix"] = "b\x00"
    raw = json.dumps({"contacts": items})
    status, _, answer = phone.post_json("/api/v1/sync/contacts", raw, token)
    statuses = [r["status"] for r in json.loads(answer)["results"]] if status == 200 else []
    check("contacts: NUL suffix refused alone, the other three stored",
          statuses == ["created", "rejected", "created", "created"], f"{status} {statuses}")
    for field in ("note", "resident_name"):
        fresh = [contact(street, round_["id"]) for _ in range(3)]
        if field == "note":
            fresh[0]["note"] = "SURROGATE"
        else:
            fresh[0].update(outcome="gesprek", consent="opvolging", follow_up={
                "id": str(uuid.uuid4()), "kind": "terugbellen", "resident_name": "SURROGATE"})
        raw = json.dumps({"contacts": fresh}).replace("SURROGATE", "Jan\\ud800")
        status, _, answer = phone.post_json("/api/v1/sync/contacts", raw, token)
        statuses = [r["status"] for r in json.loads(answer)["results"]] if status == 200 else []
        check(f"contacts: lone surrogate in {field} refused alone",
              statuses == ["rejected", "created", "created"], f"{status} {statuses}")
    follow_ups = [f for f in bundle["follow_ups"] if f["status"] in ("open", "bezig")][:2]
    if len(follow_ups) < 2:
        check("follow-ups: two open follow-ups to update", False, "demo data has too few")
        return
    now = datetime.now(UTC).isoformat()
    updates = [{"id": str(uuid.uuid4()), "follow_up_id": f["id"], "base_version": f["version"],
                "status": "afgerond", "note": note, "made_at": now}
               for f, note in ((follow_ups[0], "klaar"), (follow_ups[1], "NULNOTE"))]
    updates.insert(1, {**updates[1], "id": str(uuid.uuid4()), "note": "NULNOTE"})
    updates[2]["note"] = "klaar"
    raw = json.dumps({"updates": updates}).replace("NULNOTE", "a\\u0000b")
    status, _, answer = phone.post_json("/api/v1/sync/followups", raw, token)
    statuses = [r["status"] for r in json.loads(answer)["results"]] if status == 200 else []
    check("follow-ups: NUL note refused alone, the updates around it applied",
          statuses == ["applied", "rejected", "applied"], f"{status} {statuses}")


def sessions() -> None:
    desk = Browser()
    desk.log_in("coordinator", remember=True)
    session, remember = desk.cookie("session"), desk.cookie("remember_token")
    check("a logged-in cookie works", me_with(f"session={session}") == 200)
    desk.post_form("/logout", {}, token_from="/")
    check("after logout the old session cookie is refused",
          me_with(f"session={session}") == 401)
    check("after logout the old remember cookie is refused",
          remember is not None and me_with(f"remember_token={remember}") == 401)

    admin = Browser()
    admin.log_in("beheerder")
    users_page = admin.request("GET", "/beheer/gebruikers")[2].decode()
    user_id = next(i for i in re.findall(r'/beheer/gebruikers/(\d+)"', users_page)
                   if DEMO["veldwerker2"][0] in admin.request(
                       "GET", f"/beheer/gebruikers/{i}")[2].decode())
    edit = f"/beheer/gebruikers/{user_id}"
    fields = {"email": DEMO["veldwerker2"][0], "name": "Veldwerker 2", "role": "veldwerker",
              "active": "y"}
    # Two known passwords, set by the beheerder, so a rerun never fails a login.
    first, second = "kruiwagen-zeilboot-lantaarn-93", "paraplu-vijver-gitaar-57"
    admin.post_form(edit, {**fields, "password": first})
    other = Browser()
    other.post_form("/login", {"email": DEMO["veldwerker2"][0], "password": first})
    old = f"session={other.cookie('session')}"
    check("the worker's cookie works", me_with(old) == 200)
    status = admin.post_form(edit, {**fields, "password": second})[0]
    check("a beheerder sets a new password", status in (200, 302), str(status))
    check("after a new password the old cookie is refused", me_with(old) == 401)
    again = Browser()
    again.post_form("/login", {"email": DEMO["veldwerker2"][0], "password": second})
    old = f"session={again.cookie('session')}"
    admin.post_form(edit, {**fields, "password": "", "active": ""})
    admin.post_form(edit, {**fields, "password": ""})
    check("after deactivate and reactivate the old cookie stays refused", me_with(old) == 401)
    _, _, audit = admin.request("GET", f"/beheer/audit?onderwerp={user_id}")
    check("password change and (de)activation are in the audit log",
          all(w in audit.decode() for w in ("Wachtwoord", "gedeactiveerd", "geactiveerd")))


HOSTILE_STREET = '=HYPERLINK("http://evil.example","klik")'


def imports_and_csv() -> None:
    admin = Browser()
    admin.log_in("beheerder")
    coordinator = Browser()
    coordinator.log_in("coordinator")
    streets = json.loads(coordinator.request("GET", "/plan/kaart/straten.json?bbox="
                                             "-180,-90,180,90")[2] or b"{}")
    features = (streets.get("straten") or streets).get("features", []) if isinstance(
        streets, dict) else []
    line = features[0]["geometry"]["coordinates"] if features else None
    while isinstance(line, list) and line and isinstance(line[0][0], list):
        line = line[0]
    if not line:
        check("a street to copy for the hostile import", False, "no streets in view")
        return
    hostile = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name},
         "geometry": {"type": "LineString", "coordinates": line}}
        for name in (HOSTILE_STREET, "'><img src=x onerror=alert(1)>")]}
    boundary = uuid.uuid4().hex
    token = admin.form_token("/beheer/import")
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
            f"streets\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"vijandig.geojson\"\r\nContent-Type: application/geo+json\r\n\r\n"
            ).encode() + json.dumps(hostile).encode() + f"\r\n--{boundary}--\r\n".encode()
    status, _, page = admin.request("POST", "/beheer/import", body, {
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    check("hostile street names import", status == 200 and b"Import gelukt" in page,
          str(status))
    _, _, raw = coordinator.request("GET", "/plan/export/straten.csv")
    cells = [c for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")
             for c in row]
    check("street CSV: the =HYPERLINK name is text", "'" + HOSTILE_STREET in cells
          and HOSTILE_STREET not in cells)
    _, _, raw = admin.request("GET", "/beheer/audit/export.csv")
    cells = [c for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")
             for c in row]
    check("audit CSV: no cell starts like a formula",
          not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")])
    for path in ("/rondes/nieuw", "/plan"):
        page = coordinator.request("GET", path)[2]
        check(f"{path}: the hostile name is never raw markup in the page",
              b"<img src=x onerror" not in page)

    deep = b"[" * 100_000 + b"]" * 100_000
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            f"{admin.form_token('/beheer/import')}\r\n--{boundary}\r\nContent-Disposition: "
            f"form-data; name=\"kind\"\r\n\r\nbuurten\r\n--{boundary}\r\nContent-Disposition: "
            f"form-data; name=\"file\"; filename=\"diep.geojson\"\r\n\r\n").encode() + deep + \
        f"\r\n--{boundary}--\r\n".encode()
    status, _, page = admin.request("POST", "/beheer/import", body, {
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    check("deeply nested GeoJSON: refused with a reason", status == 200
          and b"dieper genest" in page, str(status))
    status, _, _ = admin.request("GET", "/beheer/audit?onderwerp=a%00b")
    check("NUL in the audit filter: 400, not 500", status == 400, str(status))


def worker_rss_kb() -> int:
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if "gunicorn" in (status.parent / "cmdline").read_bytes().decode(errors="replace"):
            total += int(re.search(r"VmRSS:\s+(\d+)", text).group(1))
    return total


def body_limits_redirects_methods() -> None:
    phone = Browser()
    phone.log_in("veldwerker")
    token = phone.bundle()["csrf_token"]
    cookie = "; ".join(f"{c.name}={c.value}" for c in phone.jar)
    before = worker_rss_kb()
    host = urllib.parse.urlsplit(BASE)
    connection = http.client.HTTPConnection(host.hostname, host.port or 80, timeout=30)
    connection.putrequest("POST", "/api/v1/sync/contacts")
    for name, value in (("Content-Type", "application/json"), ("X-CSRFToken", token),
                        ("Cookie", cookie), ("Content-Length", str(31 * 1024 * 1024))):
        connection.putheader(name, value)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    time.sleep(0.5)
    grown = worker_rss_kb() - before
    check("31 MB to the sync endpoint: 413 before the body is read", status == 413,
          f"{status}, gunicorn memory {grown / 1024:+.0f} MB")
    check("memory stays flat", grown < 32 * 1024, f"{grown / 1024:+.0f} MB")

    for target in ("/%09/evil", "//evil", "/%5Cevil", "https://evil.example"):
        browser = Browser()
        status, headers, _ = browser.post_form(f"/login?next={target}", {
            "email": DEMO["teamleider"][0], "password": DEMO["teamleider"][1]},
            token_from="/login")
        where = headers.get("Location", "")
        check(f"login next={target} stays on the site", status == 302 and where == "/",
              where)
    status, headers, _ = Browser().request("TRACE", "/api/v1/me")
    check("TRACE: 405 with Allow", status == 405 and "Allow" in headers, str(status))


def rate_limits() -> None:
    answers = []
    for _ in range(12):
        answers.append(Browser().post_form("/login", {
            "email": f"niemand-{uuid.uuid4().hex[:6]}@example.org",
            "password": "fout-fout-fout"})[0])
    check("11th failed login in a minute is refused (every worker counts together)",
          answers[:10] == [401] * 10 and answers[10:] == [429, 429], str(answers))
    browser = Browser()
    link = [browser.request("GET", f"/partner/1/{uuid.uuid4().hex}")[0] for _ in range(32)]
    refused = link.index(429) if 429 in link else None
    check("partner link: at most 30 guesses a minute", refused == 30, f"first 429 at {refused}")


def passwords() -> None:
    admin = Browser()
    admin.log_in("beheerder")
    for email, password in (("welkom@demo.example", "Welkom2026!!"),
                            ("veenhoven@demo.example", "Veenhoven2026"),
                            ("zomer@demo.example", "Zomer2026!!!"),
                            ("eva.evaluatie@demo.example", "eva.evaluatie1")):
        status, _, page = admin.post_form("/beheer/gebruikers/nieuw", {
            "email": email, "name": "Eva Evaluatie", "role": "veldwerker",
            "password": password, "active": "y"})
        refused = status == 200 and b'id="password-error"' in page
        check(f"password {password!r} refused on its field", refused, str(status))


def database() -> None:
    app_url, owner_url = os.environ.get("APP_DATABASE_URL"), os.environ.get(
        "OWNER_DATABASE_URL")
    if not app_url or not owner_url:
        print("skip   database checks (set APP_DATABASE_URL and OWNER_DATABASE_URL)")
        return
    import psycopg

    def plain(url: str) -> str:
        return url.replace("postgresql+psycopg://", "postgresql://")

    for statement in ("DELETE FROM audit_events WHERE id = (SELECT min(id) FROM audit_events)",
                      "UPDATE audit_events SET action = 'x' WHERE id = 1",
                      "TRUNCATE audit_events",
                      "ALTER TABLE audit_events DISABLE TRIGGER USER",
                      "SET LOCAL buurtronde.audit_retention = 'on'; "
                      "DELETE FROM audit_events WHERE id = 1"):
        with psycopg.connect(plain(app_url)) as conn:
            try:
                conn.execute(statement)
                refused = False
            except psycopg.Error as error:
                refused, seen = True, type(error).__name__
            conn.rollback()
        check(f"app login: {statement.split(';')[-1].strip()[:45]} refused", refused,
              seen if refused else "it ran")
    with psycopg.connect(plain(owner_url)) as conn:
        fsync = conn.execute("SHOW fsync").fetchone()[0]
        pages = conn.execute("SHOW full_page_writes").fetchone()[0]
    check("database writes durably (fsync, full_page_writes)", (fsync, pages) == ("on", "on"),
          f"{fsync}, {pages}")


if __name__ == "__main__":
    # rate_limits last but one: it leaves this address without logins for a minute.
    for step in (poison_batches, sessions, imports_and_csv, body_limits_redirects_methods,
                 passwords, rate_limits, database):
        try:
            step()
        except Exception as error:  # noqa: BLE001  (a crashed step is a fault to report)
            check(f"{step.__name__} ran to the end", False, repr(error)[:200])
    faults = [name for name, ok, _ in results if not ok]
    print(f"\n{len(results) - len(faults)} of {len(results)} checks ok")
    sys.exit(1 if faults else 0)

"""The audit log page for beheerders: filters, paging, labels, CSV export (itself audited)."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from outreach.models import AuditEvent
from outreach.services import audit_log
from outreach.services.audit import record_event


def _event(db, action, actor=None, *, at=None, ip=None, subject_type=None, subject_id=None,
           details=None):
    event = record_event(action, actor, subject_type=subject_type, subject_id=subject_id,
                         ip=ip, details=details)
    if at is not None:
        event.at = at
    db.session.flush()
    return event


@pytest.fixture()
def logged(db, users):
    """A few events of different kinds, times and addresses."""
    beheerder, teamleider = users["beheerder"], users["teamleider"]
    _event(db, "login.success", teamleider, at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
           ip="192.0.2.10", subject_type="user", subject_id=teamleider.id)
    _event(db, "login.failure", None, at=datetime(2026, 3, 2, 23, 30, tzinfo=UTC),
           ip="198.51.100.7", details={"email": "wie@example.org", "reason": "bad_credentials"})
    _event(db, "followup.resident_view", teamleider, at=datetime(2026, 3, 3, 9, 15, tzinfo=UTC),
           ip="192.0.2.11", subject_type="follow_up", subject_id="abc-123")
    _event(db, "partner_link.view", None, at=datetime(2026, 3, 4, 12, 0, tzinfo=UTC),
           ip="203.0.113.5", subject_type="follow_up", subject_id="abc-123",
           details={"link_id": 7})
    _event(db, "user.role_change", beheerder, at=datetime(2026, 3, 5, 10, 0, tzinfo=UTC),
           subject_type="user", subject_id=teamleider.id,
           details={"from": "teamleider", "to": "coordinator"})
    return users


# The users fixture logs user.create events today; the tests' own events are in March 2026.
MARCH = "van=2026-03-01&tot=2026-03-31"


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr>\s*<td data-label=\"Wanneer\">.*?</tr>", html, re.S)


def _text(html: str) -> str:
    """HTML as the reader sees it: tags gone, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_every_recorded_action_has_a_dutch_label():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "outreach"
    found = set()
    for path in root.rglob("*.py"):
        found |= set(re.findall(r'record_event\(\s*"([a-z_.]+)"', path.read_text()))
    found |= {f"import.{kind}" for kind in ("buurten", "streets", "addresses")}
    found |= {"user.activate", "user.deactivate"}  # chosen by a conditional expression
    assert found - set(audit_log.ACTION_LABELS) == set()


def test_page_lists_events_newest_first_with_labels_and_local_time(login_as, logged):
    html = login_as("beheerder").get(f"/beheer/audit?{MARCH}").get_data(as_text=True)
    rows = _rows(html)
    assert len(rows) == 5
    assert "Rol gewijzigd" in rows[0] and "Test Beheerder" in rows[0]
    assert "Inloggen mislukt" in html and "anoniem" in html
    assert "partnerlink (zonder account)" in rows[1]
    # 23:30 UTC on 2 March is 00:30 on 3 March in Amsterdam (winter time).
    assert "2026-03-03 00:30:00" in html
    # Details in words, not `reason=bad_credentials` (issue 12).
    failure = _text(next(r for r in rows if "Inloggen mislukt" in r))
    assert "reden: e-mailadres of wachtwoord onjuist" in failure
    assert "reason" not in failure and "bad_credentials" not in failure


@pytest.mark.parametrize(("query", "expected"), [
    ("actie=login.", 2),
    ("actie=login.success", 1),
    ("actie=partner_link.", 1),
    ("actie=partner%25", 0),  # LIKE wildcards are literal, not patterns
    ("wie=anoniem", 2),
    ("soort=follow_up", 2),
    ("soort=follow_up&onderwerp=abc-123", 2),
    ("onderwerp=nothing", 0),
    ("van=2026-03-03&tot=2026-03-31", 4),  # 23:30 UTC on 2 March is 3 March in Amsterdam
    ("van=2026-03-03&tot=2026-03-03", 2),
    ("tot=2026-03-02", 1),
    ("ip=192.0.2.10", 1),
    ("ip=192.0.2.0/24", 2),
])
def test_filters_narrow_the_list(login_as, logged, query, expected):
    if "van=" not in query and "tot=" not in query:
        query = f"{query}&{MARCH}"
    response = login_as("beheerder").get(f"/beheer/audit?{query}")
    assert response.status_code == 200
    assert len(_rows(response.get_data(as_text=True))) == expected


def test_filter_by_actor_id(login_as, logged):
    teamleider = logged["teamleider"]
    html = login_as("beheerder").get(
        f"/beheer/audit?wie={teamleider.id}&{MARCH}").get_data(as_text=True)
    assert len(_rows(html)) == 2


@pytest.mark.parametrize(("query", "field"), [
    ("ip=999.1.1.1", "ip"),
    ("van=morgen", "van"),
    ("van=2026-03-05&tot=2026-03-01", "tot"),
    ("wie=iemand", "wie"),
    ("actie=DROP TABLE;", "actie"),
    ("soort=<script>", "soort"),
    ("onderwerp=" + "x" * 65, "onderwerp"),
])
def test_bad_filter_shows_message_next_to_field_and_keeps_input(login_as, logged, query, field):
    response = login_as("beheerder").get(f"/beheer/audit?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in html
    if field == "ip":
        assert 'value="999.1.1.1"' in html
    assert _rows(html) == []


def test_pages_hold_fifty_events(login_as, db, users):
    for n in range(audit_log.PAGE_SIZE + 3):
        _event(db, "round.updated", users["coordinator"], subject_type="round", subject_id=n,
               at=datetime(2026, 1, 1, tzinfo=UTC).replace(minute=n % 60, hour=n // 60))
    client = login_as("beheerder")
    first = client.get("/beheer/audit?actie=round.").get_data(as_text=True)
    second = client.get("/beheer/audit?actie=round.&pagina=2").get_data(as_text=True)
    assert len(_rows(first)) == audit_log.PAGE_SIZE
    assert len(_rows(second)) == 3
    assert "pagina 1 van 2" in first and 'rel="next"' in first
    assert 'href="/beheer/audit?actie=round.&amp;pagina=2"' in first
    # the oldest three are on page two (each row links to its subject's filter)
    assert set(re.findall(r'onderwerp=(\d+)"', second)) == {"0", "1", "2"}
    assert client.get("/beheer/audit?pagina=abc").status_code == 200
    assert client.get("/beheer/audit?pagina=99999").status_code == 200


def test_csv_export_of_the_filtered_list_is_audited(login_as, db, logged):
    response = login_as("beheerder").get("/beheer/audit/export.csv?actie=login.",
                                         environ_base={"REMOTE_ADDR": "192.0.2.99"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.data
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["actie"] for r in rows] == ["login.failure", "login.success"]
    assert rows[0]["omschrijving"] == "Inloggen mislukt"
    assert rows[0]["tijd"] == "2026-03-03T00:30:00+01:00"
    assert rows[0]["gebruiker"] == "anoniem"
    assert rows[1]["gebruiker"] == "Test Teamleider"
    assert rows[1]["ip"] == "192.0.2.10"
    export = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.export"))
    assert export is not None
    assert export.actor_id == logged["beheerder"].id
    assert export.details == {"action": "login.", "rows": 2}
    assert str(export.ip) == "192.0.2.99"


def test_export_with_bad_filter_exports_nothing(login_as, db, logged):
    response = login_as("beheerder").get("/beheer/audit/export.csv?ip=nope")
    assert response.mimetype == "text/html"
    assert 'id="ip-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "audit.export")) == 0


def test_beheerder_start_page_links_the_audit_log(login_as, users):
    html = login_as("beheerder").get("/").get_data(as_text=True)
    assert 'href="/beheer/audit"' in html
    assert 'href="/beheer/audit"' not in login_as("teamleider").get("/").get_data(as_text=True)

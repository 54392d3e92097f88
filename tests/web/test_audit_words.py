"""The audit log reads in words (issue 12): every action, subject and detail the code
records has a label; filters take names; no filter input makes a 500.

Two views on "every": the source is read (each `record_event(` call's action, subject type
and literal detail keys), and the real use cases are run and their rows read back.
"""

from __future__ import annotations

import ast
import csv
import io
import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from outreach.clock import local_today
from outreach.models import AuditEvent
from outreach.models.enums import FollowUpStatus
from outreach.services import audit_log
from outreach.services.audit import record_event
from outreach.services.errors import Invalid

ROOT = Path(__file__).resolve().parents[2] / "outreach"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


# --- what the source records ---------------------------------------------------------------

def _calls():
    """(path, call) for every record_event(...) call in the app's code."""
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (
                    getattr(node.func, "id", None) == "record_event"
                    or getattr(node.func, "attr", None) == "record_event"):
                yield path.relative_to(ROOT.parent), node


def _strings(node, where: str) -> set[str]:
    """The texts an expression can be: a constant, either branch of a conditional, or an
    f-string this test knows how to expand."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body, where) | _strings(node.orelse, where)
    if isinstance(node, ast.JoinedStr):
        prefix = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if prefix == "import.":
            from outreach.services.imports import KINDS

            return {f"import.{kind}" for kind in KINDS}
    raise AssertionError(f"{where}: an action or subject this test cannot read; make it a "
                         "literal or teach _strings() its values")


def _keyword(call: ast.Call, name: str):
    return next((k.value for k in call.keywords if k.arg == name), None)


def recorded_actions() -> set[str]:
    """Every action code the code can record."""
    found = set()
    for path, call in _calls():
        if path.name == "audit.py" and path.parent.name == "services":
            continue
        found |= _strings(call.args[0], f"{path}:{call.lineno}")
    return found


def recorded_subject_types() -> set[str]:
    """Every subject type the code names in a record_event call."""
    found = set()
    for path, call in _calls():
        value = _keyword(call, "subject_type")
        if value is not None and not (isinstance(value, ast.Constant) and value.value is None):
            if path.name == "audit.py" and path.parent.name == "services":
                continue
            found |= _strings(value, f"{path}:{call.lineno}")
    return found


def literal_detail_keys() -> dict[str, set[str]]:
    """action -> the keys of `details={...}` literals (splats are checked by running them)."""
    found: dict[str, set[str]] = {}
    for path, call in _calls():
        details = _keyword(call, "details")
        if not isinstance(details, ast.Dict) or not call.args:
            continue
        keys = {k.value for k in details.keys
                if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        for action in _strings(call.args[0], f"{path}:{call.lineno}"):
            found.setdefault(action, set()).update(keys)
    return found


def _has_label(action: str, key: str) -> bool:
    return key in audit_log.DETAIL_LABELS or key in audit_log.DETAIL_LABELS_BY_ACTION.get(
        action, {})


def test_the_source_scan_sees_the_calls_it_should():
    # The scan must be able to fail: it finds the actions we know are there.
    actions = recorded_actions()
    assert {"login.success", "user.activate", "user.deactivate", "import.streets",
            "resident.erase", "audit.export"} <= actions
    assert {"user", "follow_up", "veld_bundle"} <= recorded_subject_types()
    assert "role" in literal_detail_keys()["user.create"]


def test_every_recorded_action_has_a_label():
    assert recorded_actions() - set(audit_log.ACTION_LABELS) == set()


def test_every_recorded_subject_type_has_a_label():
    assert recorded_subject_types() - set(audit_log.SUBJECT_LABELS) == set()


def test_every_literal_detail_key_has_a_label():
    missing = {(action, key) for action, keys in literal_detail_keys().items()
               for key in keys if not _has_label(action, key)}
    assert missing == set()


def test_every_detail_key_made_by_a_helper_has_a_label(app):
    from outreach.services.field_keys import encrypted_columns
    from outreach.services.imports.report import ImportReport
    from outreach.services.plan_filter import PlanFilter
    from outreach.services.retention import RetentionReport

    report = ImportReport("streets", "x.geojson", derived={"Tulpstraat": 2})
    report.skip("zonder straatnaam")
    now = datetime(2026, 3, 1, tzinfo=UTC)
    made = {
        "import.streets": report.counts(),
        "retention.run": {**RetentionReport(now, now, now, 1, 1, 1, 1, 1, 1, 1, False).counts(),
                          "follow_up_days": 1, "contact_months": 1, "audit_months": 1,
                          "follow_up_cutoff": "x", "contact_cutoff": "x",
                          "audit_cutoff": "x"},
        "export": {**PlanFilter.default(date(2026, 3, 1)).describe(), "format": "csv",
                   "rows": 1},
        "audit.export": {**audit_log.AuditFilter(
            action="login.", actor=1, subject_type="user", subject_id="5",
            date_from=date(2026, 1, 1), date_to=date(2026, 1, 2), ip="192.0.2.0/24"
        ).describe(), "rows": 1},
        "fields.rotate_keys": dict.fromkeys(encrypted_columns(), 1),
    }
    missing = {(action, key) for action, details in made.items() for key in details
               if not _has_label(action, key)}
    assert missing == set()


# --- every label on the page ---------------------------------------------------------------

def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _nl(label) -> str:
    """A lazy label in Dutch (it needs a request to know its language)."""
    from flask import current_app

    with current_app.test_request_context():
        return str(label)


def _table_text(html: str) -> str:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return _text(body.group(1)) if body else ""


@pytest.mark.parametrize("action", sorted(audit_log.ACTION_LABELS))
def test_each_action_reads_as_its_label(login_as, db, users, action):
    record_event(action, users["beheerder"])
    db.session.flush()
    html = login_as("beheerder").get(
        "/beheer/audit", query_string={"actie": action}).get_data(as_text=True)
    table = _table_text(html)
    assert _nl(audit_log.ACTION_LABELS[action]) in table
    # The code is in the link's title (for the curious), never the text people read.
    assert action not in table


@pytest.mark.parametrize("subject_type", sorted(audit_log.SUBJECT_LABELS))
def test_each_subject_type_reads_as_its_label(login_as, db, users, subject_type):
    record_event("round.updated", users["coordinator"], subject_type=subject_type)
    db.session.flush()
    client = login_as("beheerder")
    html = client.get("/beheer/audit", query_string={"soort": subject_type}).get_data(
        as_text=True)
    label = _nl(audit_log.SUBJECT_LABELS[subject_type])
    assert label in _table_text(html)
    # The filter offers the label, the code is only the option's value.
    assert f'<option value="{subject_type}" selected>{label}</option>' in html


def test_subjects_show_the_name_behind_the_id(login_as, db, users):
    from tests.privacy_world import make_resident, town_for

    town = town_for(users)
    resident = make_resident(town, users["veldwerker"])
    teamleider = users["teamleider"]
    for subject_type, subject_id in (("user", teamleider.id), ("partner", town.partner.id),
                                     ("round", town.round.id),
                                     ("follow_up", resident.follow_up.id),
                                     ("buurt", town.buurt.code), ("report", "hulpvragen"),
                                     ("coverage", "straten"), ("user", 999999)):
        record_event("round.updated", users["beheerder"], subject_type=subject_type,
                     subject_id=subject_id)
    db.session.flush()
    table = _table_text(login_as("beheerder").get(
        "/beheer/audit?actie=round.updated").get_data(as_text=True))
    assert "Account Test Teamleider (Teamleider)" in table
    assert "Partner Schuldhulp Testdorp" in table
    assert "Ronde Testronde, 1 mei 2026" in table
    assert f"Opvolging Warme overdracht · {str(resident.follow_up.id)[:8]}" in table
    assert "Buurt Testbuurt (BU99990001)" in table
    assert "Rapportage tabel hulpvragen" in table
    assert "Dekking per straat" in table
    assert "account 999999 (onbekend)" in table
    # Who did it: name and role.
    assert "Test Beheerder Beheerder" in table


@pytest.mark.parametrize(("action", "details", "expected"), [
    ("user.create", {"role": "veldwerker"}, "rol: Veldwerker"),
    ("user.create", {"role": "coordinator", "demo": True}, "rol: Coördinator; demo-account: ja"),
    ("user.role_change", {"from": "teamleider", "to": "coordinator"},
     "van: Teamleider; naar: Coördinator"),
    ("export", {"van": "2026-01-01", "tot": "2026-03-31", "soort": None, "hulpvraag": None,
                "buurt": None, "format": "csv", "rows": 1234},
     "van: 1 jan 2026; tot en met: 31 mrt 2026; soort ronde: alle soorten; "
     "hulpvraag: alle hulpvragen; buurt: alle buurten; formaat: CSV; regels: 1.234"),
    ("export", {"soort": "koffie", "hulpvraag": "geld_schulden", "buurt": "BU00000000"},
     "soort ronde: Koffie (bakfiets); hulpvraag: Geld en schulden; buurt: BU00000000"),
    ("report.export", {"buurt": "gemeente", "rows": 0}, "buurt: hele gemeente; regels: 0"),
    ("login.failure", {"email": "a@example.org", "reason": "inactive"},
     "e-mailadres: a@example.org; reden: account staat uit"),
    ("partner_link.refused", {"reason": "status_afgerond", "link_id": 7, "action": "confirm"},
     "reden: opvolging staat op afgerond; link: #7; bij: bevestigen"),
    ("partner_link.refused", {"reason": "not_forward", "outcome": "opgepakt",
                              "current": "afgerond"},
     "reden: stap was al bevestigd; bevestigd: Opgepakt; al bevestigd: Afgerond"),
    ("partner.update", {"changed": ["opening_hours", "phone"], "active": False},
     "gewijzigd: openingstijden, telefoon; actief: nee"),
    ("partner.create", {"name": "Taalhuis", "kind": "taalhuis"},
     "naam: Taalhuis; soort: Taalhuis"),
    ("followup.service_levels", {"levels": {"terugbellen": 2, "huisbezoek": 5}},
     "termijnen: Terugbellen 2, Huisbezoek 5"),
    ("resident.search", {"by": "name", "match": "partial", "found": 2},
     "gezocht op: naam; zoekwijze: deel van de naam; gevonden: 2"),
    ("personal_data.read", {"follow_ups": 7, "follow_up_ids": [
        f"{n:08d}-0000-0000-0000-000000000000" for n in range(7)]},
     "opvolgingen: 7; opvolgingsnummers: 00000000, 00000001, 00000002, 00000003, 00000004 "
     "en 2 meer"),
    ("audit.export", {"action": "login.", "actor": "anoniem", "subject_type": "follow_up",
                      "date_from": "2026-03-01", "rows": 3},
     "actie: Inloggen (alle); wie: zonder account; soort onderwerp: Opvolging; "
     "van: 1 mrt 2026; regels: 3"),
    ("sync.follow_ups", {"received": 2, "applied": 1, "duplicate": 1, "conflict": 0,
                         "rejected": 0},
     "ontvangen: 2; verwerkt: 1; al verwerkt: 1; conflict: 0; geweigerd: 0"),
    ("import.streets", {"skipped_reasons": {"zonder straatnaam": 2}, "source": "a.geojson"},
     "bestand: a.geojson; redenen: zonder straatnaam 2"),
    ("retention.run", {"follow_up_cutoff": "2026-03-02T23:30:00+00:00"},
     "opvolgingen gesloten voor: 3 mrt 2026 00:30"),
    ("user.create", {"new_key_nobody_labelled": None}, "new key nobody labelled: –"),
])
def test_details_read_as_label_and_value(login_as, db, users, action, details, expected):
    record_event(action, users["beheerder"], details=details)
    db.session.flush()
    html = login_as("beheerder").get("/beheer/audit", query_string={"actie": action}).get_data(
        as_text=True)
    row = _text(re.search(r'<td data-label="Details" class="audit-details">(.*?)</td>', html,
                          re.S).group(1))
    assert row == expected.replace("; ", " ")  # each detail is its own list item
    assert "None" not in row and "=" not in row


# --- the real use cases ---------------------------------------------------------------------

@pytest.fixture()
def busy_log(app, db, users):
    """Run most use cases that write an audit row, the way the app runs them."""
    from outreach.services import coverage_export, imports, residents
    from outreach.services import users as accounts
    from outreach.services.bundle import build_bundle, record_bundle_read
    from outreach.services.errors import Gone, NotFound
    from outreach.services.field_keys import rotate_field_keys
    from outreach.services.followups import partner_links
    from outreach.services.followups.phone_sync import sync_follow_up_updates
    from outreach.services.followups.resident import read_resident
    from outreach.services.followups.service_levels import set_service_levels
    from outreach.services.partners import PartnerInput, create_partner, update_partner
    from outreach.services.plan_filter import PlanFilter
    from outreach.services.report.export import export_table
    from outreach.services.report.period import custom_period
    from outreach.services.retention import run_retention
    from outreach.services.sync.ingest import sync_contacts
    from tests.conftest import TEST_PASSWORD
    from tests.privacy_world import make_resident, town_for

    beheerder, teamleider, worker = users["beheerder"], users["teamleider"], users["veldwerker"]
    town = town_for(users)
    resident = make_resident(town, worker)
    handed = make_resident(town, worker, name="Dhr. K. Bakker", tag=" K",
                           status=FollowUpStatus.overgedragen)
    accounts.authenticate("teamleider@test.example", TEST_PASSWORD, ip="192.0.2.1")
    accounts.authenticate("teamleider@test.example", "wrong", ip="192.0.2.1")
    made = accounts.create_user("nieuw@test.example", "Nieuwe Collega", "veldwerker",
                                TEST_PASSWORD, actor=beheerder)
    for role, active in (("coordinator", True), ("coordinator", False),
                         ("coordinator", True)):
        accounts.update_user(made.id, email=made.email, name=made.name, role=role,
                             active=active, actor=beheerder)
    partner = create_partner(PartnerInput(name="Taalhuis Testdorp", kind="taalhuis"),
                             actor=beheerder)
    update_partner(partner.id, PartnerInput(name="Taalhuis Testdorp", kind="taalhuis",
                                            phone="010-1234567", active=False),
                   actor=beheerder)
    _link, token = partner_links.create_partner_link(handed.follow_up.id, actor=teamleider)
    partner_links.open_partner_link(handed.follow_up.id, token, ip="203.0.113.5")
    with pytest.raises((NotFound, Gone)):
        partner_links.open_partner_link(handed.follow_up.id, "geen-token", ip="203.0.113.5")
    partner_links.confirm_through_link(handed.follow_up.id, token, "opgepakt")
    with pytest.raises(Invalid):
        partner_links.confirm_through_link(handed.follow_up.id, token, "contact_gelegd")
    partner_links.revoke_partner_links(handed.follow_up.id, actor=teamleider)
    read_resident(resident.follow_up, teamleider, ip="192.0.2.2")
    set_service_levels({"terugbellen": 2, "huisbezoek": 5, "warme_overdracht": 5,
                        "informatie": 10}, teamleider)
    record_bundle_read(worker, build_bundle(worker), ip="192.0.2.3")
    sync_contacts(worker, [], ip="192.0.2.3")
    sync_follow_up_updates(worker, [], ip="192.0.2.3")
    imports.run_import("buurten", (FIXTURES / "buurten_small.geojson").read_bytes(),
                       actor=beheerder, source_name="buurten_small.geojson")
    today = local_today()
    coverage_export.export_coverage(PlanFilter.default(today), coverage_export.ExportLevel.buurten,
                                    coverage_export.ExportFormat.csv, actor=users["coordinator"])
    export_table(custom_period(date(2026, 1, 1), date(2026, 3, 31), today), None,
                 "hulpvragen", actor=teamleider)
    residents.find_residents("jansen", actor=beheerder)
    residents.resident_record(resident.follow_up.id, actor=beheerder)
    residents.export_resident(resident.follow_up.id, actor=beheerder, fmt="html")
    residents.erase_resident(resident.follow_up.id, actor=beheerder)
    run_retention()
    rotate_field_keys()
    audit_log.export_audit_log(audit_log.AuditFilter(action="resident."), actor=beheerder)
    return users


def test_every_row_the_use_cases_write_reads_in_words(login_as, db, busy_log):
    events = db.session.scalars(select(AuditEvent)).all()
    actions = {e.action for e in events}
    # The run above is broad: most of what the app records.
    assert len(actions) >= 28, sorted(actions)
    for event in events:
        assert event.action in audit_log.ACTION_LABELS, event.action
        assert event.subject_type is None or event.subject_type in audit_log.SUBJECT_LABELS
        unlabelled = [k for k in event.details or {} if not _has_label(event.action, k)]
        assert unlabelled == [], (event.action, unlabelled)
    response = login_as("beheerder").get("/beheer/audit/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == len(events)
    for row in rows:
        words = " ".join((row["omschrijving"], row["gebruiker"], row["onderwerp"],
                          row["toelichting"]))
        for raw in ("None", "True", "False", "{", "=", "_id"):
            assert raw not in words, (row["actie"], words)
        assert row["omschrijving"] != row["actie"]
        if row["onderwerp_soort"]:
            assert row["onderwerp"].startswith(
                _nl(audit_log.SUBJECT_LABELS[row["onderwerp_soort"]]))
        if row["details"]:
            assert row["toelichting"], row["actie"]
    html = login_as("beheerder").get("/beheer/audit").get_data(as_text=True)
    table = _table_text(html)
    assert "None" not in table and "=" not in table


# --- filters by name ------------------------------------------------------------------------

def test_subject_and_actor_filters_work_by_name(login_as, db, users):
    teamleider, beheerder = users["teamleider"], users["beheerder"]
    record_event("user.role_change", beheerder, subject_type="user", subject_id=teamleider.id,
                 details={"from": "teamleider", "to": "coordinator"})
    record_event("round.updated", teamleider, subject_type="round", subject_id=123)
    db.session.flush()
    client = login_as("beheerder")
    html = client.get("/beheer/audit?onderwerp=teamleider").get_data(as_text=True)
    table = _table_text(html)
    assert "Rol gewijzigd" in table and "Ronde gewijzigd" not in table
    # The user.create row of the fixture is about the teamleider too.
    assert table.count("Account Test Teamleider") == 2
    # Without an account row named so, a name finds nothing; a number still finds its id.
    assert "Geen gebeurtenissen" in client.get("/beheer/audit?onderwerp=niemand").get_data(
        as_text=True)
    assert "Ronde gewijzigd" in _table_text(client.get(
        "/beheer/audit?soort=round&onderwerp=123").get_data(as_text=True))
    # The actor filter lists people by name and role.
    assert f'<option value="{teamleider.id}">Test Teamleider (Teamleider)</option>' in html


def test_follow_up_filter_takes_the_short_number_shown(login_as, db, users):
    fid = uuid.uuid4()
    record_event("followup.resident_view", users["teamleider"], subject_type="follow_up",
                 subject_id=fid)
    db.session.flush()
    html = login_as("beheerder").get(
        f"/beheer/audit?onderwerp={str(fid)[:8]}").get_data(as_text=True)
    assert "Bewonersgegevens bekeken" in _table_text(html)


# --- odd input ------------------------------------------------------------------------------

FIELDS = ("actie", "wie", "soort", "onderwerp", "van", "tot", "ip")


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", ["a\x00b", "\x00"], ids=["nul-inside", "nul"])
def test_nul_in_a_filter_is_refused_by_the_request_guard(login_as, db, users, field, value):
    # outreach/request_text.py answers 400 before the page: PostgreSQL cannot hold NUL.
    response = login_as("beheerder").get("/beheer/audit", query_string={field: value})
    assert response.status_code == 400
    assert "Ongeldige invoer" in response.get_data(as_text=True)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", ["x" * 10_000, "\x1b[31m", "a\x7fb"],
                         ids=["10000-chars", "escape", "del"])
def test_odd_filter_input_gets_a_message_next_to_the_field(login_as, db, users, field, value):
    response = login_as("beheerder").get("/beheer/audit", query_string={field: value})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert "\x00" not in html
    assert 'class="table audit-table"' not in html


@pytest.mark.parametrize("field", FIELDS)
def test_surrogate_from_a_url_is_replaced_not_a_500(login_as, db, users, field):
    # Werkzeug decodes a lone surrogate's bytes (ED A0 80) as U+FFFD: searched, or refused.
    response = login_as("beheerder").get(f"/beheer/audit?{field}=%ED%A0%80")
    assert response.status_code == 200


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", ["\ud800", "a\udfffb"])
def test_lone_surrogate_in_the_filter_is_refused_on_its_field(field, value):
    with pytest.raises(Invalid) as refused:
        audit_log.parse_filter({field: value})
    assert set(refused.value.fields) == {field}


@pytest.mark.parametrize("value", ["2026-02-30", "0000-01-01", "9999-12-31", "2026-1-1",
                                   "２０２６-03-01", "20260301", "2026-W10-1", "-1",
                                   "2026-03-01T10:00", "1999-12-31", "2100-01-01",
                                   "٢٠٢٦-٠٣-٠١"])
@pytest.mark.parametrize("field", ["van", "tot"])
def test_odd_dates_get_a_message(login_as, db, users, field, value):
    response = login_as("beheerder").get("/beheer/audit", query_string={field: value})
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)


def test_odd_export_filter_exports_nothing(login_as, db, users):
    response = login_as("beheerder").get("/beheer/audit/export.csv",
                                         query_string={"onderwerp": "a\x1b"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == "audit.export")) is None


def test_the_log_reads_in_english_through_the_catalogue(app, db, users):
    record_event("user.create", users["beheerder"], subject_type="user",
                 subject_id=users["veldwerker"].id, details={"role": "veldwerker"})
    db.session.flush()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(users["beheerder"].id)
        session["_fresh"] = True
        session["lang"] = "en"
    html = client.get("/beheer/audit?actie=user.create").get_data(as_text=True)
    table = _table_text(html)
    assert "Account created" in table and "role: Outreach worker" in table
    assert "Test Veldwerker (Outreach worker)" in table
    assert "Account aangemaakt" not in table and "rol:" not in table

"""/rapportage: only for the teamleider, bad input answered next to the field, CSV for Excel."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from outreach.models import AuditEvent, Contact, HelpQuestion
from tests.factories import make_town

AMS = ZoneInfo("Europe/Amsterdam")
PERIOD = {"periode": "anders", "van": "2025-01-01", "tot": "2025-03-31"}


@pytest.fixture()
def town(db, users):
    town = make_town(users["veldwerker"], round_date=date(2025, 2, 1))
    tulp = town.streets["Tulpstraat"]
    for day, outcome in enumerate(["gesprek"] * 7 + ["niet_thuis"] * 3, start=1):
        contact = Contact(buurt_id=town.buurt.id, street_id=tulp.id, outcome=outcome,
                          recorded_at=datetime(2025, 2, day, 10, tzinfo=AMS))
        db.session.add(contact)
        db.session.flush()
        if day <= 6:
            db.session.add(HelpQuestion(contact_id=contact.id, category="eenzaamheid"))
        if day == 7:
            db.session.add(HelpQuestion(contact_id=contact.id, category="wonen"))
    db.session.commit()
    return town


@pytest.mark.parametrize("role", ["veldwerker", "coordinator", "beheerder"])
def test_only_the_teamleider_sees_reports(login_as, role):
    assert login_as(role).get("/rapportage").status_code == 403
    assert login_as(role).get("/rapportage/export/hulpvragen.csv").status_code == 403


def test_report_for_a_buurt_and_period(login_as, town):
    response = login_as("teamleider").get(
        "/rapportage", query_string={**PERIOD, "buurt": town.buurt.code})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Testbuurt" in html and "1 januari 2025 tot en met 31 maart 2025" in html
    assert "gemaakt op" in html and "Afdrukken" in html
    assert html.count('<svg class="bar-chart"') >= 6
    assert 'role="img"' in html and "<title id=" in html
    for theme in ("Sociale cohesie", "Leefbaarheid en veiligheid", "Sociale veerkracht",
                  "Maatschappelijke participatie", "Vertrouwen in overheid en organisaties"):
        assert theme in html
    # Eenzaamheid 6 rounded to 5 or 10, wonen 1 left out; totals add rounded cells, so
    # no total gives a way back to the 1 (and there are no lower bounds "≥ N" any more).
    assert '<td class="num is-hidden">&lt;5</td>' in html
    assert "≥" not in html and "n&lt;5" not in html
    link = html[html.index("/rapportage/export/hulpvragen.csv?"):].split('"')[0]
    assert f"buurt={town.buurt.code}" in link and "van=2025-01-01" in link


def test_default_report_is_this_quarter_for_the_municipality(login_as, town):
    response = login_as("teamleider").get("/rapportage")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Hele gemeente" in html and "Bereik per buurt" in html


@pytest.mark.parametrize(("query", "field", "message"), [
    ({"periode": "anders", "van": "2025-03-01", "tot": "2025-02-01"}, "tot",
     "De einddatum ligt voor de begindatum."),
    ({"periode": "anders", "van": "2025-02-30", "tot": "2025-03-01"}, "van",
     "Geen geldige datum"),
    ({"periode": "anders", "van": "", "tot": "2025-03-01"}, "van", "Vul een begindatum in."),
    ({"periode": "anders", "van": "2020-01-01", "tot": "2025-03-01"}, "tot",
     "hoogstens drie jaar"),
    ({"periode": "morgen"}, "periode", "Kies een periode uit de lijst."),
    ({"periode": "dit_jaar", "buurt": "BU00000000"}, "buurt", "Deze buurt bestaat niet"),
])
def test_bad_input_is_answered_next_to_the_field(login_as, town, query, field, message):
    response = login_as("teamleider").get("/rapportage", query_string=query)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    for value in query.values():  # what was typed stays in the form
        if value and field in ("van", "tot") and value.startswith("20"):
            assert f'value="{value}"' in html


def test_csv_export_opens_in_dutch_excel_and_is_audited(login_as, town, db):
    before = db.session.query(AuditEvent).filter_by(action="report.export").count()
    response = login_as("teamleider").get(
        "/rapportage/export/hulpvragen.csv", query_string={**PERIOD, "buurt": town.buurt.code})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (response.headers["Content-Disposition"] ==
            'attachment; filename="rapportage-hulpvragen-BU99990001-2025-01-01-2025-03-31.csv"')
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.endswith("\r\n") and text.count("\r\n") == text.count("\n")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["categorie", "laag", "laag_kleiner_dan_5", "normaal",
                       "normaal_kleiner_dan_5", "hoog", "hoog_kleiner_dan_5", "totaal",
                       "totaal_kleiner_dan_5"]
    by_name = {r[0]: r[1:] for r in rows[1:]}
    assert by_name["Eenzaamheid"][2] in ("5", "10")  # 6, rounded
    assert by_name["Wonen"] == ["0", "0", "", "1", "0", "0", "", "1"]  # 1: left out
    assert rows[-1][0] == "Totaal" and int(rows[-1][3]) % 5 == 0
    reach = login_as("teamleider").get("/rapportage/export/bereik.csv", query_string={
        **PERIOD, "buurt": town.buurt.code}).get_data(as_text=True)
    assert "Deur open (% van aangebeld);70,0" in reach  # decimal comma
    events = db.session.query(AuditEvent).filter_by(action="report.export").all()
    assert len(events) == before + 2
    assert events[-1].details["buurt"] == "BU99990001"
    assert {e.subject_id for e in events[-2:]} == {"hulpvragen", "bereik"}


def test_unknown_table_is_404_and_bad_period_422_for_exports(login_as, town):
    client = login_as("teamleider")
    assert client.get("/rapportage/export/bewoners.csv").status_code == 404
    assert client.get("/rapportage/export/hulpvragen.csv",
                      query_string={"periode": "anders", "van": "x"}).status_code == 422


def test_print_view_hides_navigation_and_flows_without_forced_page_breaks(login_as, town, app):
    html = login_as("teamleider").get(
        "/rapportage", query_string={**PERIOD, "buurt": town.buurt.code}).get_data(as_text=True)
    assert "data-print" in html and "js/print.js" in html  # a listener: CSP refuses onclick
    assert 'class="rpt-form card no-print"' in html
    assert html.count('class="rpt-section rpt-theme"') == 5
    css = (Path(app.static_folder) / "css" / "reports.css").read_text()
    printing = css[css.index("@media print"):]
    assert "size: A4" in printing and ".topbar" in printing and ".no-print" in printing
    # Issue 11: a page break before every theme left pages nearly empty.
    assert "break-before: page" not in printing and "break-after: avoid" in printing


def _number_or_empty(text: str) -> bool:
    """A cell Dutch Excel reads as a number (decimal comma) or an empty cell."""
    if text == "":
        return True
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return "." not in text  # a decimal point would be a thousands separator to Dutch Excel


TABLES = ("bereik", "hulpvragen", "opvolging", "overdrachten", "talenten")


@pytest.mark.parametrize("scope", ["buurt", "gemeente"])
def test_every_number_column_of_every_csv_holds_numbers_or_nothing(login_as, town, scope):
    client = login_as("teamleider")
    query = {**PERIOD, **({"buurt": town.buurt.code} if scope == "buurt" else {})}
    for table in TABLES + (("buurten",) if scope == "gemeente" else ()):
        response = client.get(f"/rapportage/export/{table}.csv", query_string=query)
        assert response.status_code == 200, table
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
        header, body = rows[0], rows[1:]
        text_columns = {"onderdeel", "categorie", "talent", "partner", "buurtcode", "buurt"}
        for i, column in enumerate(header):
            if column in text_columns:
                continue
            cells = [row[i] for row in body]
            assert all(_number_or_empty(c) for c in cells), (table, column, cells)
            if column.endswith("_kleiner_dan_5"):
                assert set(cells) <= {"0", "1"}, (table, column)
                values = [row[header.index(column.removesuffix("_kleiner_dan_5"))]
                          for row in body]
                # A left-out count is an empty cell, flagged; a flagged cell is empty.
                assert all((flag == "1") == (value == "") for flag, value
                           in zip(cells, values, strict=True) if table != "opvolging")


def test_zero_reach_buurten_are_on_the_page_and_in_the_csv(login_as, town, db):
    from outreach.models import Buurt

    db.session.add(Buurt(code="BU99990009", name="Zonder bezoek", geom=(
        "SRID=4326;MULTIPOLYGON(((5.2 52.1,5.21 52.1,5.21 52.11,5.2 52.11,5.2 52.1)))")))
    db.session.commit()
    client = login_as("teamleider")
    html = client.get("/rapportage", query_string=PERIOD).get_data(as_text=True)
    table = html[html.index('id="tabel-buurten"'):]
    table = table[:table.index("</table>")]
    assert "Testbuurt" in table and "Zonder bezoek" in table
    assert table.index("Testbuurt") < table.index("Zonder bezoek")  # by name
    body = client.get("/rapportage/export/buurten.csv", query_string=PERIOD).data
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert ["BU99990009", "Zonder bezoek", "0", "0", "0", "0", "0", "0", "0"] in rows

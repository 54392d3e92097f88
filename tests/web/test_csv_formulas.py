"""CSV exports never hand a spreadsheet a formula: text from outside stays text."""

import csv
import io

import pytest

from outreach.services.audit import record_event
from outreach.services.coverage_export import FORMULA_STARTS, inert_cell, to_csv

HOSTILE = ['=HYPERLINK("http://evil.example","klik")', "+31 6 1234", "-1+1", "@SUM(A1)",
           "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_starting_like_a_formula_gets_a_leading_quote(value):
    assert inert_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Tulpstraat", "", "'al tekst", "1=1", "a-b"])
def test_other_text_is_left_as_it_is(value):
    assert inert_cell(value) == value


def test_numbers_are_not_quoted_even_when_negative():
    body = to_csv([{"naam": "-x", "aantal": -3, "deel": -0.5}], ("naam", "aantal", "deel"))
    row = body.decode("utf-8-sig").splitlines()[1]
    assert row == "'-x;-3;-0,5"


def _cells(body: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
    return [cell for row in rows for cell in row]


def test_audit_export_neutralises_a_hostile_subject_and_path(login_as, db, users):
    # What a partner-link guess leaves in the log: the path as the visitor typed it.
    for value in HOSTILE:
        record_event("partner_link.refused", None, subject_type="partner_link",
                     subject_id=value, details={"path": value})
    db.session.commit()
    response = login_as("beheerder").get("/beheer/audit/export.csv")
    assert response.status_code == 200
    cells = _cells(response.data)
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]

"""One table of the impact report as a CSV file for Excel with Dutch settings; audited.

The CSV is written by coverage_export's helpers (UTF-8 with BOM, `;`, decimal comma,
CRLF), from the same protected table the page shows. Number columns hold only numbers, so
Excel can add them up: a count the page shows as "<5" is an empty cell here, with 1 in
the column beside it, `<column>_kleiner_dan_5` (0 otherwise); a share or median that is
not given ("–") is an empty cell too.
"""

from __future__ import annotations

from ...extensions import db
from ...models import Buurt, User
from ..audit import record_event
from ..coverage_export import ExportFile, to_csv
from ..errors import NotFound
from .build import Table, impact_report
from .period import ReportPeriod
from .small_numbers import Shown

FLAG_SUFFIX = "_kleiner_dan_5"


def _cell(value):
    return value.csv if isinstance(value, Shown) else value


def _csv_columns(table: Table) -> tuple[str, ...]:
    """The table's columns, each column that may hold "<5" followed by its flag column."""
    return tuple(key for c in table.columns
                 for key in ((c.key, c.key + FLAG_SUFFIX) if c.protected else (c.key,)))


def _csv_row(table: Table, row: dict) -> dict:
    values = {}
    for c in table.columns:
        values[c.key] = _cell(row[c.key])
        if c.protected:
            values[c.key + FLAG_SUFFIX] = int(isinstance(row[c.key], Shown) and row[c.key].hidden)
    return values


def export_table(period: ReportPeriod, buurt: Buurt | None, table: str, *,
                 actor: User | None = None, ip: str | None = None) -> ExportFile:
    """Table TABLE of the report as CSV; NotFound for a table the report does not have."""
    report = impact_report(period, buurt)
    found = report.tables.get(table)
    if found is None:
        raise NotFound(f"Tabel {table} bestaat niet in dit rapport.")
    columns = _csv_columns(found)
    rows = [_csv_row(found, row) for row in found.all_rows()]
    filename = (f"rapportage-{table}-{report.scope_code}-{period.date_from.isoformat()}-"
                f"{period.date_to.isoformat()}.csv")
    record_event("report.export", actor, subject_type="report", subject_id=table, ip=ip,
                 details={"buurt": report.scope_code, "van": period.date_from.isoformat(),
                          "tot": period.date_to.isoformat(), "rows": len(rows)})
    db.session.commit()
    return ExportFile(filename=filename, mimetype="text/csv; charset=utf-8",
                      body=to_csv(rows, columns))

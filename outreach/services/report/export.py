"""One table of the impact report as a CSV file for Excel with Dutch settings; audited.

The CSV is written by coverage_export's helpers (UTF-8 with BOM, `;`, decimal comma,
CRLF), from the same protected table the page shows: a "<5" on screen is "<5" in the file.
"""

from __future__ import annotations

from ...extensions import db
from ...models import Buurt, User
from ..audit import record_event
from ..coverage_export import ExportFile, to_csv
from ..errors import NotFound
from .build import impact_report
from .period import ReportPeriod
from .small_numbers import Shown


def _cell(value):
    return value.csv if isinstance(value, Shown) else value


def export_table(period: ReportPeriod, buurt: Buurt | None, table: str, *,
                 actor: User | None = None, ip: str | None = None) -> ExportFile:
    """Table TABLE of the report as CSV; NotFound for a table the report does not have."""
    report = impact_report(period, buurt)
    found = report.tables.get(table)
    if found is None:
        raise NotFound(f"Tabel {table} bestaat niet in dit rapport.")
    columns = tuple(c.key for c in found.columns)
    rows = [{k: _cell(row[k]) for k in columns} for row in found.all_rows()]
    filename = (f"rapportage-{table}-{report.scope_code}-{period.date_from.isoformat()}-"
                f"{period.date_to.isoformat()}.csv")
    record_event("report.export", actor, subject_type="report", subject_id=table, ip=ip,
                 details={"buurt": report.scope_code, "van": period.date_from.isoformat(),
                          "tot": period.date_to.isoformat(), "rows": len(rows)})
    db.session.commit()
    return ExportFile(filename=filename, mimetype="text/csv; charset=utf-8",
                      body=to_csv(rows, columns))

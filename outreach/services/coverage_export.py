"""Coverage per buurt and per street as files: CSV for Excel (Dutch settings) and GeoJSON for QGIS.

CSV: UTF-8 with a byte-order mark (Excel otherwise reads it as Windows-1252), `;` between
fields and a decimal comma, as Excel with Dutch regional settings expects; dates ISO
(yyyy-mm-dd, which Excel recognises in every locale). GeoJSON: plain numbers, shares as
fractions 0..1, WGS84 coordinates with 6 decimals, unsimplified.
Only aggregates per buurt or street; no contact, resident or point of a door.
"""

import csv
import io
import json
from dataclasses import dataclass
from enum import StrEnum

from ..clock import TEAM_TIMEZONE
from ..extensions import db
from ..models import User
from .audit import record_event
from .coverage import (
    EXPORT_GEOMETRY,
    BuurtCoverage,
    StreetCoverage,
    buurt_coverage,
    street_coverage,
)
from .plan_filter import PlanFilter, find_buurt


class ExportLevel(StrEnum):
    buurten = "buurten"
    straten = "straten"


class ExportFormat(StrEnum):
    csv = "csv"
    geojson = "geojson"


@dataclass
class ExportFile:
    filename: str
    mimetype: str
    body: bytes


def _decimal(value: float | None, digits: int = 1) -> str:
    """VALUE with a decimal comma ('' for None), as Dutch Excel reads numbers."""
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


def _pct(share: float | None) -> float | None:
    return None if share is None else share * 100


BUURT_COLUMNS = ("buurtcode", "buurt", "wijk", "straten", "straten_bezocht", "dekking_straten_pct",
                 "deuren", "deuren_bezocht", "dekking_deuren_pct", "contacten", "gesprekken")
STREET_COLUMNS = ("straat_id", "straat", "buurtcode", "buurt", "lengte_m", "laatste_bezoek",
                  "dagen_sinds_bezoek", "bezoekklasse", "contacten", "gesprekken", "deuren",
                  "deuren_bezocht", "hulpvragen")


def _buurt_values(b: BuurtCoverage) -> dict:
    return {"buurtcode": b.code, "buurt": b.name, "wijk": b.wijk_name,
            "straten": b.streets_total, "straten_bezocht": b.streets_visited,
            "dekking_straten": b.street_share, "deuren": b.doors_total,
            "deuren_bezocht": b.doors_visited, "dekking_deuren": b.door_share,
            "contacten": b.contacts, "gesprekken": b.conversations}


def _street_values(s: StreetCoverage) -> dict:
    last = s.last_visit.astimezone(TEAM_TIMEZONE).date().isoformat() if s.last_visit else None
    return {"straat_id": s.id, "straat": s.name, "buurtcode": s.buurt_code, "buurt": s.buurt_name,
            "lengte_m": round(s.length_m, 1), "laatste_bezoek": last,
            "dagen_sinds_bezoek": s.days_since, "bezoekklasse": s.visit_class.value,
            "contacten": s.contacts, "gesprekken": s.conversations, "deuren": s.doors_total,
            "deuren_bezocht": s.doors_visited, "hulpvragen": s.help_questions}


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...)
# in an imported street name would be a live link); OWASP's advice: make it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(text: str) -> str:
    """TEXT as a CSV cell no spreadsheet runs as a formula (a leading quote makes it text)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_row(values: dict, columns: tuple[str, ...]) -> list[str]:
    row = []
    for column in columns:
        if column.endswith("_pct"):
            row.append(_decimal(_pct(values[column.removesuffix("_pct")])))
            continue
        value = values[column]
        if isinstance(value, float):
            row.append(_decimal(value))
        elif isinstance(value, str):
            row.append(inert_cell(value))
        else:  # numbers are numbers (a negative count stays -3); None is an empty cell
            row.append("" if value is None else str(value))
    return row


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    """ROWS as a CSV that Excel with Dutch settings opens as columns, accents intact."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(_csv_row(values, columns) for values in rows)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def to_geojson(rows: list[dict], geometries: list[dict | None]) -> bytes:
    """ROWS with their GEOMETRIES as a GeoJSON FeatureCollection (RFC 7946, WGS84)."""
    features = [{"type": "Feature", "geometry": geometry, "properties": values}
                for values, geometry in zip(rows, geometries, strict=True)]
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False).encode("utf-8")


def export_coverage(plan_filter: PlanFilter, level: ExportLevel, fmt: ExportFormat, *,
                    actor: User | None = None, ip: str | None = None) -> ExportFile:
    """Coverage per buurt or per street in the filter, as a file; the export is audited."""
    buurt_id = find_buurt(plan_filter.buurt_code).id if plan_filter.buurt_code else None
    geometry = EXPORT_GEOMETRY if fmt == ExportFormat.geojson else None
    if level == ExportLevel.buurten:
        items = buurt_coverage(plan_filter, buurt_id=buurt_id, geometry=geometry)
        rows, columns = [_buurt_values(b) for b in items], BUURT_COLUMNS
    else:
        items = street_coverage(plan_filter, buurt_id=buurt_id, geometry=geometry)
        rows, columns = [_street_values(s) for s in items], STREET_COLUMNS
    if fmt == ExportFormat.csv:
        body, mimetype = to_csv(rows, columns), "text/csv; charset=utf-8"
    else:
        body = to_geojson(rows, [item.geometry for item in items])
        mimetype = "application/geo+json"
    scope = plan_filter.buurt_code or "gemeente"
    filename = (f"dekking-{level.value}-{scope}-{plan_filter.date_from.isoformat()}-"
                f"{plan_filter.date_to.isoformat()}.{fmt.value}")
    record_event("export", actor, subject_type="coverage", subject_id=level.value, ip=ip,
                 details={**plan_filter.describe(), "format": fmt.value, "rows": len(rows)})
    db.session.commit()
    return ExportFile(filename=filename, mimetype=mimetype, body=body)

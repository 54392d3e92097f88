"""Coverage per buurt and per street as files: CSV for Excel (Dutch settings) and GeoJSON for QGIS.

CSV: UTF-8 with a byte-order mark (Excel otherwise reads it as Windows-1252), `;` between
fields and a decimal comma, as Excel with Dutch regional settings expects; dates ISO
(yyyy-mm-dd, which Excel recognises in every locale). GeoJSON (RFC 7946): plain numbers,
shares as fractions 0..1, WGS84 lon/lat with 6 decimals, unsimplified, outer rings
counter-clockwise and holes clockwise, no `crs` member.
The figures are services/coverage.py's (docs/coverage.md), every buurt or street of the
selection with zero rows included. Only aggregates per buurt or street; no contact,
resident or point of a door.
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
    """A file to download. MIMETYPE is bare ('text/csv'); bodies are UTF-8.

    Flask adds '; charset=utf-8' to a text/* mimetype itself, also to one that already
    carries it ("text/csv; charset=utf-8; charset=utf-8"), so a charset given here is
    taken off; any other charset would be a lie about the body, and is refused.
    """

    filename: str
    mimetype: str
    body: bytes

    def __post_init__(self):
        bare, *parameters = (part.strip() for part in self.mimetype.split(";"))
        for parameter in parameters:
            name, _sep, value = parameter.partition("=")
            if name.strip().lower() != "charset" or value.strip().strip('"').lower() != "utf-8":
                raise ValueError(f"export bodies are UTF-8; not {parameter!r}")
        self.mimetype = bare


def _decimal(value: float | None, digits: int = 1) -> str:
    """VALUE with a decimal comma ('' for None), as Dutch Excel reads numbers."""
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


def _pct(share: float | None) -> float | None:
    return None if share is None else share * 100


BUURT_COLUMNS = ("buurtcode", "buurt", "wijk", "dekkingsklasse", "straten", "straten_bezocht",
                 "dekking_straten_pct", "straten_zonder_adressen",
                 "straten_zonder_adressen_bezocht", "deuren", "deuren_bezocht",
                 "dekking_deuren_pct", "nummers_niet_in_adressenlijst", "contacten",
                 "gesprekken", "contacten_aan_deur", "koffieplek_bezoekers",
                 "koffieplek_gesprekken", "straten_van_bezoekers")
STREET_COLUMNS = ("straat_id", "straat", "buurtcode", "buurt", "lengte_m", "laatste_bezoek",
                  "dagen_sinds_bezoek", "bezoekklasse", "contacten", "gesprekken", "deuren",
                  "deuren_bezocht", "nummers_niet_in_adressenlijst", "koffieplek_bezoekers",
                  "hulpvragen")


def _buurt_values(b: BuurtCoverage) -> dict:
    # "deuren_bezocht" keeps its name for sheets built on earlier exports: distinct doors
    # of the address list reached, never above "deuren".
    return {"buurtcode": b.code, "buurt": b.name, "wijk": b.wijk_name,
            "dekkingsklasse": b.coverage_class.value,
            "straten": b.streets_total, "straten_bezocht": b.streets_visited,
            "dekking_straten": b.street_share,
            "straten_zonder_adressen": b.streets_without_addresses,
            "straten_zonder_adressen_bezocht": b.streets_without_addresses_visited,
            "deuren": b.doors_known, "deuren_bezocht": b.doors_reached,
            "dekking_deuren": b.door_share, "nummers_niet_in_adressenlijst": b.doors_unlisted,
            "contacten": b.contacts, "gesprekken": b.conversations,
            "contacten_aan_deur": b.door_contacts, "koffieplek_bezoekers": b.visitors,
            "koffieplek_gesprekken": b.visitor_conversations,
            "straten_van_bezoekers": b.visitor_streets}


def _street_values(s: StreetCoverage) -> dict:
    last = s.last_visit.astimezone(TEAM_TIMEZONE).date().isoformat() if s.last_visit else None
    return {"straat_id": s.id, "straat": s.name, "buurtcode": s.buurt_code, "buurt": s.buurt_name,
            "lengte_m": round(s.length_m, 1), "laatste_bezoek": last,
            "dagen_sinds_bezoek": s.days_since, "bezoekklasse": s.visit_class.value,
            "contacten": s.contacts, "gesprekken": s.conversations, "deuren": s.doors_known,
            "deuren_bezocht": s.doors_reached, "nummers_niet_in_adressenlijst": s.doors_unlisted,
            "koffieplek_bezoekers": s.visitors, "hulpvragen": s.help_questions}


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
    """ROWS with their GEOMETRIES as a GeoJSON FeatureCollection (RFC 7946, WGS84).

    The geometries come from coverage.geometry_sql, which orients polygon rings as RFC
    7946 wants; no `crs` member (RFC 7946 section 4 dropped it).
    """
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
        body, mimetype = to_csv(rows, columns), "text/csv"
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

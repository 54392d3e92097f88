"""Importing buurten: upsert by code, geometry repaired and in WGS84, CBS key figures cleaned."""

import json
from dataclasses import dataclass

import shapely
from sqlalchemy import text

from geo.cbs import figure_fields, key_figures
from geo.fields import resolve_buurt_fields, text_value
from geo.geojson import SourceFeature
from geo.repair import repair_polygonal

from ...extensions import db
from ...models.base import utcnow
from .report import ImportReport
from .source import Source, refuse_if_nothing, refusing, to_wgs84

CODE_LENGTH, NAME_LENGTH = 20, 200
REPAIR_NOTES = 20
_TEXT_FIELDS = ("name", "wijk_code", "wijk_name", "gemeente_code", "gemeente_name")


@dataclass
class BuurtRow:
    """One buurt as read from the file, before it meets the database."""

    code: str
    values: dict  # name, wijk_*, gemeente_* (None when the file has no value)
    figures: dict
    feature: SourceFeature


def _clip(role: str, value: str | None) -> str | None:
    # Column sizes; CBS names and codes are far shorter, a municipality's own file may not be.
    if value is None:
        return None
    return value[:NAME_LENGTH] if role.endswith("name") else value[:CODE_LENGTH]


def _read_rows(source: Source, report: ImportReport, fields: dict) -> list[BuurtRow]:
    features = source.collection.features
    identity = {name for name in fields.values() if name}
    figures = figure_fields((f.properties for f in features), identity)
    rows, seen = [], set()
    for feature in features:
        props = feature.properties
        code = text_value(props, fields["code"])
        name = text_value(props, fields["name"])
        example = code or f"feature {feature.number}" + (f" ({name})" if name else "")
        if feature.geometry is None:
            report.skip(feature.problem, example)
        elif code is None:
            report.skip("zonder buurtcode", example)
        elif len(code) > CODE_LENGTH:
            report.skip(f"buurtcode langer dan {CODE_LENGTH} tekens", example)
        elif code in seen:
            report.skip("buurtcode komt vaker voor in het bestand (eerste gebruikt)", code)
        else:
            seen.add(code)
            values = {role: _clip(role, text_value(props, fields[role])) for role in _TEXT_FIELDS}
            rows.append(BuurtRow(code, values, key_figures(props, figures), feature))
    return rows


def _repair(rows: list[BuurtRow], source: Source, report: ImportReport) -> list[tuple]:
    """Rows with a valid WGS84 MultiPolygon; repairs noted, unusable shapes skipped."""
    moved = to_wgs84([row.feature.geometry for row in rows], source.srid)
    usable = []
    for row, geometry in zip(rows, moved, strict=True):
        repair = repair_polygonal(geometry)
        label = f"{row.code} {row.values['name'] or ''}".strip()
        if repair.geometry is None:
            report.skip(f"geen bruikbaar vlak ({repair.reason})", label)
            continue
        if repair.repaired:
            report.repaired += 1
            if report.repaired <= REPAIR_NOTES:
                report.notes.append(f"hersteld: {label}: {repair.reason}")
        usable.append((row, repair.geometry))
    if report.repaired > REPAIR_NOTES:
        report.notes.append(f"hersteld: en nog {report.repaired - REPAIR_NOTES} buurten")
    return usable


_SOURCE = """
    WITH src AS (
        SELECT u.code, u.name, u.wijk_code, u.wijk_name, u.gemeente_code, u.gemeente_name,
               CAST(u.figures AS jsonb) AS figures, ST_Multi(ST_GeomFromWKB(u.wkb, 4326)) AS geom
        FROM unnest(CAST(:code AS text[]), CAST(:name AS text[]), CAST(:wijk_code AS text[]),
                    CAST(:wijk_name AS text[]), CAST(:gemeente_code AS text[]),
                    CAST(:gemeente_name AS text[]), CAST(:figures AS text[]),
                    CAST(:wkb AS bytea[]))
             AS u(code, name, wijk_code, wijk_name, gemeente_code, gemeente_name, figures, wkb)
    )
"""
# A file without names (Den Haag's codes-only file) or without figures keeps what an earlier,
# richer import stored: values only ever replace, never blank out. Rows whose every value is
# already stored are left alone, so updated_at only moves when something really changed.
_UPDATE = text(_SOURCE + """
    UPDATE buurten AS b SET
        name = COALESCE(src.name, b.name),
        wijk_code = COALESCE(src.wijk_code, b.wijk_code),
        wijk_name = COALESCE(src.wijk_name, b.wijk_name),
        gemeente_code = COALESCE(src.gemeente_code, b.gemeente_code),
        gemeente_name = COALESCE(src.gemeente_name, b.gemeente_name),
        key_figures = b.key_figures || src.figures,
        geom = src.geom,
        updated_at = :now
    FROM src
    WHERE b.code = src.code AND (
        b.name IS DISTINCT FROM COALESCE(src.name, b.name)
        OR b.wijk_code IS DISTINCT FROM COALESCE(src.wijk_code, b.wijk_code)
        OR b.wijk_name IS DISTINCT FROM COALESCE(src.wijk_name, b.wijk_name)
        OR b.gemeente_code IS DISTINCT FROM COALESCE(src.gemeente_code, b.gemeente_code)
        OR b.gemeente_name IS DISTINCT FROM COALESCE(src.gemeente_name, b.gemeente_name)
        OR b.key_figures IS DISTINCT FROM b.key_figures || src.figures
        OR ST_AsEWKB(b.geom) IS DISTINCT FROM ST_AsEWKB(src.geom))
    RETURNING b.code
""")
_INSERT = text(_SOURCE + """
    INSERT INTO buurten (code, name, wijk_code, wijk_name, gemeente_code, gemeente_name,
                         key_figures, geom, priority, created_at, updated_at)
    SELECT code, COALESCE(name, code), wijk_code, wijk_name, gemeente_code, gemeente_name,
           figures, geom, 0, :now, :now
    FROM src
    WHERE NOT EXISTS (SELECT 1 FROM buurten b WHERE b.code = src.code)
    RETURNING code
""")


def _parameters(usable: list[tuple]) -> dict:
    params: dict = {role: [row.values[role] for row, _ in usable] for role in _TEXT_FIELDS}
    params["code"] = [row.code for row, _ in usable]
    params["figures"] = [json.dumps(row.figures) for row, _ in usable]
    params["wkb"] = [bytes(w) for w in shapely.to_wkb([geometry for _, geometry in usable])]
    params["now"] = utcnow()
    return params


def import_buurten(source: Source, report: ImportReport, *, code_field: str | None = None,
                   name_field: str | None = None) -> None:
    """Upsert the file's buurten by code into the current transaction; counts go into REPORT."""
    with refusing():
        fields = resolve_buurt_fields(source.collection.property_names, code_field, name_field)
    usable = _repair(_read_rows(source, report, fields), source, report)
    if not usable:
        refuse_if_nothing(report, "buurten")
    params = _parameters(usable)
    # Update first: the insert's NOT EXISTS then sees only the codes that are really new.
    report.updated = len(db.session.execute(_UPDATE, params).all())
    report.created = len(db.session.execute(_INSERT, params).all())
    report.unchanged = len(usable) - report.updated - report.created

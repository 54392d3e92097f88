"""Imports of buurten, streets and addresses from GeoJSON: one transaction, a report of counts."""

from ...extensions import db
from ...models import User
from ..audit import record_event
from .addresses import import_addresses
from .buurten import import_buurten
from .report import ImportRefused, ImportReport
from .source import open_source
from .streets import import_streets

__all__ = ["KINDS", "ImportRefused", "ImportReport", "run_import"]

KINDS = {"buurten": import_buurten, "streets": import_streets, "addresses": import_addresses}


def _options(kind: str, code_field: str | None, name_field: str | None) -> dict:
    if kind not in KINDS:
        raise ImportRefused(f"Onbekende soort import '{kind}': kies buurten, streets of addresses.")
    if kind == "buurten":
        return {"code_field": code_field, "name_field": name_field}
    if code_field or name_field:
        raise ImportRefused("Een veld voor buurtcode of buurtnaam geldt alleen bij buurten.")
    return {}


def run_import(kind: str, data: bytes, *, srid=None, code_field: str | None = None,
               name_field: str | None = None, actor: User | None = None,
               source_name: str | None = None) -> ImportReport:
    """Import GeoJSON DATA as KIND in one transaction; ImportRefused means nothing changed."""
    try:
        options = _options(kind, code_field, name_field)
        source = open_source(data, srid)
        report = ImportReport(kind, source_name, read=len(source.collection.features))
        KINDS[kind](source, report, **options)
        record_event(f"import.{kind}", actor, details=report.counts())
        db.session.commit()
    except Exception:
        # A refusal (or a bug) half-way must leave no buurt, street or address behind.
        db.session.rollback()
        raise
    return report

"""Audit events past their term go, and only through the database's purge function.

The app's login may not DELETE from audit_events (migration 0008). purge_audit_events,
owned by the owner of the tables, removes what is older than a number of months by the
database's own clock and refuses a term under its floor (12 months), whoever calls it.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from ..extensions import db

INVALID_PARAMETER_VALUE = "22023"


class AuditTermTooShort(ValueError):
    """The term would remove audit events the database always keeps; nothing was removed."""


@dataclass(frozen=True)
class AuditPurge:
    """What a purge removed (or would remove): events recorded before CUTOFF."""

    cutoff: datetime
    removed: int


def purge_audit_events(keep_months: int, *, dry_run: bool = False) -> AuditPurge:
    """Remove audit events older than KEEP_MONTHS (or count them, when DRY_RUN); caller commits."""
    try:
        with db.session.begin_nested():
            cutoff, removed = db.session.execute(
                sa.text("SELECT cutoff, removed FROM purge_audit_events(:months, :dry_run)"),
                {"months": keep_months, "dry_run": dry_run}).one()
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == INVALID_PARAMETER_VALUE:
            raise AuditTermTooShort(error.orig.diag.message_primary) from error
        raise
    return AuditPurge(cutoff=cutoff, removed=removed)

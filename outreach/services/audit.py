"""Writing the audit log."""

from ..extensions import db
from ..models import AuditEvent, User


def record_event(action: str, actor: User | None = None, *, subject_type: str | None = None,
                 subject_id: object = None, ip: str | None = None,
                 details: dict | None = None) -> AuditEvent:
    """Add an audit event to the current transaction; the calling use case commits it."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        subject_type=subject_type,
        subject_id=str(subject_id) if subject_id is not None else None,
        ip=ip,
        details=details or {},
    )
    db.session.add(event)
    return event

"""Resident details (name, phone) and notes of a follow-up: who may read them, and the audit
row for each read of the details."""

from dataclasses import dataclass

from ...extensions import db
from ...models import FollowUp, User
from ..audit import record_event
from .actions import may_change


@dataclass(frozen=True)
class ResidentDetails:
    name: str | None
    phone: str | None


def may_read_resident(follow_up: FollowUp, user: User) -> bool:
    """Teamleiders read resident details and notes; a veldwerker only of follow-ups
    assigned to them.

    Coordinators plan streets and never need to know who lives behind a door, nor what
    was written about them. The same people who may work on the follow-up: one rule, so
    the two cannot drift apart.
    """
    return may_change(follow_up, user)


def read_resident(follow_up: FollowUp, user: User, *, ip: str | None = None
                  ) -> ResidentDetails | None:
    """The details for USER (None when they may not), with an audit row for each read."""
    if not may_read_resident(follow_up, user):
        return None
    if not (follow_up.resident_name or follow_up.resident_phone):
        return ResidentDetails(None, None)
    record_event("followup.resident_view", user, subject_type="follow_up",
                 subject_id=follow_up.id, ip=ip)
    db.session.commit()
    return ResidentDetails(follow_up.resident_name, follow_up.resident_phone)

"""What each role's start page shows: a few numbers and today's work."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from ..extensions import db
from ..models import Buurt, Contact, FollowUp, Partner, Round, Street, User, round_workers
from ..models.enums import Role, RoundStatus
from .followups.transitions import OPEN_STATUSES


@dataclass
class Overview:
    figures: dict[str, int] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)


def _count(stmt) -> int:
    return db.session.scalar(stmt) or 0


def overview_for(user: User, today: date) -> Overview:
    """Figures and rounds for USER's start page, scoped to what the role may see."""
    view = Overview()
    if user.role == Role.veldwerker:
        view.rounds = list(db.session.scalars(
            select(Round).join(round_workers)
            .where(round_workers.c.user_id == user.id, Round.date >= today,
                   Round.status != RoundStatus.afgerond)
            .order_by(Round.date).limit(5)))
        view.figures["my_open_follow_ups"] = _count(
            select(func.count()).select_from(FollowUp)
            .where(FollowUp.assignee_id == user.id, FollowUp.status.in_(OPEN_STATUSES)))
        view.figures["my_contacts_30d"] = _count(
            select(func.count()).select_from(Contact)
            .where(Contact.worker_id == user.id,
                   Contact.recorded_at >= func.now() - func.make_interval(0, 0, 0, 30)))
        return view
    if user.role in (Role.coordinator, Role.teamleider):
        view.rounds = list(db.session.scalars(
            select(Round).where(Round.date >= today).order_by(Round.date).limit(5)))
    if user.role in (Role.coordinator, Role.beheerder):
        view.figures["buurten"] = _count(select(func.count()).select_from(Buurt))
        view.figures["streets"] = _count(select(func.count()).select_from(Street))
    if user.role in (Role.teamleider, Role.coordinator):
        view.figures["open_follow_ups"] = _count(
            select(func.count()).select_from(FollowUp).where(FollowUp.status.in_(OPEN_STATUSES)))
        # The same rule as the board: any unfinished case past its date is late, a
        # handover too (the loop with the partner is ours to close).
        view.figures["overdue_follow_ups"] = _count(
            select(func.count()).select_from(FollowUp)
            .where(FollowUp.status.in_(OPEN_STATUSES), FollowUp.due_date < today))
    if user.role == Role.beheerder:
        view.figures["users"] = _count(
            select(func.count()).select_from(User).where(User.active.is_(True)))
        view.figures["partners"] = _count(select(func.count()).select_from(Partner))
    return view

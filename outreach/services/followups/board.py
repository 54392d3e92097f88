"""What the team lead's follow-up board reads: counts, columns, the list, one case, today.

Everything is aggregated in PostgreSQL with one query per block (no query per row), so
the board stays quick with tens of thousands of follow-ups over a million contacts. The
buurt of a follow-up is its contact's buurt (follow_ups.contact_id -> contacts.buurt_id).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from ...clock import TEAM_TIMEZONE
from ...extensions import db
from ...models import (
    Buurt,
    Contact,
    FollowUp,
    FollowUpEvent,
    HelpQuestion,
    Partner,
    PartnerLink,
    Round,
    Street,
    User,
    partner_buurten,
)
from ...models.base import utcnow
from ...models.enums import FollowUpKind, FollowUpStatus
from .actions import ASSIGNABLE_ROLES
from .service_levels import add_working_days, holiday_country
from .transitions import FINAL, OPEN_STATUSES

PAGE_SIZE = 50
PER_COLUMN = 20
# Closed work stays on the board this long; older closed cases are in the list view.
RECENT_DAYS = 30
UPCOMING_WORKING_DAYS = 3
# Filter value for "nobody has it".
UNASSIGNED = 0
SORTS = ("termijn", "leeftijd", "buurt", "medewerker")
BOARD_ORDER = (FollowUpStatus.open, FollowUpStatus.bezig, FollowUpStatus.overgedragen,
               FollowUpStatus.afgerond, FollowUpStatus.niet_bereikbaar,
               FollowUpStatus.geannuleerd)


@dataclass(frozen=True)
class BoardFilter:
    """What the team lead narrowed the board down to."""

    status: FollowUpStatus | None = None
    kind: FollowUpKind | None = None
    assignee_id: int | None = None  # UNASSIGNED: only follow-ups nobody has
    partner_id: int | None = None
    buurt_id: int | None = None
    overdue_only: bool = False
    open_only: bool = False  # every status that still needs work (not final)
    sort: str = "termijn"
    page: int = 1


@dataclass
class Row:
    """One follow-up as the board and the list show it (no resident details)."""

    id: object
    kind: FollowUpKind
    status: FollowUpStatus
    due_date: date | None
    created_at: datetime
    closed_at: datetime | None
    assignee_name: str | None
    partner_name: str | None
    buurt_name: str | None
    street_name: str | None
    age_days: int
    overdue: bool


@dataclass
class Column:
    status: FollowUpStatus
    total: int
    shown_total: int  # for closed columns: closed in the last RECENT_DAYS days
    overdue: int
    rows: list[Row] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.status in FINAL


@dataclass
class Page:
    rows: list[Row]
    total: int
    page: int
    pages: int


def _overdue(today: date):
    return and_(FollowUp.status.in_(OPEN_STATUSES), FollowUp.due_date < today)


def _local_date(column):
    return func.date(func.timezone(TEAM_TIMEZONE.key, column))


def _conditions(flt: BoardFilter, today: date, *, with_status: bool = True) -> list:
    where = []
    if with_status and flt.status is not None:
        where.append(FollowUp.status == flt.status)
    if with_status and flt.open_only:
        where.append(FollowUp.status.in_(OPEN_STATUSES))
    if flt.kind is not None:
        where.append(FollowUp.kind == flt.kind)
    if flt.assignee_id == UNASSIGNED:
        where.append(FollowUp.assignee_id.is_(None))
    elif flt.assignee_id is not None:
        where.append(FollowUp.assignee_id == flt.assignee_id)
    if flt.partner_id is not None:
        where.append(FollowUp.partner_id == flt.partner_id)
    if flt.buurt_id is not None:
        # A semi-join: the planner picks the buurt's contacts by index, then matches.
        where.append(FollowUp.contact_id.in_(
            select(Contact.id).where(Contact.buurt_id == flt.buurt_id)))
    if flt.overdue_only:
        where.append(_overdue(today))
    return where


def _row_columns(today: date):
    return (FollowUp.id, FollowUp.kind, FollowUp.status, FollowUp.due_date,
            FollowUp.created_at, FollowUp.closed_at,
            User.name.label("assignee_name"), Partner.name.label("partner_name"),
            Buurt.name.label("buurt_name"), Street.name.label("street_name"),
            (literal(today) - _local_date(FollowUp.created_at)).label("age_days"),
            case((_overdue(today), True), else_=False).label("overdue"))


def _joined(stmt, source=FollowUp):
    return (stmt.outerjoin(User, User.id == source.assignee_id)
            .outerjoin(Partner, Partner.id == source.partner_id)
            .outerjoin(Contact, Contact.id == source.contact_id)
            .outerjoin(Buurt, Buurt.id == Contact.buurt_id)
            .outerjoin(Street, Street.id == Contact.street_id))


def _rows(result) -> list[Row]:
    return [Row(id=r.id, kind=r.kind, status=r.status, due_date=r.due_date,
                created_at=r.created_at, closed_at=r.closed_at,
                assignee_name=r.assignee_name, partner_name=r.partner_name,
                buurt_name=r.buurt_name, street_name=r.street_name,
                age_days=max(int(r.age_days or 0), 0), overdue=bool(r.overdue))
            for r in result]


def _recent_cutoff(today: date) -> datetime:
    start = datetime.combine(today - timedelta(days=RECENT_DAYS), time.min, TEAM_TIMEZONE)
    return start


def status_counts(flt: BoardFilter, today: date) -> dict[FollowUpStatus, dict]:
    """Per status: how many, how many overdue, and (closed ones) how many closed lately."""
    cutoff = _recent_cutoff(today)
    stmt = (select(FollowUp.status, func.count(),
                   func.count().filter(_overdue(today)),
                   func.count().filter(FollowUp.closed_at >= cutoff))
            .where(*_conditions(flt, today, with_status=False))
            .group_by(FollowUp.status))
    counts = {s: {"total": 0, "overdue": 0, "recent": 0} for s in BOARD_ORDER}
    for status, total, overdue, recent in db.session.execute(stmt):
        counts[status] = {"total": total, "overdue": overdue, "recent": recent}
    return counts


def board_columns(flt: BoardFilter, today: date, per_column: int = PER_COLUMN,
                  counts: dict | None = None) -> list[Column]:
    """One column per status: open work by due date, closed work of the last weeks."""
    counts = counts or status_counts(flt, today)
    cutoff = _recent_cutoff(today)
    final = FollowUp.status.in_(FINAL)
    order = (case((final, None), else_=FollowUp.due_date).asc().nulls_last(),
             FollowUp.closed_at.desc().nulls_last(), FollowUp.created_at, FollowUp.id)
    # Number the rows per status on follow_ups alone; only the top few are then joined.
    ranked = (select(FollowUp.id.label("fid"),
                     func.row_number().over(partition_by=FollowUp.status,
                                            order_by=order).label("rn"))
              .where(*_conditions(flt, today),
                     or_(~final, FollowUp.closed_at >= cutoff))
              .subquery())
    stmt = _joined(select(*_row_columns(today), ranked.c.rn)
                   .select_from(ranked).join(FollowUp, FollowUp.id == ranked.c.fid))
    stmt = stmt.where(ranked.c.rn <= per_column).order_by(FollowUp.status, ranked.c.rn)
    by_status: dict[FollowUpStatus, list[Row]] = {s: [] for s in BOARD_ORDER}
    for row in _rows(db.session.execute(stmt)):
        by_status[row.status].append(row)
    statuses = [flt.status] if flt.status is not None else list(BOARD_ORDER)
    return [Column(status=s, total=counts[s]["total"],
                   shown_total=counts[s]["recent"] if s in FINAL else counts[s]["total"],
                   overdue=counts[s]["overdue"], rows=by_status[s]) for s in statuses]


def _sort_order(sort: str):
    due = FollowUp.due_date.asc().nulls_last()
    if sort == "leeftijd":
        return (FollowUp.created_at.asc(), FollowUp.id)
    if sort == "buurt":
        return (Buurt.name.asc().nulls_last(), due, FollowUp.created_at, FollowUp.id)
    if sort == "medewerker":
        return (User.name.asc().nulls_first(), due, FollowUp.created_at, FollowUp.id)
    return (due, FollowUp.created_at, FollowUp.id)


def list_page(flt: BoardFilter, today: date, page_size: int = PAGE_SIZE) -> Page:
    """One page of the list view, filtered and sorted in SQL."""
    where = _conditions(flt, today)
    total = db.session.scalar(select(func.count()).select_from(FollowUp).where(*where)) or 0
    pages = max(math.ceil(total / page_size), 1)
    page = min(max(flt.page, 1), pages)
    stmt = (_joined(select(*_row_columns(today)).select_from(FollowUp)).where(*where)
            .order_by(*_sort_order(flt.sort)).limit(page_size)
            .offset((page - 1) * page_size))
    return Page(rows=_rows(db.session.execute(stmt)), total=total, page=page, pages=pages)


def worker_counts(flt: BoardFilter, today: date) -> list[dict]:
    """Per assignee (None: nobody): open follow-ups and how many of them are overdue."""
    stmt = (select(FollowUp.assignee_id, User.name, func.count(),
                   func.count().filter(_overdue(today)))
            .select_from(FollowUp).outerjoin(User, User.id == FollowUp.assignee_id)
            .where(FollowUp.status.in_(OPEN_STATUSES), *_conditions(flt, today))
            .group_by(FollowUp.assignee_id, User.name)
            .order_by(func.count().filter(_overdue(today)).desc(), User.name.nulls_first()))
    return [{"id": uid, "name": name, "open": n, "overdue": late}
            for uid, name, n, late in db.session.execute(stmt)]


def partner_counts(flt: BoardFilter, today: date) -> list[dict]:
    """Per partner: handed-over work waiting there, confirmed steps, and closed cases."""
    waiting = FollowUp.status == FollowUpStatus.overgedragen
    stmt = (select(Partner.id, Partner.name, func.count(),
                   func.count().filter(waiting),
                   func.count().filter(and_(waiting, FollowUp.partner_outcome.isnot(None))),
                   func.count().filter(_overdue(today)))
            .select_from(FollowUp).join(Partner, Partner.id == FollowUp.partner_id)
            .where(*_conditions(flt, today))
            .group_by(Partner.id, Partner.name)
            .order_by(func.count().filter(waiting).desc(), Partner.name))
    return [{"id": pid, "name": name, "total": total, "waiting": n, "confirmed": confirmed,
             "overdue": late}
            for pid, name, total, n, confirmed, late in db.session.execute(stmt)]


def filter_choices() -> dict:
    """Who, which partner and which buurt the filters offer."""
    return {
        "assignees": db.session.execute(
            select(User.id, User.name).where(User.role.in_(ASSIGNABLE_ROLES))
            .order_by(User.name)).all(),
        "partners": db.session.execute(
            select(Partner.id, Partner.name).order_by(Partner.name)).all(),
        "buurten": db.session.execute(select(Buurt.id, Buurt.name).order_by(Buurt.name)).all(),
    }


@dataclass
class Board:
    """The board page in one piece: counts, columns or a list page, and the filter choices."""

    counts: dict
    workers: list[dict]
    partners: list[dict]
    columns: list[Column] = field(default_factory=list)
    page: Page | None = None

    @property
    def total(self) -> int:
        return sum(c["total"] for c in self.counts.values())

    @property
    def overdue(self) -> int:
        return sum(c["overdue"] for c in self.counts.values())


def read_board(flt: BoardFilter, today: date, *, as_list: bool) -> Board:
    """Everything the board page shows for FLT: a fixed handful of queries, none per row."""
    board = Board(counts=status_counts(flt, today), workers=worker_counts(flt, today),
                  partners=partner_counts(flt, today))
    if as_list:
        board.page = list_page(flt, today)
    else:
        board.columns = board_columns(flt, today, counts=board.counts)
    return board


# --- one follow-up -------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """A help question as the detail page shows it (the note only for who may read it)."""

    category: object
    urgency: object
    note: str | None


@dataclass
class Context:
    """Everything the detail page shows about one follow-up, except resident details.

    Free text (the notes at the door, of the follow-up and its history, the handover
    agreement) is None unless the reader may work on the follow-up: a coordinator sees
    categories, statuses and dates, never what was written about a resident.
    """

    follow_up: FollowUp
    street: str | None
    house_number: str | None
    buurt: Buurt | None
    round: Round | None
    recorded_at: datetime | None
    contact_note: str | None
    help_questions: list[Question]
    events: list[dict]
    live_links: list[PartnerLink]
    age_days: int
    overdue: bool
    follow_up_note: str | None = None
    handover_agreement: str | None = None
    with_notes: bool = False

    @property
    def closed(self) -> bool:
        """Afgerond or geannuleerd: only a reopening changes it."""
        return self.follow_up.status in FINAL


def follow_up_context(follow_up: FollowUp, today: date, *, with_notes: bool = False
                      ) -> Context:
    """The context of FOLLOW_UP: where, when, which questions, and what happened since;
    free-text notes and the house number only WITH_NOTES (services.followups.resident)."""
    contact = follow_up.contact
    street = buurt = round_ = None
    questions: list[Question] = []
    if contact is not None:
        street = db.session.get(Street, contact.street_id) if contact.street_id else None
        buurt = db.session.get(Buurt, contact.buurt_id)
        round_ = db.session.get(Round, contact.round_id) if contact.round_id else None
        questions = [Question(q.category, q.urgency, q.note if with_notes else None)
                     for q in db.session.scalars(
                         select(HelpQuestion).where(HelpQuestion.contact_id == contact.id)
                         .order_by(case({"hoog": 0, "normaal": 1}, value=HelpQuestion.urgency,
                                        else_=2), HelpQuestion.category))]
    actor = aliased(User)
    events = [{"at": e.at, "actor": name, "action": e.action, "from": e.from_status,
               "to": e.to_status, "note": e.note if with_notes else None,
               "details": e.details or {}}
              for e, name in db.session.execute(
                  select(FollowUpEvent, actor.name)
                  .outerjoin(actor, actor.id == FollowUpEvent.actor_id)
                  .where(FollowUpEvent.follow_up_id == follow_up.id)
                  .order_by(FollowUpEvent.at.desc(), FollowUpEvent.id.desc()))]
    links = list(db.session.scalars(
        select(PartnerLink).where(PartnerLink.follow_up_id == follow_up.id,
                                  PartnerLink.revoked_at.is_(None),
                                  PartnerLink.expires_at > utcnow())
        .order_by(PartnerLink.created_at.desc())))
    number = None
    if with_notes and contact is not None and contact.house_number:
        number = f"{contact.house_number}{contact.house_suffix or ''}"
    created = follow_up.created_at.astimezone(TEAM_TIMEZONE).date()
    return Context(
        follow_up=follow_up, street=street.name if street else None, house_number=number,
        buurt=buurt, round=round_, recorded_at=contact.recorded_at if contact else None,
        contact_note=contact.note if contact is not None and with_notes else None,
        help_questions=questions, events=events, live_links=links,
        age_days=max((today - created).days, 0),
        overdue=(follow_up.status in OPEN_STATUSES and follow_up.due_date is not None
                 and follow_up.due_date < today),
        follow_up_note=follow_up.note if with_notes else None,
        handover_agreement=follow_up.handover_agreement if with_notes else None,
        with_notes=with_notes)


def assignee_choices() -> list[tuple[int, str, str]]:
    """Active veldwerkers and teamleiders a follow-up can go to: (id, name, role)."""
    return [(uid, name, role.value) for uid, name, role in db.session.execute(
        select(User.id, User.name, User.role)
        .where(User.active.is_(True), User.role.in_(ASSIGNABLE_ROLES))
        .order_by(User.role.desc(), User.name))]


def partner_choices(buurt_id: int | None) -> tuple[list, list]:
    """Active partners: (those serving BUURT_ID, the others), each as (id, name)."""
    serving = (select(partner_buurten.c.partner_id)
               .where(partner_buurten.c.buurt_id == buurt_id)) if buurt_id else None
    rows = db.session.execute(
        select(Partner.id, Partner.name,
               Partner.id.in_(serving) if serving is not None else literal(False))
        .where(Partner.active.is_(True)).order_by(Partner.name)).all()
    return ([(pid, name) for pid, name, near in rows if near],
            [(pid, name) for pid, name, near in rows if not near])


# --- today ---------------------------------------------------------------------------------

@dataclass
class Today:
    today: date
    until: date
    since: datetime
    overdue_by_worker: list[dict]
    overdue_by_buurt: list[dict]
    due_soon: list[Row]
    new: list[Row]
    new_total: int
    confirmations: list[dict]
    unassigned: list[Row]
    unassigned_total: int


TODAY_LIMIT = 50


def today_overview(today: date) -> Today:
    """The team lead's morning: what is late, due soon, new, confirmed and unassigned."""
    until = add_working_days(today, UPCOMING_WORKING_DAYS, holiday_country())
    since = datetime.combine(today - timedelta(days=1), time.min, TEAM_TIMEZONE)
    late = _overdue(today)
    by_worker = [{"id": uid, "name": name, "count": n} for uid, name, n in db.session.execute(
        select(FollowUp.assignee_id, User.name, func.count()).select_from(FollowUp)
        .outerjoin(User, User.id == FollowUp.assignee_id).where(late)
        .group_by(FollowUp.assignee_id, User.name)
        .order_by(func.count().desc(), User.name.nulls_first()))]
    by_buurt = [{"id": bid, "name": name, "count": n} for bid, name, n in db.session.execute(
        select(Buurt.id, Buurt.name, func.count()).select_from(FollowUp)
        .join(Contact, Contact.id == FollowUp.contact_id)
        .join(Buurt, Buurt.id == Contact.buurt_id).where(late)
        .group_by(Buurt.id, Buurt.name).order_by(func.count().desc(), Buurt.name))]
    rows = select(*_row_columns(today)).select_from(FollowUp)
    due_soon = _rows(db.session.execute(
        _joined(rows).where(FollowUp.status.in_(OPEN_STATUSES),
                            FollowUp.due_date.between(today, until))
        .order_by(FollowUp.due_date, FollowUp.created_at).limit(TODAY_LIMIT)))
    new_where = FollowUp.created_at >= since
    new = _rows(db.session.execute(_joined(rows).where(new_where)
                                   .order_by(FollowUp.created_at.desc()).limit(TODAY_LIMIT)))
    unassigned_where = and_(FollowUp.status.in_(OPEN_STATUSES), FollowUp.assignee_id.is_(None))
    unassigned = _rows(db.session.execute(
        _joined(rows).where(unassigned_where)
        .order_by(FollowUp.due_date.asc().nulls_last(), FollowUp.created_at)
        .limit(TODAY_LIMIT)))
    totals = db.session.execute(select(func.count().filter(new_where),
                                       func.count().filter(unassigned_where))
                                .select_from(FollowUp)).one()
    confirmations = [{"follow_up_id": fid, "at": at, "outcome": (details or {}).get("outcome"),
                      "partner": partner, "kind": kind, "status": status}
                     for fid, at, details, partner, kind, status in db.session.execute(
                         select(FollowUpEvent.follow_up_id, FollowUpEvent.at,
                                FollowUpEvent.details, Partner.name, FollowUp.kind,
                                FollowUp.status)
                         .join(FollowUp, FollowUp.id == FollowUpEvent.follow_up_id)
                         .outerjoin(Partner, Partner.id == FollowUp.partner_id)
                         .where(FollowUpEvent.action == "partner_confirmed",
                                FollowUpEvent.at >= since)
                         .order_by(FollowUpEvent.at.desc()).limit(TODAY_LIMIT))]
    return Today(today=today, until=until, since=since, overdue_by_worker=by_worker,
                 overdue_by_buurt=by_buurt, due_soon=due_soon, new=new, new_total=totals[0],
                 confirmations=confirmations, unassigned=unassigned,
                 unassigned_total=totals[1])

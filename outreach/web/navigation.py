"""Where each role works: the menu and the start page's task list, from one table."""

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, request, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..clock import TEAM_TIMEZONE
from ..maps.labels import ROLE_LABELS, ROUND_KIND_LABELS
from ..models.enums import Role, RoundKind


@dataclass(frozen=True)
class Task:
    endpoint: str
    label: str
    description: str
    roles: frozenset


# Pages of later capabilities are listed too: the start page shows them as coming,
# so each role sees its whole job from day one.
TASKS = (
    Task("veld.index", _l("Veld-app"), _l("Deuren en gesprekken loggen, ook offline."),
         frozenset({Role.veldwerker})),
    Task("plan.index", _l("Kaart en planning"), _l("Dekking, hotspots en routes per buurt."),
         frozenset({Role.coordinator})),
    Task("rounds.index", _l("Rondes"), _l("Rondes plannen, toewijzen en looplijsten printen."),
         frozenset({Role.coordinator})),
    Task("followups.board", _l("Opvolging"), _l("Terugbellen, overdrachten en wat te laat is."),
         frozenset({Role.teamleider, Role.coordinator})),
    Task("reports.index", _l("Rapportage"), _l("Wat de rondes opleverden, per buurt."),
         frozenset({Role.teamleider})),
    Task("admin.user_list", _l("Gebruikers"), _l("Accounts en rollen."),
         frozenset({Role.beheerder})),
    Task("partners.index", _l("Partners"),
         _l("Organisaties voor warme overdracht: contact, buurten, openingstijden."),
         frozenset({Role.beheerder})),
    Task("admin.import_data", _l("Gegevens importeren"),
         _l("Buurten, straten en adressen uit GeoJSON."), frozenset({Role.beheerder})),
    Task("residents.index", _l("Rechten van bewoners"),
         _l("Inzien, meegeven en wissen wat over een bewoner is vastgelegd."),
         frozenset({Role.beheerder})),
    Task("audit.index", _l("Auditlog"), _l("Wie deed wat: inloggen, inzage, exports, wijzigingen."),
         frozenset({Role.beheerder})),
)



def _url(endpoint: str) -> str | None:
    return url_for(endpoint) if endpoint in current_app.view_functions else None


def role_tasks() -> list[dict]:
    """The current user's tasks, each with a URL when that page exists."""
    return [
        {"label": t.label, "description": t.description, "url": _url(t.endpoint)}
        for t in TASKS if current_user.role in t.roles
    ]


def nav_items() -> list[dict]:
    """Menu entries for pages that exist and the current user may open."""
    items = []
    for task in TASKS:
        url = _url(task.endpoint) if current_user.role in task.roles else None
        if url:
            items.append({"label": task.label, "url": url,
                          "active": request.endpoint == task.endpoint})
    return items


def round_kind_label(kind: RoundKind) -> str:
    return str(ROUND_KIND_LABELS.get(kind, kind))


def role_label(role: Role) -> str:
    return str(ROLE_LABELS.get(role, role))


def local_datetime(value) -> str:
    """A moment (datetime or ISO 8601 text) as the team reads it: Dutch local time."""
    if not value:
        return "–"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return format_datetime(value, "d MMM yyyy HH:mm")


def _day(value) -> date | str | None:
    """VALUE as a Dutch calendar day: a moment is taken in the team's time zone first."""
    if not value:
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.astimezone(TEAM_TIMEZONE).date() if value.tzinfo else value.date()
    return value


# Every day shown carries its year: a date may lie outside this year (an overdue
# follow-up of 2020 read as "1 jan" looks like last week), and pages get printed.
def local_day(value) -> str:
    """A day (date, moment or ISO 8601 text) as the team reads it: '24 nov 2026'."""
    day = _day(value)
    if day is None:
        return "–"
    return day if isinstance(day, str) else format_date(day, "d MMM yyyy")


def long_day(value) -> str:
    """A day written out, with its year: 'dinsdag 24 november 2026'."""
    day = _day(value)
    if day is None:
        return "–"
    return day if isinstance(day, str) else format_date(day, "EEEE d MMMM yyyy")


def register_template_helpers(app) -> None:
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["local_day"] = local_day
    app.jinja_env.filters["long_day"] = long_day
    app.jinja_env.globals.update(nav_items=nav_items, role_tasks=role_tasks,
                                 round_kind_label=round_kind_label, role_label=role_label,
                                 get_locale=lambda: str(get_locale()))

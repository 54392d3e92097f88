"""Which status a follow-up may move to, in one table.

`afgerond` and `geannuleerd` are final: only a teamleider reopens them (to `open` or
`bezig`), so a closed case cannot silently come back from a phone or a partner link.
"""

from ...models.enums import FollowUpStatus as S
from ...models.enums import Role
from ..errors import Invalid

FINAL = frozenset({S.afgerond, S.geannuleerd})
OPEN_STATUSES = frozenset({S.open, S.bezig, S.overgedragen, S.niet_bereikbaar})

TRANSITIONS: dict[S, frozenset[S]] = {
    S.open: frozenset({S.bezig, S.overgedragen, S.afgerond, S.niet_bereikbaar,
                       S.geannuleerd}),
    S.bezig: frozenset({S.open, S.overgedragen, S.afgerond, S.niet_bereikbaar,
                        S.geannuleerd}),
    # A partner that could not help hands it back (bezig); a case can still close here.
    S.overgedragen: frozenset({S.bezig, S.afgerond, S.niet_bereikbaar, S.geannuleerd}),
    # Unreachable is not the end: a later round may find the resident at home.
    S.niet_bereikbaar: frozenset({S.open, S.bezig, S.afgerond, S.geannuleerd}),
    S.afgerond: frozenset(),
    S.geannuleerd: frozenset(),
}

# Reopening a final follow-up: who may, and to which status.
REOPEN_ROLES = frozenset({Role.teamleider})
REOPEN_TO = frozenset({S.open, S.bezig})
# What a veldwerker sets on their own follow-ups (the phone offers exactly these);
# handing over, cancelling and putting back to open are the team lead's.
WORKER_TARGETS = (S.bezig, S.afgerond, S.niet_bereikbaar)
# Reached only through the handover, with its partner and checklist, never as a bare status.
HANDOVER_ONLY = frozenset({S.overgedragen})

STATUS_LABELS = {
    S.open: "open", S.bezig: "bezig", S.overgedragen: "overgedragen",
    S.afgerond: "afgerond", S.niet_bereikbaar: "niet bereikbaar",
    S.geannuleerd: "geannuleerd",
}


def allowed_targets(current: S, role: Role) -> frozenset[S]:
    """The statuses a user in ROLE may set on a follow-up in CURRENT (status change)."""
    if current in FINAL:
        return REOPEN_TO if role in REOPEN_ROLES else frozenset()
    targets = TRANSITIONS[current] - HANDOVER_ONLY
    return targets if role in REOPEN_ROLES else targets & frozenset(WORKER_TARGETS)


def check_handover(current: S) -> None:
    """Raise Invalid when a follow-up in CURRENT cannot be handed over to a partner."""
    if current != S.overgedragen and S.overgedragen not in TRANSITIONS[current]:
        message = f"Een {STATUS_LABELS[current]} opvolging draag je niet over; heropen hem eerst."
        raise Invalid(message, {"partner_id": [message]})


def check_transition(current: S, target: S, role: Role) -> None:
    """Raise Invalid with a message a user understands when CURRENT -> TARGET is not allowed."""
    if target == current:
        raise Invalid(f"De opvolging staat al op '{STATUS_LABELS[target]}'.",
                      {"status": ["Kies een andere status."]})
    if target in allowed_targets(current, role):
        return
    if target in HANDOVER_ONLY:
        message = "Overdragen gaat via 'Overdragen aan partner', met partner en checklist."
    elif current not in FINAL and target in TRANSITIONS[current]:
        message = f"Alleen een teamleider zet een opvolging op '{STATUS_LABELS[target]}'."
    elif current in FINAL:
        if role in REOPEN_ROLES:
            message = (f"Een {STATUS_LABELS[current]} opvolging kan alleen terug naar "
                       "'open' of 'bezig'.")
        else:
            message = (f"Deze opvolging is {STATUS_LABELS[current]}; alleen een teamleider "
                       "kan hem heropenen.")
    else:
        message = (f"Van '{STATUS_LABELS[current]}' naar '{STATUS_LABELS[target]}' kan niet.")
    raise Invalid(message, {"status": [message]})

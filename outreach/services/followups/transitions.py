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

STATUS_LABELS = {
    S.open: "open", S.bezig: "bezig", S.overgedragen: "overgedragen",
    S.afgerond: "afgerond", S.niet_bereikbaar: "niet bereikbaar",
    S.geannuleerd: "geannuleerd",
}


def allowed_targets(current: S, role: Role) -> frozenset[S]:
    """The statuses a user in ROLE may move a follow-up in CURRENT to."""
    if current in FINAL:
        return REOPEN_TO if role in REOPEN_ROLES else frozenset()
    return TRANSITIONS[current]


def check_transition(current: S, target: S, role: Role) -> None:
    """Raise Invalid with a message a user understands when CURRENT -> TARGET is not allowed."""
    if target == current:
        raise Invalid(f"De opvolging staat al op '{STATUS_LABELS[target]}'.",
                      {"status": ["Kies een andere status."]})
    if target in allowed_targets(current, role):
        return
    if current in FINAL:
        if role in REOPEN_ROLES:
            message = (f"Een {STATUS_LABELS[current]} opvolging kan alleen terug naar "
                       "'open' of 'bezig'.")
        else:
            message = (f"Deze opvolging is {STATUS_LABELS[current]}; alleen een teamleider "
                       "kan hem heropenen.")
    else:
        message = (f"Van '{STATUS_LABELS[current]}' naar '{STATUS_LABELS[target]}' kan niet.")
    raise Invalid(message, {"status": [message]})

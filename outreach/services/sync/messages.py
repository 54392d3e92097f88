"""What a worker reads when the server refuses an item for a reason only the server knows."""


def N_(message: str) -> str:  # noqa: N802  (the name pybabel extracts by default)
    """Mark MESSAGE for translation; the API translates it when it answers."""
    return message


UNKNOWN_ROUND = N_("Deze ronde bestaat niet of je bent er niet voor ingedeeld.")
UNKNOWN_STREET = N_("Deze straat bestaat niet (meer). Kies de straat opnieuw.")
UNKNOWN_PARTNER = N_("Deze partner bestaat niet (meer). Kies een andere partner.")
FOLLOW_UP_TAKEN = N_("Deze opvolging hoort al bij een ander contact.")
NOWHERE = N_("We weten niet waar dit contact was: kies een straat of zet locatie aan.")
# The database refused the item for a reason the checks before it did not foresee.
NOT_STORED = N_("De server kon dit record niet opslaan. Pas het aan en verstuur het opnieuw; "
                "lukt dat niet, meld het dan aan je coördinator.")

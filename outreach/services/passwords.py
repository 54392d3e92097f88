"""Password rules: long enough, not a common password, not easy to guess.

The common-password list and the guessability score come from zxcvbn (Dropbox's
estimator, packaged as `zxcvbn` on PyPI): its 30,000 most used passwords are always
refused, and so is anything it scores below 3 of 4 ("safely unguessable: moderate
protection from offline slow-hash scenario"), which also catches keyboard runs,
repeats, dates and l33t spellings of common words.
"""

import re

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MIN_SCORE = 3
# zxcvbn refuses longer input; a longer password is scored on its first 72 characters.
_SCORED_LENGTH = 72
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])
# Words anyone guessing a Buurtronde password tries first (zxcvbn knows English only).
_LOCAL_WORDS = ("buurtronde", "buurt", "ronde", "wachtwoord", "welkom", "geheim", "wijkteam")


def password_problems(password: str, *, related: tuple[str, ...] = ()) -> list[str]:
    """Dutch messages saying why PASSWORD is refused; empty when it is good enough.

    RELATED are words about the account (e-mail, name) that make a password guessable.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return [f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens."]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [f"Een wachtwoord heeft hoogstens {MAX_PASSWORD_LENGTH} tekens."]
    if password.lower() in _COMMON:
        return ["Dit wachtwoord staat in de lijst met veelgebruikte wachtwoorden; "
                "kies een ander."]
    words = []
    for text in related:
        parts = [w for w in re.split(r"[\W_]+", text.lower().split("@")[0]) if w]
        words += [*(w for w in parts if len(w) >= 3), "".join(parts)]
    result = zxcvbn(password[:_SCORED_LENGTH], user_inputs=[*_LOCAL_WORDS, *words])
    if result["score"] < MIN_SCORE:
        return ["Dit wachtwoord is te makkelijk te raden. Maak het langer, bijvoorbeeld "
                "met een paar losse woorden die niet over jou of Buurtronde gaan."]
    return []

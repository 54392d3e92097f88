"""Password rules: long enough, not a common password, not easy to guess.

The common-password list and the guessability estimate come from zxcvbn (Dropbox's
estimator, packaged as `zxcvbn` on PyPI): its 30,000 most used passwords are always
refused, and so is anything it scores below 3 of 4 ("safely unguessable: moderate
protection from offline slow-hash scenario", at least 10^8 guesses), which also catches
keyboard runs, repeats, dates and l33t spellings of common words.

zxcvbn knows English words only and scores an appended year or "!!" as random
characters, so `Welkom2026!!` passed. Two additions close that:
- its dictionaries also hold Dutch password words (services.password_words), the
  installation's own place names (gemeente, wijk and buurt names from the database)
  and the account's own name and e-mail parts;
- a second estimate counts what a guesser's word list plus mangling rules (a year,
  a few digits, a repeated punctuation mark) needs: the guesses of each word times
  the few choices of each decoration. Below 10^8 the password is refused, with a
  message saying why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from zxcvbn import matching, scoring
from zxcvbn.frequency_lists import FREQUENCY_LISTS
from zxcvbn.time_estimates import guesses_to_score

from ..extensions import db
from ..models import Buurt
from .password_words import DUTCH_PASSWORD_WORDS

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MIN_SCORE = 3
# What MIN_SCORE means in guesses; the decorated-words estimate uses the same bar.
MIN_GUESSES = 10**8
# zxcvbn's matching is quadratic in the length; a longer password is scored on its start.
_SCORED_LENGTH = 72
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])
# Words of this app a guesser tries first (also in the Dutch list; here at rank 1).
_LOCAL_WORDS = ("buurtronde", "buurt", "ronde", "wachtwoord", "welkom", "geheim", "wijkteam")
# zxcvbn's dictionaries plus the Dutch one; built once, never changed afterwards (each
# check adds its own user inputs to a copy, so threads do not see each other's words).
_DICTIONARIES = {
    **{name: matching.build_ranked_dict(words) for name, words in FREQUENCY_LISTS.items()},
    "dutch": matching.build_ranked_dict(DUTCH_PASSWORD_WORDS),
}
# zxcvbn (2017) recognises years up to 2019 only.
_LATER_YEAR = re.compile(r"20[2-9]\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD_PARTS = re.compile(r"[^\W\d_]+|[\W\d_]+")
# l33t inside a word (W3lk0m): read as the letter it stands for.
_INNER_L33T = re.compile(r"(?<=[^\W\d_])[4@3105$7+!]+(?=[^\W\d_])")
_L33T = str.maketrans({"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o",
                       "5": "s", "$": "s", "7": "t", "+": "t"})
# Printable ASCII punctuation and space: the choices for one decoration character.
_SYMBOLS = 33
# Years a guesser appends: 1900-2099.
_YEARS = 200


def account_words(*texts: str) -> list[str]:
    """Words about an account (its e-mail's name part, its holder's name) a guesser tries."""
    words: list[str] = []
    for text in texts:
        parts = _LETTERS.findall((text or "").lower().split("@")[0])
        words += [*(w for w in parts if len(w) >= 3), "".join(parts)]
    return [w for w in words if w]


def installation_place_names() -> list[str]:
    """The gemeente, wijk and buurt names of this installation, whole and word by word."""
    names: list[str] = []
    for column in (Buurt.gemeente_name, Buurt.wijk_name, Buurt.name):
        names += db.session.scalars(select(column).where(column.is_not(None)).distinct())
    words: list[str] = []
    for name in names:
        parts = _LETTERS.findall(name.lower())
        words += ["".join(parts), *(p for p in parts if len(p) >= 3)]
    return list(dict.fromkeys(w for w in words if w))


def _matches(text: str, dictionaries: dict) -> list[dict]:
    matches = matching.omnimatch(text, dictionaries)
    matches += [{"pattern": "regex", "token": m.group(0), "i": m.start(), "j": m.end() - 1,
                 "regex_name": "recent_year", "regex_match": m}
                for m in _LATER_YEAR.finditer(text)]
    return sorted(matches, key=lambda m: (m["i"], m["j"]))


def _guesses(text: str, dictionaries: dict, *, additive: bool = True) -> float:
    """zxcvbn's estimate of the guesses TEXT needs.

    Without ADDITIVE, words glued together (ZomerWinter) cost the product of their
    ranks, as for a guesser combining list words, not zxcvbn's extra 10^4 per word.
    """
    matches = _matches(text, dictionaries)
    return float(scoring.most_guessable_match_sequence(
        text, matches, _exclude_additive=not additive)["guesses"])


def _decoration_guesses(part: str) -> float:
    """Guesses for digits and punctuation between or around words, as mangling rules try."""
    guesses = 1.0
    for chunk in re.findall(r"\d+|\D+", part):
        if chunk.isdigit():
            guesses *= _YEARS if len(chunk) == 4 and 1900 <= int(chunk) <= 2099 \
                else 10 ** len(chunk)
        elif len(set(chunk)) == 1:  # "!", "!!", "..."
            guesses *= _SYMBOLS * len(chunk)
        else:
            guesses *= _SYMBOLS ** len(chunk)
    return guesses


def _decorated_words_guesses(password: str, dictionaries: dict) -> float:
    """Guesses when each run of letters is a guess from word lists, the rest decoration.

    W3lk0m is read both ways (l33t for welkom, or letters around digits) and the
    cheaper reading counts: a guesser tries both.
    """
    readings = {password, _INNER_L33T.sub(lambda m: m.group().translate(_L33T), password)}
    cheapest = float("inf")
    for text in readings:
        guesses = 1.0
        for part in _WORD_PARTS.findall(text):
            guesses *= _guesses(part, dictionaries, additive=False) if part[0].isalpha() \
                else _decoration_guesses(part)
        cheapest = min(cheapest, guesses)
    return cheapest


def password_problems(password: str, *, related: Iterable[str] = (),
                      places: Iterable[str] = ()) -> list[str]:
    """Dutch messages saying why PASSWORD is refused; empty when it is good enough.

    RELATED are texts about the account (e-mail, name), PLACES the installation's place
    names (installation_place_names()): both make a password guessable.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return [_("Een wachtwoord heeft minstens %(n)s tekens.", n=MIN_PASSWORD_LENGTH)]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [_("Een wachtwoord heeft hoogstens %(n)s tekens.", n=MAX_PASSWORD_LENGTH)]
    if password.lower() in _COMMON:
        return [_("Dit wachtwoord staat in de lijst met veelgebruikte wachtwoorden; "
                  "kies een ander.")]
    own = [*account_words(*related), *_LOCAL_WORDS]
    dictionaries = {**_DICTIONARIES, "user_inputs": matching.build_ranked_dict(own),
                    "places": matching.build_ranked_dict([w.lower() for w in places])}
    scored = password[:_SCORED_LENGTH]
    if _decorated_words_guesses(scored, dictionaries) < MIN_GUESSES:
        return [_("Dit wachtwoord bestaat uit bekende woorden (zoals een seizoen, een "
                  "maand, een plaats- of buurtnaam of je eigen naam), hooguit met wat "
                  "cijfers of leestekens erbij. Zulke wachtwoorden worden als eerste "
                  "geprobeerd. Kies een paar losse woorden die niets met jou, je werk of "
                  "de buurt te maken hebben.")]
    if guesses_to_score(_guesses(scored, dictionaries)) < MIN_SCORE:
        return [_("Dit wachtwoord is te makkelijk te raden. Maak het langer, bijvoorbeeld "
                  "met een paar losse woorden die niet over jou of Buurtronde gaan.")]
    return []

"""Reading numbers and text that users and URLs send."""

import unicodedata

# Database ids are 32-bit integers: ten digits could already overflow the column.
MAX_ID_DIGITS = 9


def parse_id(text: str | None) -> int | None:
    """TEXT as a database id, or None when it is not one.

    `str.isdigit()` is not enough: it says yes to '²' and Arabic-Indic digits, which int()
    then refuses or reads as a number nobody typed, and to ids too long for the column.
    """
    text = (text or "").strip()
    if text.isascii() and text.isdecimal() and len(text) <= MAX_ID_DIGITS:
        return int(text)
    return None


def is_clean_text(text: str) -> bool:
    """True when TEXT holds no NUL, lone surrogate or other control character (tab, CR
    and newline are whitespace and allowed).

    PostgreSQL refuses NUL in text and psycopg cannot encode a lone surrogate: either
    would turn a search or a filter into a 500 instead of a message next to the field.
    """
    return not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r"
                   for ch in text)

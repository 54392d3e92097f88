"""Reading numbers that users and URLs send as text."""

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

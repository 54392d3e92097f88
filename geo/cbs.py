"""CBS key figures ("Kerncijfers wijken en buurten") as they come in buurt files."""

import math
from collections.abc import Iterable


def is_secret_code(value: object) -> bool:
    """True for CBS's markers for secret or unknown figures: -99995 ... -99999, -99999990 ... ."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if not math.isfinite(value) or value != int(value):
        return False
    # CBS uses -9999x in the current kerncijfers and -9999999x in older wijk- en buurtkaarten.
    # No real figure (counts, percentages, km, euros) comes anywhere near these values.
    number = int(value)
    return -99999 <= number <= -99990 or -99_999_999 <= number <= -99_999_990


def clean_figure(value: object) -> int | float | None:
    """A key figure as stored: the number itself, or None for a CBS secret code or a non-number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value) or is_secret_code(value):
        return None
    return value


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def figure_fields(rows: Iterable[dict], exclude: Iterable[str] = ()) -> set[str]:
    """Properties holding a number in at least one row: the key figures of a file."""
    skip = set(exclude)
    # Text (names, postcodes such as "3743", "NEE") is not a figure; a property that is null
    # everywhere (e.g. an empty document number) is not one either.
    return {name for row in rows for name, value in row.items()
            if name not in skip and _is_number(value)}


def key_figures(properties: dict, fields: Iterable[str]) -> dict:
    """The FIELDS of one row, CBS secret codes and missing values as None."""
    return {name: clean_figure(properties.get(name)) for name in sorted(fields)}

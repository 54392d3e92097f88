"""Recognising the property names that CBS, PDOK, OSM, NWB and BAG exports use."""

from collections.abc import Iterable

from .errors import MissingField

# Buurt properties in order of preference: CBS downloads (BU_CODE), PDOK WFS (buurtcode),
# CBS gebiedsindelingen (statcode) and lower-case re-exports of each.
BUURT_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("BU_CODE", "buurtcode", "statcode"),
    "name": ("BU_NAAM", "buurtnaam", "statnaam"),
    "wijk_code": ("WK_CODE", "wijkcode"),
    "wijk_name": ("WK_NAAM", "wijknaam"),
    "gemeente_code": ("GM_CODE", "gemeentecode"),
    "gemeente_name": ("GM_NAAM", "gemeentenaam"),
}

STREET_NAME_FIELDS = ("name", "STT_NAAM", "straatnaam")
STREET_ID_FIELDS = ("osm_id", "@id", "WVK_ID", "id")

_SHOWN_FIELDS = 20


def find_field(available: Iterable[str], candidates: Iterable[str]) -> str | None:
    """The first candidate present in AVAILABLE, exact spelling first, then ignoring case."""
    available = list(available)
    present = set(available)
    by_lower = {}
    for name in available:
        by_lower.setdefault(name.lower(), name)
    for candidate in candidates:
        if candidate in present:
            return candidate
        if candidate.lower() in by_lower:
            return by_lower[candidate.lower()]
    return None


def _listing(available: list[str]) -> str:
    shown = ", ".join(available[:_SHOWN_FIELDS])
    more = len(available) - _SHOWN_FIELDS
    return shown + (f" (en nog {more})" if more > 0 else "") if available else "(geen)"


def _given(available: list[str], given: str, what: str) -> str:
    found = find_field(available, [given])
    if found is None:
        raise MissingField(
            f"Het opgegeven veld voor de {what} '{given}' komt in geen enkele feature voor. "
            f"Velden in het bestand: {_listing(available)}."
        )
    return found


def resolve_buurt_fields(available: Iterable[str], code_field: str | None = None,
                         name_field: str | None = None) -> dict[str, str | None]:
    """Map code, name, wijk_* and gemeente_* to property names; raise MissingField for the code."""
    available = sorted(available)
    fields = {role: find_field(available, names) for role, names in BUURT_FIELDS.items()}
    if code_field:
        fields["code"] = _given(available, code_field, "buurtcode")
    if name_field:
        fields["name"] = _given(available, name_field, "buurtnaam")
    if fields["code"] is None:
        wanted = ", ".join(BUURT_FIELDS["code"])
        raise MissingField(
            f"Geen veld met de buurtcode gevonden (gezocht naar {wanted}, ook in kleine letters). "
            f"Velden in het bestand: {_listing(available)}. Geef het veld op met --code-field "
            f"(op de beheerpagina: 'Veld met de buurtcode')."
        )
    return fields


def text_value(properties: dict, field: str | None) -> str | None:
    """The property as trimmed text with runs of spaces collapsed; None when absent or blank."""
    if field is None:
        return None
    value = properties.get(field)
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = " ".join(str(value).split())
    return text or None


def first_text(properties: dict, candidates: Iterable[str]) -> str | None:
    """text_value of the first candidate field (see find_field) that has a value here."""
    for candidate in candidates:
        value = text_value(properties, find_field(properties, [candidate]))
        if value is not None:
            return value
    return None

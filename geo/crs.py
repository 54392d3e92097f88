"""Which coordinate reference system a file is in, and whether its coordinates fit it."""

import re
from dataclasses import dataclass

from .errors import OutOfRange, UnsupportedCRS

WGS84 = 4326
RD_NEW = 28992
NAMES = {WGS84: "WGS84", RD_NEW: "RD New"}

# Area where each CRS makes sense, as (minx, miny, maxx, maxy) in its own units.
# RD New: EPSG's projected bounds of the Netherlands, with a few km to spare.
BOUNDS = {
    WGS84: (-180.0, -90.0, 180.0, 90.0),
    RD_NEW: (-10_000.0, 280_000.0, 310_000.0, 640_000.0),
}

_EPSG_PATTERNS = [
    re.compile(r"^(?:EPSG:)?(\d+)$", re.IGNORECASE),
    re.compile(r"^urn:ogc:def:crs:EPSG:[\d.]*:(\d+)$", re.IGNORECASE),
    re.compile(r"^https?://www\.opengis\.net/def/crs/EPSG/[\d.]+/(\d+)$", re.IGNORECASE),
]
# OGC's CRS84 is WGS84 in lon/lat order, which is what GeoJSON means by WGS84 anyway.
_CRS84 = re.compile(
    r"^(?:(?:OGC:)?CRS84|urn:ogc:def:crs:OGC:[\d.]*:CRS84"
    r"|https?://www\.opengis\.net/def/crs/OGC/[\d.]+/CRS84)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CrsChoice:
    """The SRID to read a file in, and where that knowledge came from (for messages)."""

    srid: int
    source: str


def label(srid: int) -> str:
    """'EPSG:28992 (RD New)' for messages."""
    name = NAMES.get(srid)
    return f"EPSG:{srid} ({name})" if name else f"EPSG:{srid}"


def _supported(srid: int, written: str) -> int:
    if srid not in NAMES:
        raise UnsupportedCRS(
            f"Coördinatenstelsel {written} wordt niet ondersteund. Gebruik EPSG:4326 (WGS84) "
            f"of EPSG:28992 (RD New), of zet het bestand eerst om naar een van die twee."
        )
    return srid


def parse_srid(value: object) -> int | None:
    """Read an SRID written as 28992, "28992", "EPSG:28992", a URN or CRS84; None stays None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise UnsupportedCRS(f"'{value}' is geen EPSG-code.")
    if isinstance(value, int):
        return _supported(value, f"EPSG:{value}")
    text = str(value).strip()
    if _CRS84.match(text):
        return WGS84
    for pattern in _EPSG_PATTERNS:
        match = pattern.match(text)
        if match:
            return _supported(int(match.group(1)), f"EPSG:{text}" if text.isdigit() else text)
    raise UnsupportedCRS(
        f"Onbekend coördinatenstelsel '{text}'. Verwacht een EPSG-code zoals 4326 of 28992 "
        f"(ook als 'EPSG:28992' of 'urn:ogc:def:crs:EPSG::28992')."
    )


def srid_from_member(crs: object) -> int | None:
    """The SRID a GeoJSON `crs` member names (2008 spec: 'name' or 'EPSG' type); None if absent."""
    if crs is None:
        return None
    if isinstance(crs, str):
        return parse_srid(crs)
    if isinstance(crs, dict):
        properties = crs.get("properties") or {}
        kind = str(crs.get("type", "")).lower()
        if kind == "name" and isinstance(properties, dict) and properties.get("name"):
            return parse_srid(properties["name"])
        if kind == "epsg" and isinstance(properties, dict) and properties.get("code"):
            return parse_srid(str(properties["code"]))
    raise UnsupportedCRS(
        "Het crs-lid van het bestand is niet te lezen (verwacht bijv. "
        '{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}).'
    )


def choose_crs(member: object, given: object) -> CrsChoice:
    """Combine the file's crs member and a given --srid; GeoJSON without either is WGS84."""
    from_file = srid_from_member(member)
    from_user = parse_srid(given)
    if from_file and from_user and from_file != from_user:
        raise UnsupportedCRS(
            f"Het bestand zegt {label(from_file)}, maar opgegeven is {label(from_user)}. "
            f"Laat de opgave weg of corrigeer het crs-lid van het bestand."
        )
    if from_file:
        return CrsChoice(from_file, "volgens het crs-lid van het bestand")
    if from_user:
        return CrsChoice(from_user, "zoals opgegeven")
    return CrsChoice(WGS84, "de standaard voor GeoJSON zonder crs-lid")


def _inside(bounds: tuple, area: tuple) -> bool:
    minx, miny, maxx, maxy = bounds
    return minx >= area[0] and miny >= area[1] and maxx <= area[2] and maxy <= area[3]


def check_range(bounds: tuple, choice: CrsChoice) -> None:
    """Raise OutOfRange when BOUNDS (minx, miny, maxx, maxy) cannot be in the chosen CRS."""
    if _inside(bounds, BOUNDS[choice.srid]):
        return
    minx, miny, maxx, maxy = bounds
    message = (
        f"De coördinaten ({minx:.6g}, {miny:.6g} tot {maxx:.6g}, {maxy:.6g}) passen niet in "
        f"{label(choice.srid)}, {choice.source}."
    )
    others = [srid for srid in BOUNDS if srid != choice.srid and _inside(bounds, BOUNDS[srid])]
    if others:
        message += (f" Ze lijken in {label(others[0])} te staan: geef dat op "
                    f"(--srid {others[0]}) of zet het goede crs-lid in het bestand.")
    raise OutOfRange(message)

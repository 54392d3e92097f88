"""Reading an uploaded file: GeoJSON, its CRS and coordinate range, and moving it to WGS84."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import text

from geo import crs
from geo.errors import GeoInputError
from geo.geojson import Collection, read_collection

from ...extensions import db
from .report import ImportRefused


@contextmanager
def refusing() -> Iterator[None]:
    """Turn geo/'s input errors into ImportRefused with the same Dutch message."""
    try:
        yield
    except GeoInputError as error:
        raise ImportRefused(str(error)) from error


@dataclass
class Source:
    """A readable GeoJSON file and the SRID its coordinates are in."""

    collection: Collection
    choice: crs.CrsChoice

    @property
    def srid(self) -> int:
        """SRID of the file's coordinates."""
        return self.choice.srid


def open_source(data: bytes, srid: object) -> Source:
    """Read DATA and settle its CRS; raise ImportRefused when either is impossible."""
    with refusing():
        collection = read_collection(data)
        choice = crs.choose_crs(collection.crs, srid)
        bounds = collection.bounds()
        if bounds is None:
            raise ImportRefused(
                f"Geen enkele feature in het bestand heeft een bruikbare geometrie "
                f"({len(collection.features)} features gelezen)."
            )
        crs.check_range(bounds, choice)
    return Source(collection, choice)


_TRANSFORM = text("""
    SELECT ST_AsBinary(ST_Transform(ST_GeomFromWKB(u.wkb, :srid), 4326))
    FROM unnest(CAST(:wkbs AS bytea[])) WITH ORDINALITY AS u(wkb, n)
    ORDER BY u.n
""")


def to_wgs84(geometries: Sequence[BaseGeometry], srid: int) -> list[BaseGeometry]:
    """GEOMETRIES moved from SRID to WGS84 by PostGIS in one query (pyproj is not a dependency)."""
    if srid == crs.WGS84 or not geometries:
        return list(geometries)
    wkbs = [bytes(w) for w in shapely.to_wkb(list(geometries))]
    moved = db.session.execute(_TRANSFORM, {"srid": srid, "wkbs": wkbs}).scalars().all()
    return list(shapely.from_wkb([bytes(w) for w in moved]))


def refuse_if_nothing(report, what: str) -> None:
    """Refuse when every feature was skipped, listing why."""
    raise ImportRefused(
        f"Het bestand bevat geen bruikbare {what}: alle {report.read} features zijn "
        f"overgeslagen.", report.skipped_lines())


def refuse_outside_buurten(report, none_of: str) -> None:
    """Refuse when nothing lies in a known buurt; NONE_OF is e.g. "Geen enkel adres"."""
    raise ImportRefused(
        f"{none_of} ligt in een buurt die in de database staat. "
        "Importeer eerst de buurten van dit gebied.", report.skipped_lines())

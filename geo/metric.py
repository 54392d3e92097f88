"""A local metric plane for WGS84 geometry: metres east and north of a nearby origin.

Equirectangular on the GRS80/WGS84 ellipsoid: metres per degree of latitude and
longitude are taken at the origin's latitude (the series EPSG uses for small areas).
Within a few kilometres of the origin, as a buurt or a round is, distances are off by
well under 0.1%; that is good enough for walking times and never measures in degrees.
"""

import math
from collections.abc import Iterable

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry


class LocalPlane:
    """Turns lon/lat into metres (x east, y north) around ORIGIN (lon, lat), and back."""

    def __init__(self, origin: tuple[float, float]):
        self.origin = (float(origin[0]), float(origin[1]))
        phi = math.radians(self.origin[1])
        self.m_per_deg_lat = (111132.92 - 559.82 * math.cos(2 * phi)
                              + 1.175 * math.cos(4 * phi) - 0.0023 * math.cos(6 * phi))
        self.m_per_deg_lon = (111412.84 * math.cos(phi) - 93.5 * math.cos(3 * phi)
                              + 0.118 * math.cos(5 * phi))

    @classmethod
    def around(cls, geometries: Iterable[BaseGeometry]) -> "LocalPlane":
        """A plane whose origin is the centre of the bounding box of GEOMETRIES (lon/lat)."""
        bounds = shapely.total_bounds(np.asarray(list(geometries), dtype=object))
        if np.isnan(bounds).any():
            raise ValueError("geen geometrie om een vlak omheen te leggen")
        return cls(((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2))

    def to_metres(self, geometry: BaseGeometry) -> BaseGeometry:
        """GEOMETRY (lon/lat) on the local plane, in metres."""
        ox, oy = self.origin
        return shapely.transform(geometry, lambda xy: np.column_stack((
            (xy[:, 0] - ox) * self.m_per_deg_lon, (xy[:, 1] - oy) * self.m_per_deg_lat)))

    def to_lonlat(self, geometry: BaseGeometry) -> BaseGeometry:
        """GEOMETRY in local metres back to lon/lat."""
        ox, oy = self.origin
        return shapely.transform(geometry, lambda xy: np.column_stack((
            ox + xy[:, 0] / self.m_per_deg_lon, oy + xy[:, 1] / self.m_per_deg_lat)))

    def point_to_metres(self, lon: float, lat: float) -> tuple[float, float]:
        """One lon/lat point as (x, y) metres."""
        return ((lon - self.origin[0]) * self.m_per_deg_lon,
                (lat - self.origin[1]) * self.m_per_deg_lat)

    def point_to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        """One (x, y) in metres as (lon, lat), rounded to 6 decimals as GeoJSON here is."""
        return (round(float(self.origin[0] + x / self.m_per_deg_lon), 6),
                round(float(self.origin[1] + y / self.m_per_deg_lat), 6))

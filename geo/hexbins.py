"""H3 hexagon bins: the cell of a point, coarser parents, and a cell's outline as GeoJSON.

Contacts store their resolution-9 cell (about 0.1 km2, edge ~200 m), so hotspot maps
aggregate with a plain GROUP BY; a city view groups by their resolution-8 parents.
"""

import h3

CONTACT_RESOLUTION = 9


def cell_for(lon: float, lat: float, resolution: int = CONTACT_RESOLUTION) -> str:
    """The H3 cell holding the point (lon, lat) at RESOLUTION."""
    return h3.latlng_to_cell(lat, lon, resolution)


def coarsen(cell: str, resolution: int) -> str:
    """CELL itself, or its parent when RESOLUTION is coarser than the cell's own."""
    own = h3.get_resolution(cell)
    return cell if resolution >= own else h3.cell_to_parent(cell, resolution)


def cell_polygon(cell: str, digits: int = 5) -> dict:
    """GeoJSON Polygon of CELL's outline in (lon, lat) order, rounded to DIGITS decimals."""
    ring = [[round(lon, digits), round(lat, digits)] for lat, lon in h3.cell_to_boundary(cell)]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}

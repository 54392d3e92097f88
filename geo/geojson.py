"""Reading GeoJSON bytes into features with Shapely geometries."""

import json
import math
from dataclasses import dataclass, field

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from .errors import NoFeatures, NotGeoJSON


@dataclass
class SourceFeature:
    """One feature of the file: its position, id, properties and geometry (or why it has none)."""

    number: int  # 1-based position in the file, for messages
    id: object
    properties: dict
    geometry: BaseGeometry | None
    problem: str | None = None


@dataclass
class Collection:
    """A FeatureCollection as read: its features and its `crs` member (if any)."""

    features: list[SourceFeature]
    crs: object = None
    property_names: list[str] = field(default_factory=list)

    def bounds(self) -> tuple | None:
        """(minx, miny, maxx, maxy) over every readable geometry, or None when there is none."""
        geometries = [f.geometry for f in self.features if f.geometry is not None]
        if not geometries:
            return None
        bounds = shapely.total_bounds(geometries)
        return None if any(math.isnan(b) for b in bounds) else tuple(float(b) for b in bounds)


def _reject_constant(name: str):
    # JSON with NaN/Infinity is not JSON, and JSONB would refuse it later anyway.
    raise ValueError(f"{name} is geen geldig JSON-getal")


# GeoJSON needs six levels (collection, features, feature, geometry, polygon rings,
# positions); a MultiPolygon in a nested property is still far below this. Anything
# deeper is not a map but an attack on the parser (Python's json recurses per level).
MAX_DEPTH = 32


def _depth_over(document: object, limit: int) -> bool:
    """True when DOCUMENT nests lists or objects deeper than LIMIT (checked without recursion)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, dict | list))
    return False


def _load_json(data: bytes) -> object:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotGeoJSON("Het bestand is geen tekst in UTF-8, dus geen GeoJSON.") from exc
    too_deep = NotGeoJSON(f"Het bestand is dieper genest dan {MAX_DEPTH} niveaus, "
                          "dus geen bruikbare GeoJSON.")
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise too_deep from exc
    except ValueError as exc:
        raise NotGeoJSON(f"Het bestand is geen geldige JSON ({exc}), dus geen GeoJSON.") from exc
    if _depth_over(document, MAX_DEPTH):
        raise too_deep
    return document


def _geometry(raw: object) -> tuple[BaseGeometry | None, str | None]:
    if raw is None:
        return None, "geen geometrie"
    try:
        geometry = shape(raw)
    except Exception:  # Shapely raises many different types for malformed input
        return None, "geometrie onleesbaar"
    if geometry.is_empty:
        return None, "lege geometrie"
    # Our columns are 2D; a Z from a 3D export would only make PostGIS refuse the row.
    return shapely.force_2d(geometry), None


def _feature(number: int, raw: object) -> SourceFeature:
    if not isinstance(raw, dict) or raw.get("type") != "Feature":
        return SourceFeature(number, None, {}, None, "geen GeoJSON-feature")
    properties = raw.get("properties")
    if not isinstance(properties, dict):
        properties = {}
    geometry, problem = _geometry(raw.get("geometry"))
    return SourceFeature(number, raw.get("id"), properties, geometry, problem)


def read_collection(data: bytes) -> Collection:
    """Parse DATA as a GeoJSON FeatureCollection or Feature; raise NotGeoJSON or NoFeatures."""
    document = _load_json(data)
    kind = document.get("type") if isinstance(document, dict) else None
    if kind == "Feature":
        raw_features = [document]
    elif kind == "FeatureCollection":
        raw_features = document.get("features")
        if not isinstance(raw_features, list):
            raise NotGeoJSON("De FeatureCollection heeft geen lijst 'features'.")
    else:
        found = f"type '{kind}'" if kind else "geen 'type'"
        raise NotGeoJSON(
            f"Het bestand is wel JSON maar geen GeoJSON FeatureCollection of Feature ({found})."
        )
    if not raw_features:
        raise NoFeatures("Het bestand bevat geen features.")
    features = [_feature(number, raw) for number, raw in enumerate(raw_features, start=1)]
    names = sorted({name for feature in features for name in feature.properties})
    return Collection(features, document.get("crs"), names)

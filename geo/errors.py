"""Errors for input that geo/ cannot read; each message says in Dutch what is wrong."""


class GeoInputError(ValueError):
    """Input that cannot be used at all; str(error) is a Dutch sentence for the user."""


class NotGeoJSON(GeoInputError):
    """The bytes are not JSON, or the JSON is not a GeoJSON Feature(Collection)."""


class NoFeatures(GeoInputError):
    """A FeatureCollection without features."""


class UnsupportedCRS(GeoInputError):
    """A coordinate reference system we cannot place (unknown, unsupported or contradictory)."""


class OutOfRange(GeoInputError):
    """Coordinates far outside what their CRS allows: the file's CRS is wrong."""


class MissingField(GeoInputError):
    """A property the import needs is absent from every feature."""

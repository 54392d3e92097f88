"""Pure geometry on Shapely: reading GeoJSON, repairing, cutting, ordering. No Flask or models."""

"""Shared column helpers for the models."""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.orm import mapped_column


def utcnow() -> datetime:
    """Current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def geometry(kind: str) -> Geometry:
    """A WGS84 geometry column type of KIND; GeoAlchemy2 adds the GiST index."""
    return Geometry(geometry_type=kind, srid=4326, spatial_index=True)


def created_at():
    """A timestamptz column set by the server when the row is made."""
    return mapped_column(sa.DateTime(timezone=True), nullable=False, default=utcnow,
                         server_default=sa.func.now())


def updated_at():
    """A timestamptz column refreshed on every update."""
    return mapped_column(sa.DateTime(timezone=True), nullable=False, default=utcnow,
                         onupdate=utcnow, server_default=sa.func.now())


def uuid_pk():
    """UUID primary key: made on the phone for field records, else by the server."""
    return mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)

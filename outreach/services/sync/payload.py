"""The fingerprint of a validated item: equal content, equal hash, whatever the key order."""

import hashlib
import json
from datetime import UTC, date, datetime
from uuid import UUID


def _plain(value):
    if isinstance(value, datetime):
        # The same instant sent with another offset is the same record.
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


# One encoder for every call: json.dumps with options builds a new one each time.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                              default=_plain)


def canonical_json(data: dict) -> str:
    """DATA as JSON with sorted keys and no spaces."""
    return _CANONICAL.encode(data)


def payload_hash(data: dict) -> str:
    """sha256 hex of the canonical JSON of a validated item."""
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()

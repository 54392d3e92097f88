"""Field sync: contacts posted in batches by phones, stored once each, answered per item."""

from .ingest import BatchOutcome, sync_contacts
from .payload import payload_hash
from .types import ItemResult, ParsedItem

__all__ = ["BatchOutcome", "ItemResult", "ParsedItem", "payload_hash", "sync_contacts"]

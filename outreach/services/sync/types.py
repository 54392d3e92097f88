"""The shapes passed between the API layer and the sync service."""

from dataclasses import dataclass


@dataclass(slots=True)
class ParsedItem:
    """One posted item after schema validation: DATA when valid, else field ERRORS."""

    id: str | None
    data: dict | None
    errors: dict | None


@dataclass(slots=True)
class ItemResult:
    """The answer for one item: created, duplicate, conflict or rejected."""

    id: str | None
    status: str
    errors: dict | None = None
    street_id: int | None = None
    buurt_id: int | None = None

    def as_json(self) -> dict:
        """The item's entry in the response's results list."""
        body = {"id": self.id, "status": self.status}
        if self.status == "rejected":
            body["errors"] = self.errors or {}
        elif self.status in ("created", "duplicate"):
            body["contact"] = {"street_id": self.street_id, "buurt_id": self.buurt_id}
        return body

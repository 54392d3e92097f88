"""Imports of buurten, streets and addresses from GeoJSON (placeholder: being written)."""

from dataclasses import dataclass, field

from .errors import Invalid


class ImportRefused(Invalid):
    """The file cannot be imported at all; nothing was changed."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{self.kind}: {self.created} created, {self.updated} updated"]


def run_import(kind: str, data: bytes, *, srid=None, code_field=None, name_field=None,
               actor=None, source_name: str | None = None) -> ImportReport:
    raise ImportRefused("not implemented yet")

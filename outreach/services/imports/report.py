"""What an import did (ImportReport) or why it did nothing (ImportRefused)."""

from dataclasses import dataclass, field

from ..errors import Invalid

KIND_LABELS = {"buurten": "Buurten", "streets": "Straten", "addresses": "Adressen"}
EXAMPLES_PER_REASON = 5


class ImportRefused(Invalid):
    """The file cannot be imported at all; nothing was changed."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


@dataclass
class ImportReport:
    """Counts of one import, with the reasons and examples of what was skipped or repaired."""

    kind: str
    source_name: str | None = None
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Streets drawn through address points (address imports only).
    derived: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str, example: str | None = None) -> None:
        """Count one feature skipped for REASON, remembering a few examples to show."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        if example is not None:
            shown = self.examples.setdefault(reason, [])
            if len(shown) < EXAMPLES_PER_REASON:
                shown.append(example)

    @property
    def skipped_total(self) -> int:
        """All skipped features, whatever the reason."""
        return sum(self.skipped.values())

    def counts(self) -> dict:
        """The figures as a plain dict (for the audit log and tests)."""
        counts = {"read": self.read, "created": self.created, "updated": self.updated,
                  "unchanged": self.unchanged, "repaired": self.repaired,
                  "skipped": self.skipped_total, "skipped_reasons": dict(self.skipped)}
        if self.source_name:
            counts["source"] = self.source_name
        if self.derived:
            counts["derived_streets"] = dict(self.derived)
        return counts

    def skipped_lines(self) -> list[str]:
        """One line per skip reason: 'overgeslagen, zonder buurtcode: 2 (feature 5, 9)'."""
        lines = []
        for reason, number in sorted(self.skipped.items(), key=lambda item: -item[1]):
            shown = self.examples.get(reason)
            more = f" ({', '.join(shown)}{', ...' if number > len(shown) else ''})" if shown else ""
            lines.append(f"overgeslagen, {reason}: {number}{more}")
        return lines

    def lines(self) -> list[str]:
        """The report as Dutch lines for the CLI and the admin page."""
        label = KIND_LABELS.get(self.kind, self.kind)
        origin = f" uit {self.source_name}" if self.source_name else ""
        lines = [
            f"{label}{origin}: {self.read} features gelezen",
            f"{self.created} nieuw, {self.updated} bijgewerkt, {self.unchanged} ongewijzigd, "
            f"{self.repaired} hersteld, {self.skipped_total} overgeslagen",
        ]
        if self.derived:
            lines.append(
                f"afgeleide straten (lijn door de adressen): "
                f"{self.derived.get('created', 0)} nieuw, "
                f"{self.derived.get('updated', 0)} bijgewerkt, "
                f"{self.derived.get('unchanged', 0)} ongewijzigd"
            )
        return lines + self.skipped_lines() + self.notes

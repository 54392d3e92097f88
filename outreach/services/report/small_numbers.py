"""Small numbers: what the report hides so that no resident can be picked out.

The one rule, applied alike in the page, the charts and the CSV files:

1. Counts about residents (help questions per category or urgency, talents per kind,
   follow-ups, handovers and partner outcomes per partner, anything per street) from
   1 to 4 are shown as "<5". Zero stays 0: "nobody" identifies nobody.
2. Counts of the team's own work for a whole buurt or the whole municipality stay
   exact (EXACT_FIGURES): doors knocked and opened, conversations, contacts at coffee
   spots, streets reached, rounds held. A knocked door says nothing about who lives
   behind it, and funders ask for these numbers as they are.
3. No subtraction: a total whose parts include a hidden count is not shown exactly but
   as a lower bound, "≥ N", where N is the sum of the shown parts plus 1 for each
   hidden part. N is made only of what the table already shows, so subtracting shown
   numbers from it gives back nothing; a total that is itself 1-4 is "<5" (rule 1).
   A total appears once per table and every other place (theme figures, charts)
   reuses that same shown value, so two places never disagree and never combine
   into an exact difference.
4. A share (percentage) of resident counts is shown only when its part, its whole and
   the rest (whole minus part) are each 0 or at least 5; otherwise "<5" would come
   back as "3 of 12 = 25 %".
5. A median (days to close) is shown only when it rests on at least 5 follow-ups.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5
HIDDEN_TEXT = "<5"
FEW_TEXT = "n<5"

# Figures of the team's own work: exact at buurt and municipality level (rule 2).
EXACT_FIGURES = frozenset({"doors_knocked", "doors_opened", "conversations",
                           "coffee_contacts", "streets_reached", "rounds_bloemen",
                           "rounds_koffie", "rounds_total"})


@dataclass(frozen=True)
class Shown:
    """A number as the report may show it: exact, hidden ("<5") or a lower bound ("≥ N")."""

    value: int | float | None
    hidden: bool = False
    at_least: bool = False
    # What a hidden figure prints as: "<5" for a count; a share or median resting on
    # too few residents says so ("n<5"), since "<5" beside a % would read as "under 5 %".
    hidden_text: str = HIDDEN_TEXT

    @property
    def text(self) -> str:
        """The number as printed (Dutch: decimal comma)."""
        if self.hidden:
            return self.hidden_text
        if self.value is None:
            return "–"
        number = (f"{self.value:.1f}".replace(".", ",") if isinstance(self.value, float)
                  else str(self.value))
        return f"≥ {number}" if self.at_least else number

    @property
    def bar(self) -> float:
        """The length a chart may draw: 0 for hidden, the bound for a lower bound."""
        return 0 if self.hidden or self.value is None else float(self.value)

    @property
    def csv(self) -> str | int | float:
        """The cell as written to CSV: the number itself when exact, else its text."""
        if self.hidden or self.at_least or self.value is None:
            return "" if self.value is None and not self.hidden else self.text
        return self.value

    def __str__(self) -> str:
        return self.text


def is_small(count: int) -> bool:
    """True for a count that would identify: 1 to 4."""
    return 0 < count < THRESHOLD


def exact(count: int | float | None) -> Shown:
    """A figure shown as it is (rule 2)."""
    return Shown(count)


def protect(count: int) -> Shown:
    """A resident count: hidden when 1-4 (rule 1)."""
    return Shown(None, hidden=True) if is_small(count) else Shown(count)


def protect_total(count: int, parts: list[Shown]) -> Shown:
    """A total of PARTS (already protected): "<5", exact, or a lower bound (rule 3)."""
    if is_small(count):
        return Shown(None, hidden=True)
    if not any(p.hidden or p.at_least for p in parts):
        return Shown(count)
    # A hidden part adds 1 (its least), a lower bound adds its bound, an exact part itself.
    bound = sum(1 if p.hidden else p.value for p in parts)
    return Shown(bound, at_least=True)


def protect_share(part: int, whole: int, *, resident: bool = True) -> Shown:
    """PART / WHOLE as a percentage with one decimal, or hidden (rule 4)."""
    if whole == 0:
        return Shown(None)
    if resident and any(is_small(n) for n in (part, whole, whole - part)):
        return Shown(None, hidden=True, hidden_text=FEW_TEXT)
    return Shown(round(100.0 * part / whole, 1))


def protect_median(median: float | None, count: int) -> Shown:
    """A median resting on COUNT values: shown from THRESHOLD values on (rule 5)."""
    if median is None or count == 0:
        return Shown(None)
    if count < THRESHOLD:
        return Shown(None, hidden=True, hidden_text=FEW_TEXT)
    return Shown(round(float(median), 1))


@dataclass(frozen=True)
class ProtectedGrid:
    """A table of counts after the rule: cells, row totals, column totals, grand total."""

    cells: list[list[Shown]]
    row_totals: list[Shown] | None
    column_totals: list[Shown]
    total: Shown | None


def protect_grid(counts: list[list[int]], *, row_totals: bool,
                 additive_columns: tuple[bool, ...] | None = None) -> ProtectedGrid:
    """Protect a table of resident counts: every cell, and every total by rule 3.

    Rows are always additive (column totals); columns only when ROW_TOTALS is set.
    ADDITIVE_COLUMNS marks which columns a row total sums (default: all).
    """
    width = len(counts[0]) if counts else len(additive_columns or ())
    additive = additive_columns or (True,) * width
    cells = [[protect(n) for n in row] for row in counts]
    columns = [protect_total(sum(row[j] for row in counts), [row[j] for row in cells])
               for j in range(width)]
    rows = total = None
    if row_totals:
        rows = [protect_total(sum(n for n, add in zip(raw, additive, strict=True) if add),
                              [c for c, add in zip(shown, additive, strict=True) if add])
                for raw, shown in zip(counts, cells, strict=True)]
        grand = sum(n for raw in counts for n, add in zip(raw, additive, strict=True) if add)
        total = protect_total(grand, [c for shown in cells
                                      for c, add in zip(shown, additive, strict=True) if add])
    return ProtectedGrid(cells=cells, row_totals=rows, column_totals=columns, total=total)

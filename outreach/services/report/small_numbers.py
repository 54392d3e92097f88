"""Small numbers: the one disclosure-control rule of every published resident count.

Method (docs/privacy.md, "Kleine aantallen in rapporten", says the same with sources):
rounding to multiples of 5, as CBS publishes counts per wijk and buurt, made additive and
consistent the way the Cell Key Method (CBS, Census 2021) and Small Count Rounding
(Statistics Norway) do it.

1. Finest cells. Every resident count in any report is a sum of *finest cells*: one
   buurt x one category x one urgency (help questions), one buurt x talent kind x class,
   one buurt x follow-up measure, one buurt x partner x partner outcome. A finest cell
   is rounded once, to one of its two neighbouring multiples of 5, at random but
   unbiased (up with chance (count mod 5) / 5). The chance comes from the cell key: the
   sum of the secret keys of the records in the cell (figures.py), so the same
   records always round the same way, in every report, page, print and CSV.
2. Every published count (a cell, a total, a theme, the municipality) is the sum of the
   rounded finest cells it covers, never a rounding of its own true value. So a
   published figure carries nothing the finest cells do not, and no sum or difference
   of published figures says more than the finest cells do: for a cell of 1-4 that is
   "1 to 4, rounded to 0 or 5", which every value from 1 to 4 can give. Totals read
   against their parts, buurt reports against the municipality report, theme sums
   against their categories: nothing to subtract. (A true total, rounded on its own,
   would give it away: 4 buurten "<5" and the municipality "<5" make each exactly 1.)
3. Shown as: 0 when nobody ("nobody" identifies nobody); "<5" for a count that rests
   on a single finest cell of 1-4; otherwise the sum of the rounded cells, at least 5.
   "<5" is the one notation of a left-out count, on the page, in print and in charts;
   the CSV leaves the cell empty and sets a flag column (numbers stay numbers).
4. Shares and medians are worked out from what is published (rounded counts; only
   the share's own rule decides) and only when at least 5 residents are certain from
   the published figures ("least"); otherwise "–" (not given).
5. The team's own work (doors knocked and opened, conversations, coffee-spot contacts,
   streets reached, rounds held) is not about residents' circumstances and stays exact.

Tally holds only what the published figures reveal (rounded sum, how many cells are
non-zero and small, the least the true count can be): a true count cannot reach a page
through it, because it never holds one.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE = 5  # round to multiples of BASE
THRESHOLD = 5  # a count of 1 to THRESHOLD - 1 is left out as HIDDEN_TEXT
HIDDEN_TEXT = "<5"
NOT_GIVEN_TEXT = "–"


@dataclass(frozen=True)
class Shown:
    """A figure as a report shows it: a number, "<5" (left out) or "–" (none to give)."""

    value: int | float | None
    hidden: bool = False

    @property
    def text(self) -> str:
        """The figure as printed (Dutch: decimal comma)."""
        if self.hidden:
            return HIDDEN_TEXT
        if self.value is None:
            return NOT_GIVEN_TEXT
        if isinstance(self.value, float):
            return f"{self.value:.1f}".replace(".", ",")
        return str(self.value)

    @property
    def bar(self) -> float:
        """The length a chart may draw: 0 for a left-out or missing figure."""
        return 0 if self.hidden or self.value is None else float(self.value)

    @property
    def csv(self) -> int | float | None:
        """The CSV cell: the number, or None (empty) when left out or not given."""
        return None if self.hidden else self.value

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Tally:
    """A resident count as the published figures know it: a sum of rounded finest cells."""

    rounded: int = 0  # sum of the rounded finest cells
    parts: int = 0  # finest cells that are not 0
    small_parts: int = 0  # of those, cells of 1 to THRESHOLD - 1
    least: int = 0  # the least the true count can be, judged from what is published

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.rounded + other.rounded, self.parts + other.parts,
                     self.small_parts + other.small_parts, self.least + other.least)

    def __radd__(self, other):  # sum() starts from 0
        return self if other == 0 else NotImplemented

    @property
    def shown(self) -> Shown:
        """The count as printed: 0, "<5" (a single small cell), or the rounded sum (>= 5)."""
        if self.parts == 0:
            return Shown(0)
        if self.parts == 1 and self.small_parts == 1:
            return Shown(None, hidden=True)
        # Several small cells may all round down; a count that is not 0 never shows as 0.
        return Shown(max(self.rounded, BASE))


NOBODY = Tally()


def rounded_cell(count: int, key: float) -> int:
    """COUNT rounded to a neighbouring multiple of BASE: up when KEY < (COUNT mod BASE)/BASE."""
    low = count - count % BASE
    return low + BASE if key < (count % BASE) / BASE else low


def cell(count: int, key: float) -> Tally:
    """The Tally of one finest cell of COUNT records whose cell key is KEY (0 <= KEY < 1)."""
    if count < 0 or not 0 <= key < 1:
        raise ValueError("a count is not negative and a cell key lies in [0, 1)")
    if count == 0:
        return NOBODY
    rounded = rounded_cell(count, key)
    small = count < THRESHOLD
    # What a reader can be sure of: "<5" means at least 1; a rounded R of a count >= 5
    # means more than R - BASE and at least THRESHOLD.
    least = 1 if small else max(THRESHOLD, rounded - BASE + 1)
    return Tally(rounded, 1, int(small), least)


def total(tallies) -> Tally:
    """The sum of TALLIES (an empty sum is nobody)."""
    return sum(tallies, NOBODY)


def exact(count: int | float | None) -> Shown:
    """A figure of the team's own work, shown as it is (rule 5)."""
    return Shown(count)


def exact_share(part: int, whole: int) -> Shown:
    """PART / WHOLE of the team's own work as a percentage with one decimal."""
    return Shown(None) if whole == 0 else Shown(round(100.0 * part / whole, 1))


def protected_share(part: Tally, whole: Tally) -> Shown:
    """PART / WHOLE of resident counts, from rounded counts only, from 5 residents on."""
    if whole.least < THRESHOLD or whole.rounded == 0:
        return Shown(None)
    return Shown(round(100.0 * part.rounded / whole.rounded, 1))


def protected_median(median: float | None, count: Tally) -> Shown:
    """A median of COUNT residents' values, given when at least 5 are certain (rule 4)."""
    if median is None or count.least < THRESHOLD:
        return Shown(None)
    return Shown(round(float(median), 1))

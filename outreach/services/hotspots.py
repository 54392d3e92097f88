"""Help-question hotspots as H3 hexagon cells, with small cells left out.

Contacts carry their resolution-9 H3 cell (filled at sync), so PostGIS only has to
GROUP BY that column, or by its coarser parent for a city view (computed in SQL).
The count that decides suppression is the number of distinct contacts with a help
question in the cell: a cell with fewer than MIN_CONTACTS never leaves this module.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import text

from geo.hexbins import CONTACT_RESOLUTION, cell_polygon

from ..extensions import db
from ..models.enums import HelpCategory
from .plan_filter import PlanFilter, contact_conditions

TOTAL = "_total"
_CATEGORIES = {category.value: category for category in HelpCategory}
# A cell's outline is plain arithmetic on its index and never changes: a city page asks
# for the same few hundred each time. Shared between requests, so never changed.
_cell_polygon = lru_cache(maxsize=20_000)(cell_polygon)


@dataclass
class HexCell:
    cell: str
    contacts: int
    by_category: dict[HelpCategory, int] = field(default_factory=dict)
    geometry: dict | None = None


_SQL = """
SELECT {cell} AS cell, hq.category, count(DISTINCT c.id)
FROM help_questions hq
JOIN contacts c ON c.id = hq.contact_id
WHERE c.h3_cell IS NOT NULL AND {contacts} {buurt} {category}
GROUP BY GROUPING SETS ((1), (1, hq.category))
"""


def parent_cell_sql(column: str, resolution: int) -> str:
    """SQL for the H3 parent at RESOLUTION of the resolution-9 cell in COLUMN.

    PostGIS has no H3, but a parent is plain bit work on the 64-bit index: put
    RESOLUTION in bits 52-55 and set the digits below it to 7 (unused). Doing it
    here lets PostgreSQL group by the parent instead of Python handling every cell.
    """
    if not 0 <= resolution <= CONTACT_RESOLUTION:
        raise ValueError(f"resolution must be 0..{CONTACT_RESOLUTION}")
    if resolution == CONTACT_RESOLUTION:
        return column
    index = f"('x' || lpad({column}, 16, '0'))::bit(64)::bigint"
    unused_digits = (1 << (3 * (15 - resolution))) - 1
    return (f"to_hex(({index} & ~(15::bigint << 52)) | ({resolution}::bigint << 52)"
            f" | {unused_digits}::bigint)")


def hotspot_cells(plan_filter: PlanFilter, *, min_contacts: int, buurt_id: int | None = None,
                  resolution: int = CONTACT_RESOLUTION, digits: int = 5) -> list[HexCell]:
    """Cells at RESOLUTION with at least MIN_CONTACTS contacts that raised a help question."""
    if min_contacts < 1:
        raise ValueError("min_contacts must be at least 1")
    sql = _SQL.format(cell=parent_cell_sql("c.h3_cell", resolution),
                      contacts=contact_conditions(plan_filter),
                      buurt="AND c.buurt_id = :buurt_id" if buurt_id is not None else "",
                      category="AND hq.category = :category" if plan_filter.category else "")
    # all() fetches in one go; iterating the result would fetch row by row (thousands).
    rows = db.session.execute(text(sql),
                              {**plan_filter.sql_params(), "buurt_id": buurt_id}).all()
    totals: dict[str, dict] = {}
    for cell, category, n in rows:
        totals.setdefault(cell, {})[category or TOTAL] = n
    cells = []
    for cell, counts in sorted(totals.items()):
        contacts = counts.pop(TOTAL, 0)
        if contacts < min_contacts:
            continue
        cells.append(HexCell(cell=cell, contacts=contacts,
                             by_category={_CATEGORIES[k]: v for k, v in counts.items()},
                             geometry=_cell_polygon(cell, digits)))
    return cells

"""Follow-ups counted per street and status: what the map's follow-up layer and tables show.

Only counts leave this module: no resident, no house number, no point.
"""

import json
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import text

from ..extensions import db
from ..models.enums import FollowUpStatus
from .coverage import Geometry, geometry_sql, street_scope
from .plan_filter import PlanFilter

OPEN = (FollowUpStatus.open, FollowUpStatus.bezig, FollowUpStatus.overgedragen)
# Handed-over cases follow the partner's clock, not ours: never counted as overdue.
CAN_BE_OVERDUE = (FollowUpStatus.open, FollowUpStatus.bezig)


class FollowUpState(StrEnum):
    """The most pressing state among a street's follow-ups, as the map colours it."""

    te_laat = "te_laat"
    open = "open"
    overgedragen = "overgedragen"
    afgesloten = "afgesloten"


@dataclass
class StreetFollowUps:
    street_id: int
    name: str
    buurt_id: int
    overdue: int
    counts: dict[FollowUpStatus, int] = field(default_factory=dict)
    geometry: dict | None = None

    @property
    def open(self) -> int:
        """Follow-ups still running (open, bezig, overgedragen)."""
        return sum(self.counts.get(status, 0) for status in OPEN)

    @property
    def state(self) -> FollowUpState:
        if self.overdue:
            return FollowUpState.te_laat
        if any(self.counts.get(status) for status in CAN_BE_OVERDUE):
            return FollowUpState.open
        if self.counts.get(FollowUpStatus.overgedragen):
            return FollowUpState.overgedragen
        return FollowUpState.afgesloten


_SQL = """
WITH s AS (SELECT st.id, st.name, st.buurt_id, st.geom FROM streets st WHERE {scope}),
f AS (
    SELECT c.street_id, fu.status,
           (fu.status IN ('open', 'bezig') AND fu.due_date < :today) AS overdue
    FROM follow_ups fu
    JOIN contacts c ON c.id = fu.contact_id
    LEFT JOIN help_questions hq ON hq.id = fu.help_question_id
    WHERE c.street_id IN (SELECT id FROM s) {kind} {category}
      AND (fu.status IN ('open', 'bezig', 'overgedragen')
           OR (coalesce(fu.closed_at, fu.updated_at) >= :start
               AND coalesce(fu.closed_at, fu.updated_at) < :end))
),
per_status AS (
    SELECT street_id, status, count(*) AS n, count(*) FILTER (WHERE overdue) AS overdue
    FROM f GROUP BY street_id, status
)
SELECT s.id, s.name, s.buurt_id, {geometry},
       jsonb_object_agg(p.status, p.n), sum(p.overdue)
FROM per_status p JOIN s ON s.id = p.street_id
GROUP BY s.id, s.name, s.buurt_id, s.geom
ORDER BY s.name, s.id
"""


def follow_ups_per_street(plan_filter: PlanFilter, *, buurt_id: int | None = None,
                          bbox: tuple[float, float, float, float] | None = None,
                          geometry: Geometry | None = None) -> list[StreetFollowUps]:
    """Streets with follow-ups: every one still running, and those closed within the period.

    Open cases stay whatever their age (an old open case is exactly what a team lead must
    see); the round kind and help-question category filters apply through the contact.
    """
    scope, params = street_scope(buurt_id=buurt_id, bbox=bbox)
    sql = _SQL.format(
        scope=scope,
        kind=("AND c.round_id IN (SELECT id FROM rounds WHERE kind = :kind)"
              if plan_filter.round_kind else ""),
        category="AND hq.category = :category" if plan_filter.category else "",
        geometry=geometry_sql("s.geom", geometry))
    rows = db.session.execute(text(sql), {**plan_filter.sql_params(), **params})
    return [StreetFollowUps(street_id=row[0], name=row[1], buurt_id=row[2],
                            geometry=json.loads(row[3]) if row[3] else None,
                            counts={FollowUpStatus(k): v for k, v in row[4].items()},
                            overdue=int(row[5] or 0))
            for row in rows]

"""Set-based writes of a batch: one statement per table, the rows in as one JSON parameter.

json_to_recordset is cheaper than a dozen typed arrays (psycopg builds those in Python).
Rows go in sorted by id so that concurrent batches sharing ids take their row locks in
the same order and wait for each other instead of deadlocking.
"""

import json
from datetime import date, datetime
from uuid import UUID

_CONTACTS = """
INSERT INTO contacts (id, round_id, buurt_id, street_id, house_number, house_suffix, geom,
                      outcome, setting, flower_given, mug_given, consent, note, worker_id,
                      recorded_at, received_at, location_accuracy_m, clock_suspect,
                      payload_hash, h3_cell)
SELECT t.id, t.round_id, t.buurt_id, t.street_id, t.house_number, t.house_suffix,
       ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326),
       t.outcome, t.setting, t.flower_given, t.mug_given, t.consent, t.note, %(worker)s,
       t.recorded_at, %(received_at)s, t.accuracy, t.recorded_at > %(suspect_after)s,
       t.payload_hash, t.h3_cell
  FROM ROWS FROM (json_to_recordset(%(rows)s::json)
       AS (id uuid, round_id int, buurt_id int, street_id int, house_number int,
           house_suffix text, lon float8, lat float8, outcome text, setting text,
           flower_given bool, mug_given bool, consent text, note text,
           recorded_at timestamptz, accuracy float8, payload_hash text, h3_cell text))
       WITH ORDINALITY
       AS t(id, round_id, buurt_id, street_id, house_number, house_suffix, lon, lat, outcome,
            setting, flower_given, mug_given, consent, note, recorded_at, accuracy,
            payload_hash, h3_cell, n)
 ORDER BY t.n
    ON CONFLICT (id) DO NOTHING
RETURNING id::text
"""

_HELP_QUESTIONS = """
INSERT INTO help_questions (id, contact_id, category, urgency, note)
SELECT * FROM json_to_recordset(%s::json)
       AS t(id uuid, contact_id uuid, category text, urgency text, note text)
"""

_TALENTS = """
INSERT INTO talents (id, contact_id, kind, wants_to_participate, note)
SELECT * FROM json_to_recordset(%s::json)
       AS t(id uuid, contact_id uuid, kind text, wants_to_participate bool, note text)
"""

# The follow-up and its "created" event in one statement; an id that some other batch
# took in the meantime is skipped (ON CONFLICT) rather than failing the whole batch.
_FOLLOW_UPS = """
WITH made AS (
  INSERT INTO follow_ups (id, contact_id, help_question_id, kind, status, partner_id,
                          assignee_id, due_date, resident_name, resident_phone, note,
                          created_by_id, created_at, updated_at)
  SELECT t.id, t.contact_id, t.help_question_id, t.kind, 'open', t.partner_id,
         %(worker)s, t.due_date, t.resident_name, t.resident_phone, t.note,
         %(worker)s, %(at)s, %(at)s
    FROM ROWS FROM (json_to_recordset(%(rows)s::json)
         AS (id uuid, contact_id uuid, help_question_id uuid, kind text, partner_id int,
             due_date date, resident_name text, resident_phone text, note text))
         WITH ORDINALITY
         AS t(id, contact_id, help_question_id, kind, partner_id, due_date, resident_name,
              resident_phone, note, n)
   ORDER BY t.n
      ON CONFLICT (id) DO NOTHING
  RETURNING id
)
INSERT INTO follow_up_events (follow_up_id, at, actor_id, action, to_status)
SELECT id, %(at)s, %(worker)s, 'created', 'open' FROM made
RETURNING follow_up_id::text
"""


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"cannot send {type(value).__name__}")


def as_json(rows: list[dict]) -> str:
    """ROWS as a JSON array for json_to_recordset."""
    return json.dumps(rows, default=_plain, ensure_ascii=False)


def insert_contacts(cur, rows: list[dict], *, worker_id: int, received_at, suspect_after
                    ) -> set[str]:
    """Insert contact ROWS (sorted by id); return the ids actually inserted."""
    if not rows:
        return set()
    cur.execute(_CONTACTS, {"rows": as_json(sorted(rows, key=lambda r: r["id"])),
                            "worker": worker_id, "received_at": received_at,
                            "suspect_after": suspect_after})
    return {row[0] for row in cur.fetchall()}


def insert_help_questions(cur, rows: list[dict]) -> None:
    """Insert help question rows: id, contact_id, category, urgency, note."""
    if rows:
        cur.execute(_HELP_QUESTIONS, (as_json(rows),))


def insert_talents(cur, rows: list[dict]) -> None:
    """Insert talent rows: id, contact_id, kind, wants_to_participate, note."""
    if rows:
        cur.execute(_TALENTS, (as_json(rows),))


def insert_follow_ups(cur, rows: list[dict], *, worker_id: int, at) -> set[str]:
    """Insert open follow-ups assigned to and made by the worker, each with its event."""
    if not rows:
        return set()
    cur.execute(_FOLLOW_UPS, {"rows": as_json(sorted(rows, key=lambda r: r["id"])),
                              "worker": worker_id, "at": at})
    return {row[0] for row in cur.fetchall()}

"""Set-based write of a batch: one statement for contacts, their children and follow-ups.

The rows of each table go in as one JSON parameter (json_to_recordset is cheaper than a
dozen typed arrays, which psycopg builds in Python; one parameter per table because a json
value is parsed again by every `->`), and data-modifying CTEs insert every table in one
round trip. Children join the contacts this statement actually inserted, so a
contact that another batch stored first (ON CONFLICT DO NOTHING) gets none of ours.
Texts come encrypted (models/crypto.py): the ORM's EncryptedText does not see raw SQL.
Contacts and follow-ups go in sorted by id so that concurrent batches sharing ids take
their row locks in the same order and wait for each other instead of deadlocking.
"""

import json
from datetime import date, datetime
from uuid import UUID

_STORE = """
WITH contact AS (
  INSERT INTO contacts (id, round_id, buurt_id, street_id, house_number, house_suffix, geom,
                        outcome, setting, flower_given, mug_given, consent, note, worker_id,
                        recorded_at, received_at, location_accuracy_m, clock_suspect,
                        payload_hash, h3_cell)
  SELECT t.id, t.round_id, t.buurt_id, t.street_id, t.house_number, t.house_suffix,
         ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326),
         t.outcome, t.setting, t.flower_given, t.mug_given, t.consent, t.note, %(worker)s,
         t.recorded_at, %(at)s, t.accuracy, t.recorded_at > %(suspect_after)s,
         t.payload_hash, t.h3_cell
    FROM ROWS FROM (json_to_recordset(%(contacts)s::json)
         AS (id uuid, round_id int, buurt_id int, street_id int, house_number int,
             house_suffix text, lon float8, lat float8, outcome text, setting text,
             flower_given bool, mug_given bool, consent text, note text,
             recorded_at timestamptz, accuracy float8, payload_hash text, h3_cell text))
         WITH ORDINALITY
         AS t(id, round_id, buurt_id, street_id, house_number, house_suffix, lon, lat,
              outcome, setting, flower_given, mug_given, consent, note, recorded_at,
              accuracy, payload_hash, h3_cell, n)
   ORDER BY t.n
      ON CONFLICT (id) DO NOTHING
  RETURNING id
),
question AS (
  INSERT INTO help_questions (id, contact_id, category, urgency, note)
  SELECT t.id, t.contact_id, t.category, t.urgency, t.note
    FROM json_to_recordset(%(questions)s::json)
         AS t(id uuid, contact_id uuid, category text, urgency text, note text)
    JOIN contact c ON c.id = t.contact_id
),
talent AS (
  INSERT INTO talents (id, contact_id, kind, wants_to_participate, note)
  SELECT t.id, t.contact_id, t.kind, t.wants_to_participate, t.note
    FROM json_to_recordset(%(talents)s::json)
         AS t(id uuid, contact_id uuid, kind text, wants_to_participate bool, note text)
    JOIN contact c ON c.id = t.contact_id
),
-- An id that some other batch took in the meantime is skipped rather than failing the
-- whole batch; the "created" event goes only with the follow-ups inserted here.
follow_up AS (
  INSERT INTO follow_ups (id, contact_id, help_question_id, kind, status, partner_id,
                          assignee_id, due_date, resident_name, resident_name_hmac,
                          resident_phone, note, created_by_id, created_at, updated_at)
  SELECT t.id, t.contact_id, t.help_question_id, t.kind, 'open', t.partner_id,
         %(worker)s, t.due_date, t.resident_name, t.resident_name_hmac, t.resident_phone,
         t.note, %(worker)s, %(at)s, %(at)s
    FROM ROWS FROM (json_to_recordset(%(follow_ups)s::json)
         AS (id uuid, contact_id uuid, help_question_id uuid, kind text, partner_id int,
             due_date date, resident_name text, resident_name_hmac text,
             resident_phone text, note text))
         WITH ORDINALITY
         AS t(id, contact_id, help_question_id, kind, partner_id, due_date, resident_name,
              resident_name_hmac, resident_phone, note, n)
    JOIN contact c ON c.id = t.contact_id
   ORDER BY t.n
      ON CONFLICT (id) DO NOTHING
  RETURNING id
),
event AS (
  INSERT INTO follow_up_events (follow_up_id, at, actor_id, action, to_status)
  SELECT id, %(at)s, %(worker)s, 'created', 'open' FROM follow_up
)
SELECT id::text FROM contact
"""


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"cannot send {type(value).__name__}")


def as_json(value) -> str:
    """VALUE as JSON for json_to_recordset (dates ISO 8601, UUIDs as text)."""
    return json.dumps(value, default=_plain, ensure_ascii=False)


def store_batch(cur, *, contacts: list[dict], questions: list[dict], talents: list[dict],
                follow_ups: list[dict], worker_id: int, received_at, suspect_after) -> set[str]:
    """Insert contact rows and the children of those inserted; return the ids inserted.

    Help question and talent rows carry contact_id; follow-up rows carry contact_id,
    help_question_id, resident_name_hmac and the fields of the open follow-up assigned to
    WORKER_ID. Notes, names and phone numbers must come encrypted.
    """
    if not contacts:
        return set()
    cur.execute(_STORE, {"contacts": as_json(sorted(contacts, key=lambda r: r["id"])),
                         "questions": as_json(questions), "talents": as_json(talents),
                         "follow_ups": as_json(sorted(follow_ups, key=lambda r: r["id"])),
                         "worker": worker_id, "at": received_at,
                         "suspect_after": suspect_after})
    return {row[0] for row in cur.fetchall()}

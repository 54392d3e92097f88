"""The field bundle: what a worker's phone needs offline, one SQL query per list.

The version is a hash of the content, so the phone can ask "changed since?" with
If-None-Match and get a 304 instead of the same megabyte again.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from ..clock import local_today
from ..extensions import db
from ..maps.labels import (
    CATEGORY_LABELS,
    CONSENT_LABELS,
    FOLLOW_UP_KIND_LABELS,
    FOLLOW_UP_STATUS_LABELS,
    OUTCOME_LABELS,
    PARTNER_KIND_LABELS,
    ROUND_KIND_LABELS,
    TALENT_LABELS,
    URGENCY_LABELS,
)
from ..models import User
from ..models.crypto import decrypt_text
from ..models.enums import FollowUpStatus, Role, RoundStatus
from .audit import record_event
from .followups.service_levels import holiday_country, is_working_day, service_levels
from .followups.transitions import FINAL, WORKER_TARGETS, allowed_targets
from .followups.transitions import OPEN_STATUSES as _UNFINISHED

_ROUNDS = text("""
SELECT r.id, r.kind, r.date, r.status, r.title,
       ST_X(r.coffee_spot) AS spot_lon, ST_Y(r.coffee_spot) AS spot_lat,
       r.coffee_spot_name, r.key_contact, r.announcement_text, r.announcement_date,
       coalesce((SELECT json_agg(json_build_object('id', b.id, 'code', b.code, 'name', b.name)
                                 ORDER BY b.name, b.id)
                   FROM round_buurten rb JOIN buurten b ON b.id = rb.buurt_id
                  WHERE rb.round_id = r.id), '[]'::json) AS buurten
  FROM rounds r
  JOIN round_workers rw ON rw.round_id = r.id AND rw.user_id = :worker
 WHERE r.date >= :since AND r.status <> :done
 ORDER BY r.date, r.id
""")

# Every door of each planned street, for the whole team: the address list's doors plus
# numbers logged that are not in it ("outside"), each with its last outcome and when (UTC).
# Only the number, the outcome and the time: no help question, no name, no worker. A door
# is the door key (contacts.door, addresses.door; geo.addresses.door_key): '12a' and '12-A'
# are one door. Labels of doors outside the address list are written as doors.js writes
# them. Keys without a value are left out: most doors of a street were never rung, and
# the bundle travels over slow mobile networks uncompressed.
_STREETS = text("""
WITH planned AS (
  SELECT round_id, street_id, position FROM round_streets
   WHERE round_id = ANY(CAST(:rounds AS int[]))
), visits AS (
  SELECT c.street_id, max(c.recorded_at) AS last_visit
    FROM contacts c
   WHERE c.street_id IN (SELECT street_id FROM planned)
   GROUP BY c.street_id
), known AS (
  SELECT a.street_id, a.door, min(a.house_number) AS number,
         min(a.house_number::text || coalesce(a.house_letter, '')
             || coalesce('-' || a.addition, '')) AS label
    FROM addresses a
   WHERE a.street_id IN (SELECT street_id FROM planned)
   GROUP BY a.street_id, a.door
), last_at_door AS (
  SELECT DISTINCT ON (c.street_id, c.door) c.street_id, c.door, c.house_number, c.outcome,
         c.recorded_at
    FROM contacts c
   WHERE c.street_id IN (SELECT street_id FROM planned) AND c.door IS NOT NULL
   ORDER BY c.street_id, c.door, c.recorded_at DESC, c.received_at DESC, c.id DESC
), doors AS (
  SELECT coalesce(k.street_id, l.street_id) AS street_id,
         count(*) FILTER (WHERE k.door IS NOT NULL) AS known_doors,
         json_agg(json_strip_nulls(json_build_object(
           'door', coalesce(k.door, l.door),
           'label', coalesce(k.label, l.house_number::text
                    || CASE WHEN split_part(l.door, ':', 2) ~ '^[0-9]' THEN '-' ELSE '' END
                    || split_part(l.door, ':', 2)),
           'outside', CASE WHEN k.door IS NULL THEN true END,
           'outcome', l.outcome,
           'at', to_char(l.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
           ORDER BY coalesce(k.number, l.house_number), coalesce(k.door, l.door)) AS doors
    FROM known k
    FULL JOIN last_at_door l ON l.street_id = k.street_id AND l.door = k.door
   GROUP BY 1
)
SELECT p.round_id, s.id, s.name, s.buurt_id, b.name AS buurt_name, p.position, s.length_m,
       v.last_visit, coalesce(d.known_doors, 0) AS known_doors,
       coalesce(d.doors, '[]'::json) AS doors, ST_AsGeoJSON(s.geom, 6) AS geometry
  FROM planned p
  JOIN streets s ON s.id = p.street_id
  JOIN buurten b ON b.id = s.buurt_id
  LEFT JOIN visits v ON v.street_id = s.id
  LEFT JOIN doors d ON d.street_id = s.id
 ORDER BY p.round_id, p.position
""")

# Partners serving the rounds' buurten; when none do, every active partner.
_PARTNERS = text("""
WITH served AS (
  SELECT DISTINCT pb.partner_id FROM partner_buurten pb
   WHERE pb.buurt_id IN (SELECT buurt_id FROM round_buurten
                          WHERE round_id = ANY(CAST(:rounds AS int[])))
), chosen AS (
  SELECT p.* FROM partners p
   WHERE p.active
     AND (p.id IN (SELECT partner_id FROM served)
          OR NOT EXISTS (SELECT 1 FROM served s JOIN partners q ON q.id = s.partner_id
                          WHERE q.active))
)
SELECT id, name, kind, phone, email, address, opening_hours,
       ST_X(geom) AS lon, ST_Y(geom) AS lat
  FROM chosen
 ORDER BY name, id
""")

_FOLLOW_UPS = text("""
SELECT f.id, f.kind, f.status, f.due_date, f.partner_id, p.name AS partner_name,
       s.name AS street_name, b.name AS buurt_name, c.house_number, c.house_suffix,
       ARRAY(SELECT DISTINCT hq.category FROM help_questions hq
              WHERE hq.contact_id = f.contact_id OR hq.id = f.help_question_id
              ORDER BY 1) AS help_categories,
       f.note, f.resident_name, f.resident_phone, f.version
  FROM follow_ups f
  LEFT JOIN partners p ON p.id = f.partner_id
  LEFT JOIN contacts c ON c.id = f.contact_id
  LEFT JOIN streets s ON s.id = c.street_id
  LEFT JOIN buurten b ON b.id = c.buurt_id
 WHERE f.assignee_id = :worker AND f.status = ANY(CAST(:open AS text[]))
 ORDER BY f.due_date NULLS LAST, f.created_at, f.id
""")

# Unreachable residents stay on the worker's list: the next round may find them at home.
OPEN_STATUSES = tuple(sorted(_UNFINISHED))


@dataclass
class Bundle:
    """The bundle's CONTENT (without generated_at and csrf_token) and its VERSION hash.

    WITH_RESIDENT_DETAILS: follow-ups carrying a resident's name or phone; DOORS_SEEN:
    street id -> doors with a logged outcome (what a household did at its door).
    """

    content: dict
    version: str
    with_resident_details: list[str]
    doors_seen: dict[int, int]


def _iso(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
    return value.isoformat()


def _point(lon, lat):
    return {"lon": round(lon, 6), "lat": round(lat, 6)} if lon is not None else None


def _rounds(worker: User) -> list[dict]:
    rows = db.session.execute(_ROUNDS, {"worker": worker.id,
                                        "since": local_today() - timedelta(days=1),
                                        "done": RoundStatus.afgerond.value}).mappings()
    return [{
        "id": r["id"], "kind": r["kind"], "date": r["date"].isoformat(), "status": r["status"],
        "title": r["title"], "buurten": r["buurten"],
        "coffee_spot": _point(r["spot_lon"], r["spot_lat"]),
        "coffee_spot_name": r["coffee_spot_name"], "key_contact": r["key_contact"],
        "announcement_text": r["announcement_text"],
        "announcement_date": _iso(r["announcement_date"]),
        "streets": [],
    } for r in rows]


def _streets(rounds: list[dict]) -> dict:
    """Fill each round's street list (with its doors); return the streets' FeatureCollection."""
    by_id = {r["id"]: r for r in rounds}
    features = {}
    rows = db.session.execute(_STREETS, {"rounds": list(by_id)}).mappings()
    for row in rows:
        by_id[row["round_id"]]["streets"].append({
            "id": row["id"], "name": row["name"], "buurt_id": row["buurt_id"],
            "buurt_name": row["buurt_name"], "position": row["position"],
            "length_m": round(row["length_m"], 1), "last_visit": _iso(row["last_visit"]),
            "known_doors": row["known_doors"], "doors": row["doors"],
        })
        features.setdefault(row["id"], {
            "type": "Feature", "geometry": json.loads(row["geometry"]),
            "properties": {"id": row["id"], "name": row["name"], "buurt_id": row["buurt_id"]},
        })
    return {"type": "FeatureCollection", "features": list(features.values())}


def _partners(rounds: list[dict]) -> list[dict]:
    rows = db.session.execute(_PARTNERS, {"rounds": [r["id"] for r in rounds]}).mappings()
    return [{
        "id": p["id"], "name": p["name"], "kind": p["kind"], "phone": p["phone"],
        "email": p["email"], "address": p["address"], "opening_hours": p["opening_hours"],
        "location": _point(p["lon"], p["lat"]),
    } for p in rows]


def _follow_ups(worker: User) -> list[dict]:
    rows = db.session.execute(_FOLLOW_UPS, {"worker": worker.id,
                                            "open": [s.value for s in OPEN_STATUSES]})
    return [{
        "id": str(f.id), "kind": f.kind, "status": f.status, "due_date": _iso(f.due_date),
        "partner_id": f.partner_id, "partner_name": f.partner_name,
        "street_name": f.street_name, "buurt_name": f.buurt_name,
        "house_number": f.house_number, "house_suffix": f.house_suffix,
        # Raw SQL bypasses EncryptedText: decrypt here (and the version hash stays stable).
        "help_categories": list(f.help_categories), "note": decrypt_text(f.note),
        "resident_name": decrypt_text(f.resident_name),
        "resident_phone": decrypt_text(f.resident_phone),
        "version": f.version,
    } for f in rows.mappings()]


# The phone's words, in the order it offers them; every label in the request's language.
_VOCABULARY = {
    "outcome": OUTCOME_LABELS,
    "round_kind": ROUND_KIND_LABELS,
    "consent": CONSENT_LABELS,
    "help_category": CATEGORY_LABELS,
    "urgency": URGENCY_LABELS,
    "talent_kind": TALENT_LABELS,
    "follow_up_kind": FOLLOW_UP_KIND_LABELS,
    "follow_up_status": FOLLOW_UP_STATUS_LABELS,
    "partner_kind": PARTNER_KIND_LABELS,
}


def vocabulary() -> dict:
    """The labels of every value the phone shows or offers, as [{value, label}] per kind."""
    return {kind: [{"value": value.value, "label": str(label)} for value, label in labels.items()]
            for kind, labels in _VOCABULARY.items()}


def follow_up_rules() -> dict:
    """The statuses a veldwerker may set from each status, and the final (closed) ones."""
    worker = Role.veldwerker
    return {
        "worker_targets": {
            status.value: [t.value for t in WORKER_TARGETS if t in allowed_targets(status, worker)]
            for status in FollowUpStatus},
        "final_statuses": sorted(s.value for s in FINAL),
    }


def holidays_between(first: date, last: date, country: str) -> list[date]:
    """Weekdays from FIRST to LAST (inclusive) that are public holidays in COUNTRY."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5 and not is_working_day(d, country)]


def service_level_rules(today: date) -> dict:
    """Working days per follow-up kind and the holidays of this year and the next.

    Whole years, so the bundle's version changes once a year, not every day; the phone
    counts due dates with them exactly as service_levels.default_due_date does, and
    leaves the date to the server past HOLIDAYS_UNTIL.
    """
    first, last = date(today.year, 1, 1), date(today.year + 1, 12, 31)
    return {
        "working_days": {kind.value: days for kind, days in sorted(service_levels().items())},
        "holidays": [d.isoformat() for d in holidays_between(first, last, holiday_country())],
        "holidays_from": first.isoformat(),
        "holidays_until": last.isoformat(),
    }


def content_version(content: dict) -> str:
    """sha256 hex of the canonical JSON of CONTENT."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def build_bundle(worker: User) -> Bundle:
    """The offline bundle of WORKER: rounds, their streets and the team's doors, partners,
    own open follow-ups, and the vocabulary and rules the phone works with."""
    rounds = _rounds(worker)
    streets = _streets(rounds)
    follow_ups = _follow_ups(worker)
    content = {
        "worker": {"id": worker.id, "name": worker.name},
        "rounds": rounds,
        "streets": streets,
        "partners": _partners(rounds),
        "follow_ups": follow_ups,
        "vocabulary": vocabulary(),
        "follow_up_rules": follow_up_rules(),
        "service_levels": service_level_rules(local_today()),
    }
    personal = [f["id"] for f in follow_ups if f["resident_name"] or f["resident_phone"]]
    seen = {}
    for round_ in rounds:
        for street in round_["streets"]:
            count = sum(1 for door in street["doors"] if "outcome" in door)
            if count:
                seen[street["id"]] = count
    return Bundle(content=content, version=content_version(content),
                  with_resident_details=personal, doors_seen=seen)


def record_bundle_read(worker: User, bundle: Bundle, *, ip: str | None = None) -> None:
    """Audit the hand-over of residents' names and phone numbers and of what households
    did at their doors, if the bundle has any."""
    details = {}
    if bundle.with_resident_details:
        details["follow_ups"] = len(bundle.with_resident_details)
        details["follow_up_ids"] = bundle.with_resident_details
    if bundle.doors_seen:
        details["doors"] = sum(bundle.doors_seen.values())
        details["door_street_ids"] = sorted(bundle.doors_seen)
    if not details:
        return
    record_event("personal_data.read", worker, subject_type="veld_bundle", ip=ip,
                 details=details)
    db.session.commit()

"""The field bundle: what a worker's phone needs offline, one SQL query per list.

The version is a hash of the content, so the phone can ask "changed since?" with
If-None-Match and get a 304 instead of the same megabyte again.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from ..clock import local_today
from ..extensions import db
from ..models import User
from ..models.crypto import decrypt_text
from ..models.enums import RoundStatus
from .audit import record_event
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

# Door counts and last visits cover every worker's contacts: the street's coverage.
_STREETS = text("""
WITH planned AS (
  SELECT round_id, street_id, position FROM round_streets
   WHERE round_id = ANY(CAST(:rounds AS int[]))
), visits AS (
  SELECT c.street_id,
         count(DISTINCT (c.house_number, upper(coalesce(c.house_suffix, ''))))
           FILTER (WHERE c.house_number IS NOT NULL) AS doors,
         max(c.recorded_at) AS last_visit
    FROM contacts c
   WHERE c.street_id IN (SELECT street_id FROM planned)
   GROUP BY c.street_id
), doors AS (
  SELECT street_id, array_agg(label ORDER BY house_number, label) AS labels
    FROM (SELECT DISTINCT a.street_id, a.house_number,
                 a.house_number::text || coalesce(a.house_letter, '')
                   || coalesce('-' || a.addition, '') AS label
            FROM addresses a
           WHERE a.street_id IN (SELECT street_id FROM planned)) known
   GROUP BY street_id
)
SELECT p.round_id, s.id, s.name, s.buurt_id, b.name AS buurt_name, p.position, s.length_m,
       coalesce(v.doors, 0) AS doors, v.last_visit, coalesce(d.labels, '{}') AS labels,
       ST_AsGeoJSON(s.geom, 6) AS geometry
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
    """The bundle's CONTENT (without generated_at and csrf_token) and its VERSION hash."""

    content: dict
    version: str
    with_resident_details: list[str]


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
    """Fill each round's street list; return the FeatureCollection of all their streets."""
    by_id = {r["id"]: r for r in rounds}
    features = {}
    rows = db.session.execute(_STREETS, {"rounds": list(by_id)}).mappings()
    for row in rows:
        by_id[row["round_id"]]["streets"].append({
            "id": row["id"], "name": row["name"], "buurt_id": row["buurt_id"],
            "buurt_name": row["buurt_name"], "position": row["position"],
            "length_m": round(row["length_m"], 1), "doors_logged": row["doors"],
            "last_visit": _iso(row["last_visit"]), "house_numbers": list(row["labels"]),
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


def content_version(content: dict) -> str:
    """sha256 hex of the canonical JSON of CONTENT."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def build_bundle(worker: User) -> Bundle:
    """The offline bundle of WORKER: rounds, their streets, partners, own open follow-ups."""
    rounds = _rounds(worker)
    streets = _streets(rounds)
    follow_ups = _follow_ups(worker)
    content = {
        "worker": {"id": worker.id, "name": worker.name},
        "rounds": rounds,
        "streets": streets,
        "partners": _partners(rounds),
        "follow_ups": follow_ups,
    }
    personal = [f["id"] for f in follow_ups if f["resident_name"] or f["resident_phone"]]
    return Bundle(content=content, version=content_version(content),
                  with_resident_details=personal)


def record_bundle_read(worker: User, bundle: Bundle, *, ip: str | None = None) -> None:
    """Audit the hand-over of residents' names and phone numbers, if the bundle has any."""
    if not bundle.with_resident_details:
        return
    record_event("personal_data.read", worker, subject_type="veld_bundle", ip=ip,
                 details={"follow_ups": len(bundle.with_resident_details),
                          "follow_up_ids": bundle.with_resident_details})
    db.session.commit()

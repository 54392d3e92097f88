"""One query for everything the batch refers to that already exists."""

from dataclasses import dataclass, field

# Text in every column so the four lookups fit one UNION ALL and one round trip.
_SQL = """
SELECT 'contact', c.id::text, c.payload_hash, c.street_id, c.buurt_id
  FROM contacts c WHERE c.id = ANY(%(contacts)s::uuid[])
UNION ALL
SELECT 'follow_up', f.id::text, f.contact_id::text, NULL, NULL
  FROM follow_ups f WHERE f.id = ANY(%(follow_ups)s::uuid[])
UNION ALL
SELECT 'round', rw.round_id::text, NULL, NULL, NULL
  FROM round_workers rw
 WHERE rw.user_id = %(worker)s AND rw.round_id = ANY(%(rounds)s::int[])
UNION ALL
SELECT 'partner', p.id::text, NULL, NULL, NULL
  FROM partners p WHERE p.id = ANY(%(partners)s::int[])
"""


@dataclass
class StoredContact:
    payload_hash: str | None
    street_id: int | None
    buurt_id: int


@dataclass
class Known:
    """What exists: contacts by id, follow-ups (id -> contact id), the worker's rounds, partners."""

    contacts: dict[str, StoredContact] = field(default_factory=dict)
    follow_ups: dict[str, str | None] = field(default_factory=dict)
    rounds: set[int] = field(default_factory=set)
    partners: set[int] = field(default_factory=set)


def lookup_known(cur, worker_id: int, *, contacts: list, follow_ups: list, rounds: list,
                 partners: list) -> Known:
    """Which of the given ids exist (rounds: which are assigned to WORKER_ID)."""
    known = Known()
    cur.execute(_SQL, {"contacts": contacts, "follow_ups": follow_ups, "worker": worker_id,
                       "rounds": rounds, "partners": partners})
    for kind, key, a, b, c in cur.fetchall():
        if kind == "contact":
            known.contacts[key] = StoredContact(a, b, c)
        elif kind == "follow_up":
            known.follow_ups[key] = a
        elif kind == "round":
            known.rounds.add(int(key))
        else:
            known.partners.add(int(key))
    return known


def stored_contacts(cur, ids: list) -> dict[str, StoredContact]:
    """The stored hash and place of the contacts with these ids (after a lost insert race)."""
    cur.execute("SELECT id::text, payload_hash, street_id, buurt_id FROM contacts "
                "WHERE id = ANY(%s::uuid[])", (ids,))
    return {key: StoredContact(h, s, b) for key, h, s, b in cur.fetchall()}

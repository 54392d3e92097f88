"""Small helpers shared by the demo generators: ids and times that follow the seed."""

import random
import uuid
from datetime import UTC, date, datetime, time

from ...clock import TEAM_TIMEZONE


def new_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from RNG, so the same seed gives the same ids."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def at_local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """DAY at a Dutch wall-clock time, as an aware UTC datetime."""
    local = datetime.combine(day, time(hour, minute, second), tzinfo=TEAM_TIMEZONE)
    return local.astimezone(UTC)


def pick(rng: random.Random, weights: dict):
    """One key of WEIGHTS, chosen with those weights."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]

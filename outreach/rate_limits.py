"""Attempt budgets shared by every worker: failed logins per address and per account.

Flask-Limiter counts requests (the partner-link page); a failed login is only known
after the password was checked, and checking first and counting afterwards lets a
burst of parallel guesses through before the first one is counted. So an attempt
reserves a place in every budget it draws on, atomically, before the password is
checked, and gives the places back when the login succeeds: at most LIMIT failures
per window, however many requests run at once.

The counts live where RATELIMIT_STORAGE_URI says: Redis (`redis://`, `rediss://`,
`redis+unix:///path/to/socket`), one sorted set per budget, so every gunicorn worker
and every host counts together; `memory://` counts per process (tests, one worker).
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import threading
import time
import uuid
from dataclasses import dataclass

from flask import Flask, current_app, request

log = logging.getLogger(__name__)

EXTENSION = "attempt_budgets"
KEY_PREFIX = "buurtronde:attempts:"


class StorageNotSupported(RuntimeError):
    """RATELIMIT_STORAGE_URI names a store the attempt budgets cannot use."""


class BudgetFull(Exception):
    """BUDGET has no place left for another attempt."""

    def __init__(self, budget: Budget):
        super().__init__(budget.key)
        self.budget = budget


@dataclass(frozen=True)
class Budget:
    """At most LIMIT attempts within WINDOW seconds for one KEY."""

    key: str
    limit: int
    window: int


@dataclass(frozen=True)
class Reservation:
    """The places one attempt holds; give them back with release()."""

    budgets: tuple[Budget, ...]
    token: str


def address_key(ip: str | None) -> str:
    """The address an attempt is counted under: IPv4 as is, IPv6 by its /64.

    One IPv6 home or phone gets a whole /64, so counting single addresses would give
    it 2^64 budgets.
    """
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is that IPv4 address
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_address_key() -> str:
    """Flask-Limiter's key: the request's address, IPv6 by its /64."""
    return address_key(request.remote_addr)


def account_key(email: str) -> str:
    """A budget key for an e-mail address that does not put the address in the store."""
    return hashlib.sha256(email.encode()).hexdigest()[:32]


class _MemoryStore:
    """Per process: right for tests and a single worker, wrong for several."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: dict[str, dict[str, float]] = {}

    def reserve(self, budgets: tuple[Budget, ...], token: str) -> int:
        now = time.monotonic()
        with self._lock:
            for number, budget in enumerate(budgets, 1):
                entries = self._entries.setdefault(budget.key, {})
                for old, at in list(entries.items()):
                    if at <= now - budget.window:
                        del entries[old]
                if len(entries) >= budget.limit:
                    return number
            for budget in budgets:
                self._entries[budget.key][token] = now
            return 0

    def release(self, budgets: tuple[Budget, ...], token: str) -> None:
        with self._lock:
            for budget in budgets:
                self._entries.get(budget.key, {}).pop(token, None)

    def reset(self) -> None:
        with self._lock:
            self._entries.clear()


# Check every budget, then take a place in each: all or nothing, in one step, on the
# server's clock (app hosts' clocks may differ). Answers 0, or the number of the first
# full budget.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - tonumber(ARGV[2 * i]))
  if redis.call('ZCARD', key) >= tonumber(ARGV[2 * i - 1]) then return i end
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[#ARGV])
  redis.call('PEXPIRE', key, tonumber(ARGV[2 * i]))
end
return 0
"""


class _RedisStore:
    """One sorted set per budget: members are attempt tokens, scores their times."""

    def __init__(self, uri: str):
        import redis

        # redis-py spells a socket unix://; limits (Flask-Limiter) spells it redis+unix://.
        self._client = redis.Redis.from_url(uri.replace("redis+unix://", "unix://", 1))
        self._reserve = self._client.register_script(_RESERVE)

    def reserve(self, budgets: tuple[Budget, ...], token: str) -> int:
        keys = [KEY_PREFIX + b.key for b in budgets]
        args = [n for b in budgets for n in (b.limit, b.window * 1000)]
        return int(self._reserve(keys=keys, args=[*args, token]))

    def release(self, budgets: tuple[Budget, ...], token: str) -> None:
        with self._client.pipeline() as pipe:
            for budget in budgets:
                pipe.zrem(KEY_PREFIX + budget.key, token)
            pipe.execute()

    def reset(self) -> None:
        for key in self._client.scan_iter(match=KEY_PREFIX + "*"):
            self._client.delete(key)


def _store_for(uri: str):
    if uri.startswith("memory://"):
        return _MemoryStore()
    if uri.startswith(("redis://", "rediss://", "redis+unix://")):
        return _RedisStore(uri)
    raise StorageNotSupported(
        f"RATELIMIT_STORAGE_URI={uri.split('://')[0]}://... is not supported for login "
        "limits; use redis://host:6379, rediss://..., redis+unix:///path/to/socket or "
        "memory:// (one process only).")


class AttemptBudgets:
    """The app's attempt store, bound in create_app() like the other extensions."""

    def init_app(self, app: Flask) -> None:
        uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
        app.extensions[EXTENSION] = _store_for(uri)
        if uri.startswith("memory://") and not app.testing:
            log.warning("RATELIMIT_STORAGE_URI is memory://: each worker process counts "
                        "failed logins on its own, so the limits are multiplied by the "
                        "number of workers. Set it to a Redis server (docs/deploy.md).")

    @property
    def _store(self):
        return current_app.extensions[EXTENSION]

    def reserve(self, *budgets: Budget) -> Reservation:
        """A place in every budget for one attempt; BudgetFull (taking none) if one is full."""
        token = uuid.uuid4().hex
        full = self._store.reserve(budgets, token)
        if full:
            raise BudgetFull(budgets[full - 1])
        return Reservation(budgets, token)

    def release(self, reservation: Reservation) -> None:
        """Give an attempt's places back (it succeeded, so it was no guess)."""
        self._store.release(reservation.budgets, reservation.token)

    def reset(self) -> None:
        """Forget every count (tests)."""
        self._store.reset()

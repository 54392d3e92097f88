"""Attempt budgets: at most LIMIT places in a window, however many ask at once, in memory
and in a (private) Redis; a released place can be taken again."""

from __future__ import annotations

import threading
import time

import pytest
from flask import Flask, current_app

from outreach.rate_limits import (
    AttemptBudgets,
    Budget,
    BudgetFull,
    StorageNotSupported,
    account_key,
    address_key,
)
from tests.redis_server import private_redis


@pytest.fixture(scope="module")
def redis_uri():
    with private_redis() as uri:
        yield uri


@pytest.fixture(params=["memory", "redis"])
def budgets(request):
    uri = "memory://" if request.param == "memory" else request.getfixturevalue("redis_uri")
    app = Flask(__name__)
    app.config.update(TESTING=True, RATELIMIT_STORAGE_URI=uri)
    store = AttemptBudgets()
    store.init_app(app)
    with app.app_context():
        store.reset()
        yield store
        store.reset()


def _try(budgets, *which):
    try:
        return budgets.reserve(*which)
    except BudgetFull:
        return None


def test_parallel_attempts_get_exactly_the_limit(budgets):
    budget = Budget("test:parallel", 10, 60)
    results, start = [], threading.Barrier(40)
    app = current_app._get_current_object()

    def attempt():
        with app.app_context():
            start.wait()
            results.append(_try(budgets, budget))

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r is not None for r in results) == 10


def test_released_place_can_be_taken_again(budgets):
    budget = Budget("test:release", 2, 60)
    first = budgets.reserve(budget)
    budgets.reserve(budget)
    assert _try(budgets, budget) is None
    budgets.release(first)
    assert _try(budgets, budget) is not None


def test_a_full_budget_takes_no_place_in_the_others(budgets):
    address, account = Budget("test:address", 5, 60), Budget("test:account", 1, 60)
    budgets.reserve(account)
    with pytest.raises(BudgetFull) as full:
        budgets.reserve(address, account)
    assert full.value.budget is account
    for _ in range(5):  # the refused attempt left all five places of the address free
        budgets.reserve(address)


def test_places_come_free_after_the_window(budgets):
    budget = Budget("test:window", 1, 1)
    budgets.reserve(budget)
    assert _try(budgets, budget) is None
    time.sleep(1.1)
    assert _try(budgets, budget) is not None


@pytest.mark.parametrize(("ip", "key"), [
    ("192.0.2.1", "192.0.2.1"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:db8:1:2::ffff", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.1", "192.0.2.1"),
    ("", "unknown"),
    (None, "unknown"),
    ("not an address", "unknown"),
])
def test_address_key(ip, key):
    assert address_key(ip) == key


def test_account_key_keeps_the_address_out_of_the_store():
    key = account_key("anna@example.org")
    assert "anna" not in key and len(key) == 32
    assert key == account_key("anna@example.org") != account_key("bert@example.org")


def test_unsupported_store_is_refused_at_start():
    app = Flask(__name__)
    app.config.update(RATELIMIT_STORAGE_URI="memcached://localhost:11211")
    with pytest.raises(StorageNotSupported):
        AttemptBudgets().init_app(app)

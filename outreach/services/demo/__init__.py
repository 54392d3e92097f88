"""A believable demo town, Veenhoven, so every page has something to show on a fresh machine.

`seed_demo(seed)` stores buurten, streets, addresses, partners, accounts, a few weeks of
rounds with their contacts, and follow-ups in every status, all in one transaction. It
refuses (Conflict) when the demo town is already there rather than adding it twice. The
same seed on the same day gives the same data: every random choice comes from
random.Random(seed) and every date from the team's today.
"""

from .accounts import DEMO_ACCOUNTS, DemoAccount
from .plan import DemoPlan, build_plan
from .store import database_is_empty, seed_demo

__all__ = ["DEMO_ACCOUNTS", "DemoAccount", "DemoPlan", "build_plan", "database_is_empty",
           "seed_demo"]

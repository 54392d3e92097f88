"""The whole demo as plain data, before anything touches the database."""

import random
from dataclasses import dataclass
from datetime import date

from .contacts import ContactPlan, plan_contacts
from .followups import FollowUpPlan, plan_follow_ups
from .partners import PartnerPlan, plan_partners
from .rounds import RoundPlan, plan_rounds
from .town import Town, build_town


@dataclass(frozen=True)
class DemoPlan:
    town: Town
    partners: tuple[PartnerPlan, ...]
    rounds: tuple[RoundPlan, ...]
    contacts: tuple[ContactPlan, ...]
    follow_ups: tuple[FollowUpPlan, ...]


def build_plan(seed: int, today: date) -> DemoPlan:
    """Everything seed_demo will store; the same SEED and TODAY give the same plan."""
    town = build_town()
    # One generator per part, so a change in one part leaves the others as they were.
    rounds = plan_rounds(random.Random(f"{seed}:rounds"), town, today)
    contacts = plan_contacts(random.Random(f"{seed}:contacts"), town, rounds)
    follow_ups = plan_follow_ups(random.Random(f"{seed}:follow-ups"), town, contacts, today)
    return DemoPlan(town=town, partners=plan_partners(town), rounds=rounds,
                    contacts=contacts, follow_ups=follow_ups)

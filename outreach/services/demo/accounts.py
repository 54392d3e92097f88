"""Who works in the demo: one login per role to try the app with, and a few colleagues."""

from dataclasses import dataclass

from ...models.enums import Role


@dataclass(frozen=True)
class DemoAccount:
    """A demo login printed by `flask outreach demo-accounts`."""

    role: Role
    email: str
    password: str
    name: str
    active: bool = True


# Passwords are public on purpose: this is a demo town, never a real team's database.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(Role.veldwerker, "veldwerker@demo.buurtronde.nl", "demo-veldwerker-2026",
                "Fatima el Amrani"),
    DemoAccount(Role.veldwerker, "veldwerker2@demo.buurtronde.nl", "demo-veldwerker2-2026",
                "Joost de Vries"),
    DemoAccount(Role.coordinator, "coordinator@demo.buurtronde.nl", "demo-coordinator-2026",
                "Sanne Bakker"),
    DemoAccount(Role.teamleider, "teamleider@demo.buurtronde.nl", "demo-teamleider-2026",
                "Priya Ramdin"),
    DemoAccount(Role.beheerder, "beheerder@demo.buurtronde.nl", "demo-beheerder-2026",
                "Ruud Hoekstra"),
)

# Colleagues without a printed login (they get an unguessable password): a third
# veldwerker, and one who left the team, so old rounds show a deactivated account.
COLLEAGUES: tuple[DemoAccount, ...] = (
    DemoAccount(Role.veldwerker, "lotte.jansen@demo.buurtronde.nl", "", "Lotte Jansen"),
    DemoAccount(Role.veldwerker, "kees.vandam@demo.buurtronde.nl", "", "Kees van Dam",
                active=False),
)

FIELD_WORKER = DEMO_ACCOUNTS[0].email
FIELD_WORKER_2 = DEMO_ACCOUNTS[1].email
COORDINATOR = DEMO_ACCOUNTS[2].email
TEAM_LEAD = DEMO_ACCOUNTS[3].email
LOTTE = COLLEAGUES[0].email
KEES = COLLEAGUES[1].email
ACTIVE_FIELD_WORKERS = (FIELD_WORKER, FIELD_WORKER_2, LOTTE)

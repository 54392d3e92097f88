"""Enumerations of the domain, in Dutch as the users say them.

Stored as VARCHAR with a CHECK constraint rather than native PostgreSQL enum types:
the database still refuses unknown values, and adding a value later is a plain
constraint swap in a migration instead of ALTER TYPE gymnastics.
"""

from enum import StrEnum

import sqlalchemy as sa


class Role(StrEnum):
    veldwerker = "veldwerker"
    coordinator = "coordinator"
    teamleider = "teamleider"
    beheerder = "beheerder"


class RoundKind(StrEnum):
    bloemen = "bloemen"
    koffie = "koffie"
    anders = "anders"


class RoundStatus(StrEnum):
    gepland = "gepland"
    bezig = "bezig"
    afgerond = "afgerond"


class Outcome(StrEnum):
    niet_thuis = "niet_thuis"
    open_geen_gesprek = "open_geen_gesprek"
    gesprek = "gesprek"
    geweigerd = "geweigerd"


class Setting(StrEnum):
    deur = "deur"
    koffieplek = "koffieplek"
    straat = "straat"


class Consent(StrEnum):
    geen = "geen"
    anoniem = "anoniem"
    opvolging = "opvolging"


class HelpCategory(StrEnum):
    eenzaamheid = "eenzaamheid"
    geld_schulden = "geld_schulden"
    wonen = "wonen"
    werk = "werk"
    inkomen_regelingen = "inkomen_regelingen"
    gezondheid = "gezondheid"
    psychisch = "psychisch"
    taal = "taal"
    opvoeding = "opvoeding"
    juridisch = "juridisch"
    veiligheid = "veiligheid"
    leefbaarheid = "leefbaarheid"
    anders = "anders"


class Urgency(StrEnum):
    laag = "laag"
    normaal = "normaal"
    hoog = "hoog"


class TalentKind(StrEnum):
    vrijwilligerswerk = "vrijwilligerswerk"
    koken = "koken"
    taal = "taal"
    klussen = "klussen"
    creatief = "creatief"
    zorg = "zorg"
    anders = "anders"


class FollowUpKind(StrEnum):
    terugbellen = "terugbellen"
    huisbezoek = "huisbezoek"
    warme_overdracht = "warme_overdracht"
    informatie = "informatie"


class FollowUpStatus(StrEnum):
    open = "open"
    bezig = "bezig"
    overgedragen = "overgedragen"
    afgerond = "afgerond"
    niet_bereikbaar = "niet_bereikbaar"
    geannuleerd = "geannuleerd"


class PartnerOutcome(StrEnum):
    """What a partner confirms about a warm handover, through its link."""
    contact_gelegd = "contact_gelegd"
    opgepakt = "opgepakt"
    afgerond = "afgerond"


class PartnerKind(StrEnum):
    wijkteam = "wijkteam"
    schuldhulp = "schuldhulp"
    huisarts = "huisarts"
    sociaal_makelaar = "sociaal_makelaar"
    wijkagent = "wijkagent"
    woningcorporatie = "woningcorporatie"
    taalhuis = "taalhuis"
    voedselbank = "voedselbank"
    ontmoetingsplek = "ontmoetingsplek"
    vrijwilligerscentrale = "vrijwilligerscentrale"


def enum_column_type(enum_cls: type[StrEnum], name: str) -> sa.Enum:
    """A VARCHAR column type whose values the database checks against ENUM_CLS."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )

"""Partner organisations and meeting places in Veenhoven, placed at real demo addresses."""

from dataclasses import dataclass

from shapely.geometry import Point

from ...models.enums import PartnerKind
from .town import Town

ALL = ("*",)


@dataclass(frozen=True)
class PartnerPlan:
    name: str
    kind: PartnerKind
    contact_name: str | None
    phone: str
    email: str | None
    address: str | None
    geom: Point | None
    opening_hours: str | None
    buurt_codes: tuple[str, ...]
    active: bool = True


# name, kind, contact, phone suffix, e-mail box, (street, number) or None, hours, buurten
_PARTNERS = (
    ("Wijkteam Veenhoven", PartnerKind.wijkteam, "Marloes Kuiper", "100", "wijkteam",
     ("Raadhuisstraat", 3), "ma-vr 9:00-17:00, inloop di 9:00-11:00", ALL),
    ("Schuldhulpmaatje Veenhoven", PartnerKind.schuldhulp, "Hans Verbeek", "110",
     "schuldhulp", ("Schippersstraat", 11), "wo 13:00-16:00 spreekuur, verder op afspraak", ALL),
    ("Huisartsenpraktijk De Vaart", PartnerKind.huisarts, None, "120", None,
     ("Kosterstraat", 5), "ma-vr 8:00-17:00",
     ("Centrum", "Oude Haven", "Kerkpad")),
    ("Gezondheidscentrum Molenwijk", PartnerKind.huisarts, None, "121", None,
     ("Wiekstraat", 8), "ma-vr 8:00-17:00", ("Molenwijk", "Bloemenbuurt")),
    ("Sociaal makelaar Veenhoven-Noord", PartnerKind.sociaal_makelaar, "Yasmina Ouali", "130",
     "makelaar.noord", None, None, ("Molenwijk", "Bloemenbuurt")),
    ("Sociaal makelaar Veenhoven-Zuid", PartnerKind.sociaal_makelaar, "Bram Koster", "131",
     "makelaar.zuid", None, None, ("De Weide", "Rietland", "Kerkpad")),
    ("Wijkagent Centrum en Oude Haven", PartnerKind.wijkagent, "Inge Dekker", "140", None,
     None, None, ("Centrum", "Oude Haven")),
    ("Woonstichting Veenland", PartnerKind.woningcorporatie, None, "150", "huurders",
     ("Marktstraat", 14), "ma-do 9:00-16:00", ALL),
    ("Taalhuis Veenhoven", PartnerKind.taalhuis, "Noor Hendriks", "160", "taalhuis",
     ("Voorstraat", 21), "wo 13:30-15:30 en za 10:00-12:00 in de bibliotheek", ALL),
    ("Voedselbank Veenhoven", PartnerKind.voedselbank, None, "170", "voedselbank",
     ("Werfstraat", 4), "vr 14:00-16:00 uitgifte", ALL),
    ("Huiskamer De Linde", PartnerKind.ontmoetingsplek, "Els Brouwer", "180", "delinde",
     ("Weidelaan", 9), "di en do 10:00-12:30 koffie-inloop, vr 17:30 samen eten",
     ("De Weide", "Kerkpad")),
    ("Buurthuis 't Anker", PartnerKind.ontmoetingsplek, "Mustafa Aydin", "181", "hetanker",
     ("Ankerstraat", 12), "ma-za 9:00-22:00", ("Oude Haven", "Centrum")),
    ("Vrijwilligerscentrale Veenhoven", PartnerKind.vrijwilligerscentrale, "Tessa Vos", "190",
     "vrijwilligers", ("Nieuwstraat", 2), "ma, wo en do 10:00-15:00", ALL),
    # Stopped last year; kept so the admin pages show what an inactive partner looks like.
    ("Repair Café Molenwijk", PartnerKind.ontmoetingsplek, None, "182", None,
     ("Meelstraat", 7), "eerste za van de maand 10:00-13:00 (gestopt)", ("Molenwijk",)),
)


def plan_partners(town: Town) -> tuple[PartnerPlan, ...]:
    """The demo partners; their locations are addresses of the town itself."""
    codes = {b.name: b.code for b in town.buurten}
    plans = []
    for name, kind, contact, phone, box, where, hours, buurten in _PARTNERS:
        address = geom = None
        if where is not None:
            street, number = where
            door = min((a for a in town.addresses if a.street_name == street),
                       key=lambda a, n=number: (abs(a.house_number - n), a.house_number))
            postcode = f"{door.postcode[:4]} {door.postcode[4:]}"
            address = f"{street} {door.house_number}, {postcode} Veenhoven"
            geom = door.geom
        plans.append(PartnerPlan(
            name=name, kind=kind, contact_name=contact,
            phone=f"0348-000{phone}",  # 000 numbers are not handed out: clearly fictional
            email=f"{box}@veenhoven.example.org" if box else None,
            address=address, geom=geom, opening_hours=hours,
            buurt_codes=tuple(codes.values()) if buurten == ALL else tuple(
                codes[b] for b in buurten),
            active=name != "Repair Café Molenwijk"))
    return tuple(plans)

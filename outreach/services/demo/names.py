"""The demo town's names and numbers: buurten with their key figures, street names."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BuurtSpec:
    code: str
    name: str
    wijk_code: str
    wijk_name: str
    seed_xy: tuple[float, float]  # Voronoi seed on the town's metre plane
    priority: int
    angle: float  # degrees; the buurt's street grid runs this way
    spacing: float  # metres between parallel streets
    cross_spacing: float
    house_spacing: float  # metres between front doors on one side
    streets: tuple[str, ...]
    cross_streets: tuple[str, ...]
    key_figures: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ThroughStreetSpec:
    name: str
    start: tuple[float, float]
    end: tuple[float, float]
    bend: float  # metres the middle bulges sideways


def _figures(inhabitants, households, ages, koop, income):
    """CBS-style kerncijfers; AGES are percentages 0-15, 15-25, 25-45, 45-65, 65+.

    None stands for a figure CBS suppressed (too few cases), as in the real files.
    """
    counts = [round(inhabitants * share / 100, -1) for share in ages]
    return {
        "aantal_inwoners": inhabitants,
        "aantal_huishoudens": households,
        "inw_0_15": int(counts[0]),
        "inw_15_25": int(counts[1]),
        "inw_25_45": int(counts[2]),
        "inw_45_65": int(counts[3]),
        "inw_65_plus": int(counts[4]),
        "pct_koopwoningen": koop,
        "pct_huurwoningen": None if koop is None else 100 - koop,
        "gem_inkomen_per_inwoner_x1000": income,
    }


_CENTRUM = ("WK990100", "Veenhoven-Centrum")
_NOORD = ("WK990101", "Veenhoven-Noord")
_ZUID = ("WK990102", "Veenhoven-Zuid")

BUURT_SPECS = (
    BuurtSpec("BU99010000", "Centrum", *_CENTRUM, (0, 60), 1, 8, 115, 260, 40,
              ("Voorstraat", "Marktstraat", "Achterstraat", "Nieuwstraat", "Smidsteeg",
               "Bakkerssteeg"),
              ("Raadhuisstraat", "Gasthuissteeg", "Brouwerssteeg", "Wevershof"),
              _figures(1840, 1210, (9, 16, 34, 24, 17), 38, 29.4)),
    BuurtSpec("BU99010001", "Oude Haven", *_CENTRUM, (760, -160), 3, -14, 125, 300, 43,
              ("Schippersstraat", "Loswal", "Ankerstraat", "Visserssteeg", "Kadestraat",
               "Sluisstraat", "Touwslagerij"),
              ("Roerstraat", "Zeilmakerij", "Bootsmanstraat", "Werfstraat"),
              _figures(2320, 1180, (21, 13, 29, 22, 15), 18, 21.6)),
    BuurtSpec("BU99010002", "Kerkpad", *_CENTRUM, (-720, -40), 1, 20, 135, 320, 56,
              ("Kosterstraat", "Pastoriestraat", "Kapelstraat", "Torenstraat", "Klokkenstraat",
               "Kloosterweg", "Pastoor van Leeuwenstraat"),
              ("Abdijstraat", "Kanunnikenhof", "Bisschopslaan", "Monnikenweg"),
              _figures(1960, 870, (18, 11, 24, 29, 18), 71, None)),
    BuurtSpec("BU99010100", "Molenwijk", *_NOORD, (-460, 650), 2, 32, 130, 320, 52,
              ("Korenmolen", "Wiekstraat", "Maalderij", "Molenaarsstraat", "Meelstraat",
               "Graanstraat", "Zeilstraat"),
              ("Stellingweg", "Kruiwerk", "Vangstraat", "Molensteen"),
              _figures(2890, 1350, (23, 14, 30, 21, 12), 34, 22.9)),
    BuurtSpec("BU99010101", "Bloemenbuurt", *_NOORD, (470, 630), 0, -22, 130, 310, 52,
              ("Tulpstraat", "Rozenlaan", "Narcissenstraat", "Irisstraat", "Lelieweg",
               "Anjerstraat", "Dahliastraat"),
              ("Krokusstraat", "Goudsbloemlaan", "Seringenstraat", "Hyacintstraat"),
              _figures(2450, 1020, (19, 12, 25, 28, 16), 64, 27.8)),
    BuurtSpec("BU99010200", "De Weide", *_ZUID, (-430, -660), 2, -8, 140, 330, 60,
              ("Weidelaan", "Slootweg", "Hooiweg", "Kievitstraat", "Gruttostraat",
               "Reigerlaan", "Zwanenweg"),
              ("Weidevogelstraat", "Tureluur", "Scholeksterlaan", "Hoefslag"),
              _figures(1710, 1030, (8, 7, 15, 24, 46), 42, 24.1)),
    BuurtSpec("BU99010201", "Rietland", *_ZUID, (500, -720), 0, 26, 140, 330, 56,
              ("Rietkraag", "Lisdodde", "Biezenstraat", "Kroosstraat", "Waterlelie",
               "Oeverstraat", "Rietgors"),
              ("Karekietstraat", "Fuutlaan", "Waterhoen", "Pluimstraat"),
              _figures(2130, 860, (24, 12, 31, 23, 10), None, 31.2)),
)

THROUGH_STREETS = (
    ThroughStreetSpec("Havenkade", (-1400, -60), (1400, -210), 70),
    ThroughStreetSpec("Molenweg", (-200, 1100), (-90, -1100), -60),
    ThroughStreetSpec("Kerkstraat", (260, 180), (-900, 110), 30),
)

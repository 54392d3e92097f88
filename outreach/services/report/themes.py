"""Which figure tells about which theme of the Den Haag Zuidwest impact framework.

Kept in this one table so that a funder's question "why does this number count for
that theme?" has one answer, and a change of framework is one edit. The framework's
five themes and why each figure belongs:

* Sociale cohesie: residents meeting each other and us. Contacts at the coffee spot
  are neighbours gathering; conversations are contact made; talents and the wish to
  take part are residents offering something to the street.
* Leefbaarheid en veiligheid: the street and the home: questions about leefbaarheid,
  veiligheid and wonen.
* Sociale veerkracht: whether people cope: questions about loneliness, mental and
  physical health, money, income and benefits, raising children and legal trouble,
  and whether the follow-up that came of them was completed.
* Maatschappelijke participatie: taking part in work and society: talents, the wish to
  take part and its follow-up, questions about werk and taal.
* Vertrouwen in overheid en organisaties: whether residents open the door and accept
  help: doors opened of doors knocked, warm handovers and what partners confirmed,
  follow-up completed on time and what is overdue.

A help question category belongs to at most one theme (so theme sums never count a
question twice); `anders` belongs to none and shows only in the full table. A figure
may serve two themes (talents), as the framework itself overlaps there.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ...models.enums import HelpCategory as H


@dataclass(frozen=True)
class Theme:
    key: str
    title: object
    question: object  # what the theme asks, shown under its heading
    figures: tuple[str, ...]  # keys of ImpactReport.figures
    categories: tuple[H, ...] = ()
    charts: tuple[str, ...] = ()  # keys of ImpactReport.charts
    tables: tuple[str, ...] = ()  # names of ImpactReport.tables


THEMES = (
    Theme("sociale_cohesie", _l("Sociale cohesie"),
          _l("Ontmoeten bewoners elkaar en ons?"),
          figures=("coffee_contacts", "conversations", "talents_found", "talents_wants"),
          charts=("ontmoeting",)),
    Theme("leefbaarheid_veiligheid", _l("Leefbaarheid en veiligheid"),
          _l("Wat speelt er rond straat en woning?"),
          figures=("help_leefbaarheid_veiligheid",),
          categories=(H.leefbaarheid, H.veiligheid, H.wonen),
          charts=("hulpvragen_leefbaarheid_veiligheid",)),
    Theme("sociale_veerkracht", _l("Sociale veerkracht"),
          _l("Redden bewoners het, en helpt de opvolging?"),
          figures=("help_sociale_veerkracht", "follow_ups_opened", "follow_ups_closed",
                   "median_days_to_close"),
          categories=(H.eenzaamheid, H.psychisch, H.gezondheid, H.geld_schulden,
                      H.inkomen_regelingen, H.opvoeding, H.juridisch),
          charts=("hulpvragen_sociale_veerkracht",), tables=("opvolging",)),
    Theme("maatschappelijke_participatie", _l("Maatschappelijke participatie"),
          _l("Doen bewoners mee, en pakken we hun talent op?"),
          figures=("talents_found", "talents_wants", "talents_followed",
                   "help_maatschappelijke_participatie"),
          categories=(H.werk, H.taal),
          charts=("talenten", "hulpvragen_maatschappelijke_participatie"),
          tables=("talenten",)),
    Theme("vertrouwen", _l("Vertrouwen in overheid en organisaties"),
          _l("Gaat de deur open, en komt hulp aan?"),
          figures=("doors_knocked", "doors_opened", "doors_opened_share", "handovers",
                   "handovers_confirmed", "follow_ups_on_time_share", "follow_ups_overdue"),
          charts=("overdrachten",), tables=("overdrachten",)),
)

THEME_OF_CATEGORY = {c: t.key for t in THEMES for c in t.categories}
assert len(THEME_OF_CATEGORY) == sum(len(t.categories) for t in THEMES), \
    "a help question category may belong to one theme only"

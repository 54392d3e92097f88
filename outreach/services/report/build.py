"""The impact report of one buurt (or the municipality) and period, ready to show or export.

Raw figures (figures.py) go through the small-number rule (small_numbers.py) here, once
per finest cell; every table, total, theme, chart and CSV file is made of those rounded
cells, so they cannot disagree about what is hidden and no total reveals a part.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ...clock import TEAM_TIMEZONE
from ...maps.labels import CATEGORY_LABELS, KEY_FIGURE_LABELS, TALENT_LABELS, URGENCY_LABELS
from ...models import Buurt
from ...models.enums import HelpCategory, PartnerOutcome, RoundKind, TalentKind, Urgency
from ..buurt_profile import KEY_FIGURE_ORDER
from .charts import Bar, bar_chart
from .figures import (
    CLOSED_MEASURES,
    FollowUpMeasure,
    ReportFigures,
    TalentClass,
    report_figures,
    summed_key_figures,
)
from .period import ReportPeriod
from .small_numbers import (
    NOBODY,
    Shown,
    Tally,
    cell,
    exact,
    exact_share,
    protected_median,
    protected_share,
    total,
)
from .themes import THEMES, Theme

OUTCOME_COLUMNS = (("geen_antwoord", None, _l("Nog geen antwoord")),
                   ("contact_gelegd", PartnerOutcome.contact_gelegd, _l("Contact gelegd")),
                   ("opgepakt", PartnerOutcome.opgepakt, _l("Opgepakt")),
                   ("afgerond", PartnerOutcome.afgerond, _l("Afgerond")))
TALENT_COLUMNS = (("gevonden", tuple(TalentClass)),
                  ("wil_meedoen", (TalentClass.wil_meedoen, TalentClass.opgevolgd)),
                  ("opgevolgd", (TalentClass.opgevolgd,)))


@dataclass
class Column:
    key: str  # also the CSV heading
    label: object
    numeric: bool = True
    protected: bool = False  # may hold "<5": the CSV gets a flag column beside it


@dataclass
class Table:
    """One table of the report: also one CSV file."""

    name: str
    title: object
    columns: list[Column]
    rows: list[dict]
    total: dict | None = None

    def all_rows(self) -> list[dict]:
        """The rows and, when there is one, the total row last."""
        return self.rows + ([self.total] if self.total else [])


@dataclass
class Figure:
    label: object
    value: Shown
    hint: object = None


@dataclass
class ImpactReport:
    buurt: Buurt | None
    period: ReportPeriod
    made_at: datetime
    figures: dict[str, Figure]
    tables: dict[str, Table]
    charts: dict[str, Markup]
    key_figures: list[tuple[str, object, object]]  # key, label, value
    key_figures_buurten: int = 0
    themes: tuple[Theme, ...] = field(default=THEMES)

    @property
    def scope_code(self) -> str:
        """The buurt code, or 'gemeente' for the whole municipality (file names, audit)."""
        return self.buurt.code if self.buurt else "gemeente"


@dataclass
class Tallies:
    """The report's resident counts, each the sum of rounded finest cells (small_numbers)."""

    help: dict  # (category, urgency) -> Tally, over the selection
    help_per_buurt: dict  # buurt id -> Tally of all its help questions
    talents: dict  # (kind, class) -> Tally
    follow_ups: dict  # measure -> Tally
    handovers: dict  # (partner id, outcome) -> Tally

    def closed(self) -> Tally:
        """Follow-ups closed in the period: the three closed measures together."""
        return total(self.follow_ups[m] for m in CLOSED_MEASURES)


def _tallies(raw: ReportFigures) -> Tallies:
    """Round every finest cell once and add the rounded cells up per published figure."""
    help_, per_buurt = defaultdict(lambda: NOBODY), defaultdict(lambda: NOBODY)
    for (buurt, category, urgency), c in raw.help_questions.items():
        rounded = cell(c.count, c.key)
        help_[(category, urgency)] += rounded
        per_buurt[buurt] += rounded
    talents = defaultdict(lambda: NOBODY)
    for (_buurt, kind, grade), c in raw.talents.items():
        talents[(kind, grade)] += cell(c.count, c.key)
    follow_ups = defaultdict(lambda: NOBODY)
    for (_buurt, measure), c in raw.follow_ups.items():
        follow_ups[measure] += cell(c.count, c.key)
    handovers = defaultdict(lambda: NOBODY)
    for (_buurt, partner, outcome), c in raw.handovers.items():
        handovers[(partner, outcome)] += cell(c.count, c.key)
    return Tallies(help_, per_buurt, talents, follow_ups, handovers)


def _label_row(label, value: Shown, key: str | None = None) -> dict:
    return {"onderdeel": str(label), "aantal": value, "_key": key}


def _activity_table(raw: ReportFigures) -> Table:
    a = raw.activity
    rows = [
        _label_row(_l("Deuren aangebeld"), exact(a.doors_knocked), "doors_knocked"),
        _label_row(_l("Deuren open"), exact(a.doors_opened), "doors_opened"),
        _label_row(_l("Deur open (% van aangebeld)"),
                   exact_share(a.doors_opened, a.doors_knocked), "doors_opened_share"),
        _label_row(_l("Gesprekken"), exact(a.conversations), "conversations"),
        _label_row(_l("Contacten op koffieplekken"), exact(a.coffee_contacts), "coffee_contacts"),
        _label_row(_l("Straten bezocht"), exact(a.streets_visited), "streets_visited"),
        _label_row(_l("Bloemenrondes gehouden"), exact(raw.rounds[RoundKind.bloemen]),
                   "rounds_bloemen"),
        _label_row(_l("Koffierondes gehouden"), exact(raw.rounds[RoundKind.koffie]),
                   "rounds_koffie"),
    ]
    return Table("bereik", _l("Bereik"), [Column("onderdeel", _l("Onderdeel"), False),
                                          Column("aantal", _l("Aantal"))], rows)


def _help_table(t: Tallies) -> Table:
    rows = []
    for c in HelpCategory:
        cells = [t.help[(c, u)] for u in Urgency]
        rows.append({"categorie": str(CATEGORY_LABELS[c]), "_key": c.value,
                     **{u.value: x.shown for u, x in zip(Urgency, cells, strict=True)},
                     "totaal": total(cells).shown})
    total_row = {"categorie": str(_l("Totaal")), "_key": "totaal",
                 **{u.value: total(t.help[(c, u)] for c in HelpCategory).shown
                    for u in Urgency},
                 "totaal": total(t.help.values()).shown}
    columns = [Column("categorie", _l("Categorie"), False),
               *(Column(u.value, _l("Urgentie %(u)s", u=URGENCY_LABELS[u]), protected=True)
                 for u in Urgency),
               Column("totaal", _l("Totaal"), protected=True)]
    return Table("hulpvragen", _l("Hulpvragen per categorie en urgentie"), columns, rows,
                 total_row)


def _talent_table(t: Tallies) -> Table:
    def tally(kinds, classes) -> Tally:
        return total(t.talents[(k, c)] for k in kinds for c in classes)

    rows = [{"talent": str(TALENT_LABELS[k]), "_key": k.value,
             **{key: tally((k,), classes).shown for key, classes in TALENT_COLUMNS}}
            for k in TalentKind]
    total_row = {"talent": str(_l("Totaal")), "_key": "totaal",
                 **{key: tally(tuple(TalentKind), classes).shown
                    for key, classes in TALENT_COLUMNS}}
    columns = [Column("talent", _l("Talent"), False),
               Column("gevonden", _l("Gevonden"), protected=True),
               Column("wil_meedoen", _l("Wil meedoen"), protected=True),
               Column("opgevolgd", _l("Opgevolgd"), protected=True)]
    return Table("talenten", _l("Talenten per soort"), columns, rows, total_row)


def _handover_table(raw: ReportFigures, t: Tallies) -> Table:
    outcomes = [(key, o.value if o else None) for key, o, _label in OUTCOME_COLUMNS]
    rows = []
    for partner in raw.partners:
        cells = {key: t.handovers[(partner.partner_id, o)] for key, o in outcomes}
        rows.append({"partner": partner.name or str(_l("(partner verwijderd)")),
                     "_key": partner.partner_id, "overdrachten": total(cells.values()).shown,
                     **{key: x.shown for key, x in cells.items()}})
    total_row = {"partner": str(_l("Totaal")), "_key": "totaal",
                 "overdrachten": total(t.handovers.values()).shown,
                 **{key: total(x for (_p, oo), x in t.handovers.items() if oo == o).shown
                    for key, o in outcomes}}
    columns = [Column("partner", _l("Partner"), False),
               Column("overdrachten", _l("Warme overdrachten"), protected=True),
               *(Column(k, label, protected=True) for k, _o, label in OUTCOME_COLUMNS)]
    return Table("overdrachten", _l("Warme overdrachten per partner"), columns, rows, total_row)


def _follow_up_table(raw: ReportFigures, t: Tallies) -> Table:
    f = t.follow_ups
    on_time = f[FollowUpMeasure.afgerond_op_tijd]
    with_due = on_time + f[FollowUpMeasure.afgerond_te_laat]
    rows = [
        _label_row(_l("Opvolging gestart"), f[FollowUpMeasure.gestart].shown,
                   "follow_ups_opened"),
        _label_row(_l("Opvolging afgerond"), t.closed().shown, "follow_ups_closed"),
        _label_row(_l("Te laat (einde periode)"), f[FollowUpMeasure.te_laat].shown,
                   "follow_ups_overdue"),
        _label_row(_l("Op tijd afgerond (%)"), protected_share(on_time, with_due),
                   "follow_ups_on_time_share"),
        _label_row(_l("Mediaan dagen tot afgerond"),
                   protected_median(raw.median_days_to_close, t.closed()),
                   "median_days_to_close"),
    ]
    return Table("opvolging", _l("Opvolging"), [
        Column("onderdeel", _l("Onderdeel"), False),
        Column("aantal", _l("Waarde"), protected=True)], rows)


def _buurten_table(raw: ReportFigures, t: Tallies) -> Table:
    """Every buurt of the municipality, those without any reach too: they matter most."""
    rows = [{"buurtcode": a.buurt_code, "buurt": a.buurt_name, "_key": a.buurt_code,
             "deuren_aangebeld": exact(a.doors_knocked), "deuren_open": exact(a.doors_opened),
             "gesprekken": exact(a.conversations), "koffieplek": exact(a.coffee_contacts),
             "straten_bezocht": exact(a.streets_visited),
             "hulpvragen": t.help_per_buurt[buurt_id].shown}
            for buurt_id, a in zip(raw.buurt_ids, raw.per_buurt, strict=True)]
    a = raw.activity
    total_row = {"buurtcode": str(_l("Totaal")), "buurt": "", "_key": "totaal",
                 "deuren_aangebeld": exact(a.doors_knocked),
                 "deuren_open": exact(a.doors_opened), "gesprekken": exact(a.conversations),
                 "koffieplek": exact(a.coffee_contacts),
                 "straten_bezocht": exact(a.streets_visited),
                 "hulpvragen": total(t.help.values()).shown}
    columns = [Column("buurtcode", _l("Buurtcode"), False), Column("buurt", _l("Buurt"), False),
               Column("deuren_aangebeld", _l("Deuren aangebeld")),
               Column("deuren_open", _l("Deuren open")), Column("gesprekken", _l("Gesprekken")),
               Column("koffieplek", _l("Koffieplek")),
               Column("straten_bezocht", _l("Straten bezocht")),
               Column("hulpvragen", _l("Hulpvragen"), protected=True)]
    return Table("buurten", _l("Bereik per buurt"), columns, rows, total_row)


def _key_figure_rows(buurt: Buurt | None) -> tuple[list[tuple[str, object, object]], int]:
    if buurt is not None:
        figures, count = dict(buurt.key_figures or {}), 1
    else:
        figures, count = summed_key_figures()
    known = [k for k in KEY_FIGURE_ORDER if k in figures]
    rest = sorted(k for k in figures if k not in KEY_FIGURE_ORDER)
    return [(k, KEY_FIGURE_LABELS.get(k, k), figures[k]) for k in known + rest], count


def _figures(raw: ReportFigures, t: Tallies, tables: dict[str, Table]) -> dict[str, Figure]:
    figures = {}
    for name in ("bereik", "opvolging"):
        for row in tables[name].rows:
            figures[row["_key"]] = Figure(row["onderdeel"], row["aantal"])
    talents = tables["talenten"].total
    confirmed = total(x for (_p, outcome), x in t.handovers.items() if outcome is not None)
    figures.update({
        "talents_found": Figure(_l("Talenten gevonden"), talents["gevonden"]),
        "talents_wants": Figure(_l("Wil meedoen"), talents["wil_meedoen"]),
        "talents_followed": Figure(_l("Talent opgevolgd"), talents["opgevolgd"],
                                   _l("wil meedoen én er is opvolging voor dit contact")),
        "handovers": Figure(_l("Warme overdrachten"),
                            tables["overdrachten"].total["overdrachten"]),
        "handovers_confirmed": Figure(_l("Door partner bevestigd"), confirmed.shown),
    })
    for theme in THEMES:
        if theme.categories:
            theme_total = total(t.help[(c, u)] for c in theme.categories for u in Urgency)
            figures[f"help_{theme.key}"] = Figure(
                _l("Hulpvragen in dit thema"), theme_total.shown,
                ", ".join(str(CATEGORY_LABELS[c]) for c in theme.categories))
    return figures


def _charts(report_tables: dict[str, Table], figures: dict[str, Figure]) -> dict[str, Markup]:
    charts = {}
    reach = [figures[k] for k in ("doors_knocked", "doors_opened", "conversations",
                                  "coffee_contacts")]
    charts["bereik"] = bar_chart(str(_l("Bereik")), str(_l("Deuren en gesprekken.")),
                                 [Bar(str(f.label), f.value) for f in reach],
                                 chart_id="chart-bereik")
    charts["ontmoeting"] = bar_chart(
        str(_l("Ontmoeting")), str(_l("Contacten op koffieplekken en gesprekken.")),
        [Bar(str(figures[k].label), figures[k].value) for k in ("coffee_contacts",
                                                                 "conversations")],
        chart_id="chart-ontmoeting")
    help_rows = report_tables["hulpvragen"].rows
    charts["hulpvragen"] = bar_chart(
        str(_l("Hulpvragen per categorie")), str(_l("Aantal hulpvragen per categorie.")),
        [Bar(r["categorie"], r["totaal"]) for r in help_rows], chart_id="chart-hulpvragen")
    for theme in THEMES:
        if theme.categories:
            keys = {c.value for c in theme.categories}
            charts[f"hulpvragen_{theme.key}"] = bar_chart(
                str(_l("Hulpvragen: %(theme)s", theme=theme.title)),
                str(_l("Aantal hulpvragen per categorie in dit thema.")),
                [Bar(r["categorie"], r["totaal"]) for r in help_rows if r["_key"] in keys],
                chart_id=f"chart-{theme.key}")
    charts["talenten"] = bar_chart(
        str(_l("Talenten per soort")), str(_l("Aantal gevonden talenten per soort.")),
        [Bar(r["talent"], r["gevonden"]) for r in report_tables["talenten"].rows],
        chart_id="chart-talenten")
    handovers = report_tables["overdrachten"].rows
    charts["overdrachten"] = bar_chart(
        str(_l("Warme overdrachten per partner")), str(_l("Aantal overdrachten per partner.")),
        [Bar(r["partner"], r["overdrachten"]) for r in handovers]
        or [Bar(str(_l("Geen overdrachten")), exact(0))], chart_id="chart-overdrachten")
    return charts


def impact_report(period: ReportPeriod, buurt: Buurt | None) -> ImpactReport:
    """The protected figures, tables, charts and themes of BUURT (None: all) in PERIOD."""
    raw = report_figures(period, buurt.id if buurt else None)
    t = _tallies(raw)
    tables = {table.name: table for table in (
        _activity_table(raw), _help_table(t), _follow_up_table(raw, t),
        _handover_table(raw, t), _talent_table(t))}
    if buurt is None:
        tables["buurten"] = _buurten_table(raw, t)
    figures = _figures(raw, t, tables)
    key_figures, count = _key_figure_rows(buurt)
    return ImpactReport(buurt=buurt, period=period, made_at=datetime.now(TEAM_TIMEZONE),
                        figures=figures, tables=tables, charts=_charts(tables, figures),
                        key_figures=key_figures, key_figures_buurten=count)

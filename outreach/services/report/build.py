"""The impact report of one buurt (or the municipality) and period, ready to show or export.

Raw figures (figures.py) go through the small-number rule (small_numbers.py) once,
here; the page, the charts and the CSV files all read the protected tables made here,
so they cannot disagree about what is hidden.
"""

from __future__ import annotations

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
from .figures import ReportFigures, report_figures, summed_key_figures
from .period import ReportPeriod
from .small_numbers import (
    Shown,
    exact,
    protect,
    protect_grid,
    protect_median,
    protect_share,
    protect_total,
)
from .themes import THEMES, Theme

OUTCOME_COLUMNS = (("geen_antwoord", None, _l("Nog geen antwoord")),
                   ("contact_gelegd", PartnerOutcome.contact_gelegd, _l("Contact gelegd")),
                   ("opgepakt", PartnerOutcome.opgepakt, _l("Opgepakt")),
                   ("afgerond", PartnerOutcome.afgerond, _l("Afgerond")))


@dataclass
class Column:
    key: str  # also the CSV heading
    label: object
    numeric: bool = True


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


def _label_row(label, value: Shown, key: str | None = None) -> dict:
    return {"onderdeel": str(label), "aantal": value, "_key": key}


def _activity_table(raw: ReportFigures) -> Table:
    a = raw.activity
    rows = [
        _label_row(_l("Deuren aangebeld"), exact(a.doors_knocked), "doors_knocked"),
        _label_row(_l("Deuren open"), exact(a.doors_opened), "doors_opened"),
        _label_row(_l("Deur open (% van aangebeld)"),
                   protect_share(a.doors_opened, a.doors_knocked, resident=False),
                   "doors_opened_share"),
        _label_row(_l("Gesprekken"), exact(a.conversations), "conversations"),
        _label_row(_l("Contacten op koffieplekken"), exact(a.coffee_contacts), "coffee_contacts"),
        _label_row(_l("Straten bereikt"), exact(a.streets_reached), "streets_reached"),
        _label_row(_l("Bloemenrondes gehouden"), exact(raw.rounds[RoundKind.bloemen]),
                   "rounds_bloemen"),
        _label_row(_l("Koffierondes gehouden"), exact(raw.rounds[RoundKind.koffie]),
                   "rounds_koffie"),
    ]
    return Table("bereik", _l("Bereik"), [Column("onderdeel", _l("Onderdeel"), False),
                                          Column("aantal", _l("Aantal"))], rows)


def _help_table(raw: ReportFigures) -> Table:
    categories = list(HelpCategory)
    grid = protect_grid([[raw.help_questions[c][u] for u in Urgency] for c in categories],
                        row_totals=True)
    rows = [{"categorie": str(CATEGORY_LABELS[c]), "_key": c.value,
             **{u.value: cell for u, cell in zip(Urgency, cells, strict=True)},
             "totaal": total}
            for c, cells, total in zip(categories, grid.cells, grid.row_totals, strict=True)]
    total = {"categorie": str(_l("Totaal")), "_key": "totaal",
             **{u.value: cell for u, cell in zip(Urgency, grid.column_totals, strict=True)},
             "totaal": grid.total}
    columns = [Column("categorie", _l("Categorie"), False),
               *(Column(u.value, _l("Urgentie %(u)s", u=URGENCY_LABELS[u])) for u in Urgency),
               Column("totaal", _l("Totaal"))]
    return Table("hulpvragen", _l("Hulpvragen per categorie en urgentie"), columns, rows, total)


def _talent_table(raw: ReportFigures) -> Table:
    kinds = list(TalentKind)
    counts = [[raw.talents[k].found, raw.talents[k].wants_to_participate,
               raw.talents[k].followed_up] for k in kinds]
    grid = protect_grid(counts, row_totals=False)
    keys = ("gevonden", "wil_meedoen", "opgevolgd")
    rows = [{"talent": str(TALENT_LABELS[k]), "_key": k.value,
             **dict(zip(keys, cells, strict=True))} for k, cells in zip(kinds, grid.cells,
                                                                         strict=True)]
    total = {"talent": str(_l("Totaal")), "_key": "totaal",
             **dict(zip(keys, grid.column_totals, strict=True))}
    columns = [Column("talent", _l("Talent"), False), Column("gevonden", _l("Gevonden")),
               Column("wil_meedoen", _l("Wil meedoen")), Column("opgevolgd", _l("Opgevolgd"))]
    return Table("talenten", _l("Talenten per soort"), columns, rows, total)


def _handover_table(raw: ReportFigures) -> Table:
    counts = [[h.outcomes.get(o.value if o else None, 0) for _k, o, _l_ in OUTCOME_COLUMNS]
              for h in raw.handovers]
    grid = protect_grid(counts, row_totals=True, additive_columns=(True,) * len(OUTCOME_COLUMNS))
    keys = [k for k, _o, _lab in OUTCOME_COLUMNS]
    rows = [{"partner": h.partner_name or str(_l("(partner verwijderd)")), "_key": h.partner_id,
             "overdrachten": total, **dict(zip(keys, cells, strict=True))}
            for h, cells, total in zip(raw.handovers, grid.cells, grid.row_totals or [],
                                       strict=True)]
    total_row = {"partner": str(_l("Totaal")), "_key": "totaal",
                 "overdrachten": grid.total, **dict(zip(keys, grid.column_totals, strict=True))}
    columns = [Column("partner", _l("Partner"), False),
               Column("overdrachten", _l("Warme overdrachten")),
               *(Column(k, label) for k, _o, label in OUTCOME_COLUMNS)]
    return Table("overdrachten", _l("Warme overdrachten per partner"), columns, rows, total_row)


def _follow_up_table(raw: ReportFigures) -> Table:
    f = raw.follow_ups
    rows = [
        _label_row(_l("Opvolging gestart"), protect(f.opened), "follow_ups_opened"),
        _label_row(_l("Opvolging afgerond"), protect(f.closed), "follow_ups_closed"),
        _label_row(_l("Te laat (einde periode)"), protect(f.overdue), "follow_ups_overdue"),
        _label_row(_l("Op tijd afgerond (%)"),
                   protect_share(f.closed_on_time, f.closed_with_due), "follow_ups_on_time_share"),
        _label_row(_l("Mediaan dagen tot afgerond"),
                   protect_median(f.median_days_to_close, f.closed), "median_days_to_close"),
    ]
    return Table("opvolging", _l("Opvolging"), [Column("onderdeel", _l("Onderdeel"), False),
                                                Column("aantal", _l("Waarde"))], rows)


def _buurten_table(raw: ReportFigures) -> Table:
    rows = [{"buurtcode": a.buurt_code, "buurt": a.buurt_name, "_key": a.buurt_code,
             "deuren_aangebeld": exact(a.doors_knocked), "deuren_open": exact(a.doors_opened),
             "gesprekken": exact(a.conversations), "koffieplek": exact(a.coffee_contacts),
             "straten_bereikt": exact(a.streets_reached)} for a in raw.per_buurt]
    columns = [Column("buurtcode", _l("Buurtcode"), False), Column("buurt", _l("Buurt"), False),
               Column("deuren_aangebeld", _l("Deuren aangebeld")),
               Column("deuren_open", _l("Deuren open")), Column("gesprekken", _l("Gesprekken")),
               Column("koffieplek", _l("Koffieplek")),
               Column("straten_bereikt", _l("Straten bereikt"))]
    return Table("buurten", _l("Bereik per buurt"), columns, rows)


def _key_figure_rows(buurt: Buurt | None) -> tuple[list[tuple[str, object, object]], int]:
    if buurt is not None:
        figures, count = dict(buurt.key_figures or {}), 1
    else:
        figures, count = summed_key_figures()
    known = [k for k in KEY_FIGURE_ORDER if k in figures]
    rest = sorted(k for k in figures if k not in KEY_FIGURE_ORDER)
    return [(k, KEY_FIGURE_LABELS.get(k, k), figures[k]) for k in known + rest], count


def _theme_sum(raw: ReportFigures, tables: dict[str, Table], categories) -> Shown:
    """Help questions in CATEGORIES: a total of table cells, so rule 3 applies to it too."""
    keys = {c.value for c in categories}
    cells = [r[u.value] for r in tables["hulpvragen"].rows if r["_key"] in keys for u in Urgency]
    count = sum(n for c in categories for n in raw.help_questions[c].values())
    return protect_total(count, cells)


def _figures(raw: ReportFigures, tables: dict[str, Table]) -> dict[str, Figure]:
    figures = {}
    for name in ("bereik", "opvolging"):
        for row in tables[name].rows:
            figures[row["_key"]] = Figure(row["onderdeel"], row["aantal"])
    talents = tables["talenten"].total
    handovers = tables["overdrachten"]
    confirmed_parts = [r[k] for r in handovers.rows for k in ("contact_gelegd", "opgepakt",
                                                                "afgerond")]
    confirmed_raw = sum(h.total - h.outcomes.get(None, 0) for h in raw.handovers)
    figures.update({
        "talents_found": Figure(_l("Talenten gevonden"), talents["gevonden"]),
        "talents_wants": Figure(_l("Wil meedoen"), talents["wil_meedoen"]),
        "talents_followed": Figure(_l("Talent opgevolgd"), talents["opgevolgd"],
                                   _l("wil meedoen én er is opvolging voor dit contact")),
        "handovers": Figure(_l("Warme overdrachten"), handovers.total["overdrachten"]),
        "handovers_confirmed": Figure(_l("Door partner bevestigd"),
                                      protect_total(confirmed_raw, confirmed_parts)),
    })
    for theme in THEMES:
        if theme.categories:
            figures[f"help_{theme.key}"] = Figure(
                _l("Hulpvragen in dit thema"), _theme_sum(raw, tables, theme.categories),
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
    tables = {t.name: t for t in (_activity_table(raw), _help_table(raw), _follow_up_table(raw),
                                  _handover_table(raw), _talent_table(raw))}
    if buurt is None:
        tables["buurten"] = _buurten_table(raw)
    figures = _figures(raw, tables)
    key_figures, count = _key_figure_rows(buurt)
    return ImpactReport(buurt=buurt, period=period, made_at=datetime.now(TEAM_TIMEZONE),
                        figures=figures, tables=tables, charts=_charts(tables, figures),
                        key_figures=key_figures, key_figures_buurten=count)

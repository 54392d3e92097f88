"""The coordinator's planning map: coverage, streets, hotspots, follow-ups and partners.

Pure builders: PlanMapData in, a folium map (split into the parts our template embeds)
or GeoJSON features out. Every feature carries only aggregates and outlines: buurt and
street geometry, H3 cell outlines and partner locations, never a contact's point.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import folium
from flask_babel import format_date, format_percent, ngettext
from flask_babel import gettext as _
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from ..clock import TEAM_TIMEZONE
from ..models.enums import FollowUpStatus, HelpCategory
from ..services.coverage import BuurtCoverage, CoverageClass, StreetCoverage, VisitClass
from ..services.hotspots import HexCell
from ..services.mapdata import PartnerPoint, PlanMapData
from ..services.street_followups import FollowUpState, StreetFollowUps
from .labels import (
    CATEGORY_LABELS,
    COVERAGE_CLASS_LABELS,
    FOLLOW_UP_STATUS_LABELS,
    PARTNER_KIND_LABELS,
    VISIT_CLASS_LABELS,
)

MAX_ZOOM = 19
# Below this zoom a city's streets are not drawn when they are loaded by viewport:
# thousands of lines at city scale are noise, and a heavy page.
STREETS_MIN_ZOOM = 15
NO_DATA = "#c9ccd1"

# Unvisited is salmon, reach without doors blue, door work in greens by share.
COVERAGE_COLORS = {
    CoverageClass.niets_bezocht: "#f4a582", CoverageClass.andere_rondes: "#f6e8c3",
    CoverageClass.bereik: "#92c5de", CoverageClass.deuren_0_25: "#d9f0d3",
    CoverageClass.deuren_25_50: "#a6dba0", CoverageClass.deuren_50_75: "#5aae61",
    CoverageClass.deuren_75_100: "#1b7837", CoverageClass.geen_straten: NO_DATA,
}
VISIT_COLORS = {VisitClass.nooit: "#c0392b", VisitClass.meer_dan_90: "#e67e22",
                VisitClass.tussen_30_90: "#b7950b", VisitClass.minder_dan_30: "#1e8449",
                VisitClass.via_koffieplek: "#2e86c1", VisitClass.andere_rondes: "#a6acaf"}
FOLLOW_UP_COLORS = {FollowUpState.te_laat: "#b03a2e", FollowUpState.open: "#2471a3",
                    FollowUpState.overgedragen: "#7d3c98", FollowUpState.afgesloten: "#808b96"}
HEX_COLORS = ("#dadaeb", "#9e9ac8", "#6a51a3", "#3f007d")
PARTNER_COLOR, MEETING_PLACE_COLOR = "#1f618d", "#d35400"


@dataclass(frozen=True)
class LegendEntry:
    color: str
    label: str
    shape: str = "fill"  # fill, line or dot
    key: str = ""  # the class its features carry as `cls`


@dataclass
class MapLayer:
    """One switchable layer: its key, title, legend, and the JS variable folium gave it."""

    key: str
    title: str
    entries: list[LegendEntry]
    note: str | None = None
    zoom_note: str | None = None  # loaded by viewport: shown until zoomed in far enough
    empty: bool = False  # nothing drawn with these filters
    var: str = ""
    show: bool = True


@dataclass
class PlanMap:
    """The parts of a rendered folium map our template places, plus the legends."""

    header: str
    html: str
    script: str
    map_var: str
    layers: list[MapLayer] = field(default_factory=list)
    streets_min_zoom: int | None = None
    hex_texts: dict = field(default_factory=dict)


def _percent(share: float | None) -> str:
    return "–" if share is None else format_percent(share, "#,##0%")


def _feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def unlisted_text(n: int) -> str:
    """'3 nummers niet in de adressenlijst': doors logged that the address list lacks."""
    return ngettext("%(num)s nummer niet in de adressenlijst",
                    "%(num)s nummers niet in de adressenlijst", n)


def buurt_tip_lines(b: BuurtCoverage) -> list[str]:
    """The buurt's figures as its tooltip says them: the class (as the legend names it)
    first, then the counts behind it; plain text, to be escaped where it is placed."""
    lines = [str(COVERAGE_CLASS_LABELS[b.coverage_class])]
    if b.by_doors:
        lines.append(_("Deuren bereikt: %(reached)s van %(known)s (%(share)s)",
                       reached=b.doors_reached, known=b.doors_known,
                       share=_percent(b.door_share)))
        if b.doors_unlisted:
            lines.append(unlisted_text(b.doors_unlisted))
    lines.append(_("Straten bezocht: %(visited)s van %(total)s (%(share)s)",
                   visited=b.streets_visited, total=b.streets_total,
                   share=_percent(b.street_share)))
    if b.by_doors and b.streets_without_addresses:
        lines.append(_("Straten zonder adressen: %(visited)s van %(total)s bezocht",
                       visited=b.streets_without_addresses_visited,
                       total=b.streets_without_addresses))
    if b.visitors:
        lines.append(_("Koffieplek: %(visitors)s bezoekers, %(talks)s gesprekken",
                       visitors=b.visitors, talks=b.visitor_conversations))
        lines.append(ngettext("Bezoekers wonen in %(num)s bekende straat",
                              "Bezoekers wonen in %(num)s bekende straten", b.visitor_streets)
                     if b.visitor_streets else _("Woonstraat van bezoekers niet genoemd"))
    lines.append(_("Contacten: %(contacts)s, gesprekken: %(conversations)s",
                   contacts=b.contacts, conversations=b.conversations))
    if b.contacts_any_kind > b.contacts:
        lines.append(_("Met een andere soort ronde: %(n)s contacten",
                       n=b.contacts_any_kind - b.contacts))
    return lines


def buurt_features(buurten: list[BuurtCoverage],
                   buurt_url: Callable[[str], str] | None = None) -> list[dict]:
    """Choropleth features: the coverage class as colour, the counts in the tooltip."""
    features = []
    for b in buurten:
        if b.geometry is None:
            continue
        lines = [f"<b>{escape(b.name)}</b>", *(str(escape(line)) for line in buurt_tip_lines(b))]
        cls = b.coverage_class
        properties = {"tip": "<br>".join(lines), "color": COVERAGE_COLORS[cls],
                      "cls": cls.value}
        if buurt_url is not None:
            # Outside the f-string: pybabel cannot see a message inside one.
            label = _("Buurtpagina van %(name)s", name=b.name)
            properties["link"] = f'<a href="{escape(buurt_url(b.code))}">{escape(label)}</a>'
        features.append(_feature(b.geometry, **properties))
    return features


def street_features(streets: list[StreetCoverage]) -> list[dict]:
    """Street lines coloured by the team's last visit; the period's figures in the tooltip."""
    # Translated once per call: a viewport can hold thousands of streets.
    classes = {cls: str(escape(label)) for cls, label in VISIT_CLASS_LABELS.items()}
    visited = _("laatst bezocht %(date)s")
    doors = _("Deuren bereikt: %(reached)s van %(known)s")
    visitors = _("Bezoekers koffieplek: %(n)s")
    contacts, questions = _("Contacten in periode: %(n)s"), _("Hulpvragen in periode: %(n)s")
    features = []
    for s in streets:
        if s.geometry is None:
            continue
        cls = s.visit_class
        lines = [f"<b>{escape(s.name)}</b>", classes[cls]]
        if s.last_visit is not None:
            day = s.last_visit.astimezone(TEAM_TIMEZONE).date()
            lines.append(visited % {"date": format_date(day, "medium")})
        if s.doors_known:
            lines.append(doors % {"reached": s.doors_reached, "known": s.doors_known})
            if s.doors_unlisted:
                lines.append(unlisted_text(s.doors_unlisted))
        if s.visitors:
            lines.append(visitors % {"n": s.visitors})
        lines += [contacts % {"n": s.contacts}, questions % {"n": s.help_questions}]
        features.append(_feature(s.geometry, tip="<br>".join(lines), color=VISIT_COLORS[cls],
                                 cls=cls.value))
    return features


def hex_step(contacts: int, min_contacts: int) -> int:
    """Which of the four steps (doubling from MIN_CONTACTS) a hotspot cell falls in."""
    step = 0
    while step < len(HEX_COLORS) - 1 and contacts >= min_contacts * 2 ** (step + 1):
        step += 1
    return step


def hex_color(contacts: int, min_contacts: int) -> str:
    """Fill of a hotspot cell: four steps doubling from MIN_CONTACTS."""
    return HEX_COLORS[hex_step(contacts, min_contacts)]


def hex_features(cells: list[HexCell], min_contacts: int) -> list[dict]:
    """Hexagon cells: N contacts with a help question and HQ, the counts per category in
    HelpCategory order. The tooltip is built in the browser from these numbers (a city has
    hundreds of cells; written out as text they would double the page)."""
    return [_feature(cell.geometry, n=cell.contacts,
                     hq=[cell.by_category.get(c, 0) for c in HelpCategory],
                     color=hex_color(cell.contacts, min_contacts),
                     cls=str(hex_step(cell.contacts, min_contacts)))
            for cell in cells]


def hex_tooltip_texts() -> dict:
    """What the browser needs to write a hotspot cell's tooltip."""
    return {"title": _("%(n)s contacten met een hulpvraag"),
            "categories": [str(CATEGORY_LABELS[c]) for c in HelpCategory]}


def follow_up_features(streets: list[StreetFollowUps]) -> list[dict]:
    """Streets with follow-ups, coloured by their most pressing state; counts per status."""
    overdue = _("Te laat: %(n)s")
    labels = {status: escape(label) for status, label in FOLLOW_UP_STATUS_LABELS.items()}
    features = []
    for s in streets:
        if s.geometry is None:
            continue
        lines = [f"<b>{escape(s.name)}</b>"]
        if s.overdue:
            lines.append(overdue % {"n": s.overdue})
        lines.extend(f"{labels[status]}: {s.counts[status]}"
                     for status in FollowUpStatus if s.counts.get(status))
        features.append(_feature(s.geometry, tip="<br>".join(lines),
                                 color=FOLLOW_UP_COLORS[s.state], cls=s.state.value))
    return features


def partner_features(partners: list[PartnerPoint]) -> list[dict]:
    """Partners and meeting places as points (organisations, not residents)."""
    features = []
    for p in partners:
        lines = [f"<b>{escape(p.name)}</b>", str(escape(PARTNER_KIND_LABELS[p.kind]))]
        if p.address:
            lines.append(str(escape(p.address)))
        if p.opening_hours:
            lines.append(str(escape(p.opening_hours)))
        color = MEETING_PLACE_COLOR if p.is_meeting_place else PARTNER_COLOR
        features.append(_feature({"type": "Point", "coordinates": [p.lon, p.lat]},
                                 tip="<br>".join(lines), color=color,
                                 cls="ontmoetingsplek" if p.is_meeting_place else "partner"))
    return features


def collection(features: list[dict]) -> dict:
    """A GeoJSON FeatureCollection of FEATURES."""
    return {"type": "FeatureCollection", "features": features}


def _style_line(feature: dict) -> dict:
    return {"color": feature["properties"]["color"], "weight": 4, "opacity": 0.95}


def _style_follow_up(feature: dict) -> dict:
    return {"color": feature["properties"]["color"], "weight": 8, "opacity": 0.6,
            "lineCap": "butt"}


def _style_fill(feature: dict) -> dict:
    return {"fillColor": feature["properties"]["color"], "fillOpacity": 0.6,
            "color": "#4d5656", "weight": 1.2, "opacity": 0.9}


def _style_hex(feature: dict) -> dict:
    return {"fillColor": feature["properties"]["color"], "fillOpacity": 0.5,
            "color": "#3f007d", "weight": 0.8, "opacity": 0.7}


def _style_point(feature: dict) -> dict:
    color = feature["properties"]["color"]
    return {"color": "#ffffff", "weight": 2, "fillColor": color, "fillOpacity": 1}


def _tooltip() -> folium.GeoJsonTooltip:
    return folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True)


class _GeoJson(folium.GeoJson):
    """folium's GeoJson layer, its data written into the page once, after rendering.

    folium renders each element's script and then compiles that output again as a
    Jinja template: with the data inline, every request lexed a few hundred kB of
    GeoJSON. Here the script carries a short placeholder instead, which _page_parts
    swaps for the data, serialised exactly as folium's `tojson` would have.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.placeholder = f"plan_geojson_data_{self.get_name()}"
        macros = type(self)._template.module.__dict__

        def script(this, kwargs):
            data, this.data = this.data, self.placeholder
            try:
                return macros["script"](this, kwargs)
            finally:
                this.data = data

        self._template = SimpleNamespace(module=SimpleNamespace(script=script))

    def data_json(self) -> str:
        """The data as folium's template would have written it (sorted keys, HTML-safe)."""
        return str(htmlsafe_json_dumps(self.data, dumps=json.dumps, sort_keys=True))


def _geojson(features: list[dict], style: Callable, *, tooltip: bool = True,
             **kwargs) -> folium.GeoJson | None:
    # folium refuses a tooltip over an empty collection; an empty layer simply has none.
    if not features:
        return None
    # Short ids: without them folium keys its style switch on the first unique property,
    # here the tooltip, and every tooltip would be written into the page twice.
    for i, feature in enumerate(features):
        feature["id"] = i
    return _GeoJson(collection(features), style_function=style,
                    tooltip=_tooltip() if tooltip else None, highlight_function=None,
                    **kwargs)


def _legends(data: PlanMapData, kind_filtered: bool) -> dict[str, MapLayer]:
    """Every layer's legend with all its classes; _only_drawn keeps those on the map."""
    k = data.min_contacts
    bins = [f"{k * 2 ** i}–{k * 2 ** (i + 1) - 1}" for i in range(len(HEX_COLORS) - 1)]
    bins.append(f"{k * 2 ** (len(HEX_COLORS) - 1)}+")
    zoom_note = None
    if not data.streets_inline:
        zoom_note = _("Zoom in tot straatniveau om de straten te zien.")
    coverage_note = _("Aan de deur: aandeel bekende deuren (adressen) bereikt in de gekozen "
                      "periode; in een buurt zonder adressen het aandeel straten. Een buurt "
                      "met contacten is nooit “niets bezocht”.")
    if kind_filtered:
        coverage_note += " " + _("Alleen rondes van de gekozen soort tellen mee.")
    return {
        "dekking": MapLayer("dekking", _("Dekking per buurt"), [
            LegendEntry(COVERAGE_COLORS[cls], str(COVERAGE_CLASS_LABELS[cls]), key=cls.value)
            for cls in CoverageClass], note=coverage_note),
        "straten": MapLayer("straten", _("Straten naar laatste bezoek"), [
            LegendEntry(VISIT_COLORS[cls], str(VISIT_CLASS_LABELS[cls]), "line", key=cls.value)
            for cls in VisitClass], zoom_note=zoom_note,
            note=_("Alleen rondes van de gekozen soort tellen mee.") if kind_filtered else None),
        "hotspots": MapLayer("hotspots", _("Hotspots hulpvragen"),
                             [LegendEntry(c, _("%(range)s contacten", range=r), key=str(i))
                              for i, (c, r) in enumerate(zip(HEX_COLORS, bins, strict=True))],
                             note=_("Zeshoeken met minder dan %(k)s contacten worden niet "
                                    "getoond.", k=k)),
        "opvolging": MapLayer("opvolging", _("Opvolging per straat"), [
            LegendEntry(FOLLOW_UP_COLORS[FollowUpState.te_laat], _("te laat"), "line",
                        key=FollowUpState.te_laat.value),
            LegendEntry(FOLLOW_UP_COLORS[FollowUpState.open], _("open of bezig"), "line",
                        key=FollowUpState.open.value),
            LegendEntry(FOLLOW_UP_COLORS[FollowUpState.overgedragen], _("overgedragen"),
                        "line", key=FollowUpState.overgedragen.value),
            LegendEntry(FOLLOW_UP_COLORS[FollowUpState.afgesloten],
                        _("afgesloten in periode"), "line",
                        key=FollowUpState.afgesloten.value)], zoom_note=zoom_note),
        "partners": MapLayer("partners", _("Partners en ontmoetingsplekken"), [
            LegendEntry(PARTNER_COLOR, _("partner"), "dot", key="partner"),
            LegendEntry(MEETING_PLACE_COLOR, _("huiskamer of ontmoetingsplek"), "dot",
                        key="ontmoetingsplek")]),
    }


def _only_drawn(layer: MapLayer, features: list[dict]) -> None:
    """Keep the legend entries of the classes FEATURES draw; say so when there are none."""
    drawn = {feature["properties"]["cls"] for feature in features}
    layer.entries = [entry for entry in layer.entries if entry.key in drawn]
    layer.empty = not layer.entries


# folium's page-wide styles and viewport tag would take over our whole page (body at
# 100% height, zoom disabled); our template has its own.
_FOLIUM_PAGE_STYLES = (
    re.compile(r"<meta name=\"viewport\"[^>]*>", re.S),
    re.compile(r"<style>\s*html, body \{.*?</style>", re.S),
    re.compile(r"<style>\s*#map \{.*?</style>", re.S),
    re.compile(r"<meta http-equiv=\"content-type\"[^>]*>", re.S),
)


def _geojson_layers(element) -> list[_GeoJson]:
    found = [element] if isinstance(element, _GeoJson) else []
    for child in element._children.values():
        found.extend(_geojson_layers(child))
    return found


def _page_parts(m: folium.Map) -> tuple[str, str, str]:
    # One render of the whole figure, cut into its parts: rendering header, body and
    # script again (as folium's docs do) recompiles the ~300 kB script as a template.
    page = m.get_root().render()
    for layer in _geojson_layers(m):
        placeholder = f'"{layer.placeholder}"'
        if placeholder not in page:  # a folium whose template writes the data otherwise
            raise RuntimeError(f"folium wrote no data placeholder for {layer.get_name()}")
        page = page.replace(placeholder, layer.data_json(), 1)
    header = page[page.index("<head>") + 6:page.index("</head>")]
    html = page[page.index("<body>") + 6:page.index("</body>")]
    script = page[page.index("<script>", page.index("</body>")) + 8:page.rindex("</script>")]
    for pattern in _FOLIUM_PAGE_STYLES:
        header = pattern.sub("", header)
    return header, html, script


def build_plan_map(data: PlanMapData, *, asset_url: Callable[[str], str],
                   tile_url: str | None = None, tile_attribution: str | None = None,
                   buurt_url: Callable[[str], str] | None = None,
                   kind_filtered: bool = False) -> PlanMap:
    """The planning map for DATA, with Leaflet from our own static files (ASSET_URL).

    Each legend names the classes its layer draws, and only those (KIND_FILTERED: the
    coverage counts only rounds of one kind, and the legend says so)."""
    m = folium.Map(location=None, tiles=None, control_scale=True, zoom_start=12,
                   **{"maxZoom": MAX_ZOOM, "minZoom": 8, "zoomSnap": 0.25})
    # folium points at CDNs by default; the page must work without internet.
    m.default_js = [("leaflet", asset_url("vendor/leaflet/leaflet.js"))]
    m.default_css = [("leaflet_css", asset_url("vendor/leaflet/leaflet.css"))]
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=tile_attribution or "", name=_("Achtergrond"),
                         max_zoom=MAX_ZOOM, control=False).add_to(m)
    if data.bounds:
        m.fit_bounds([list(data.bounds[0]), list(data.bounds[1])])

    legends = _legends(data, kind_filtered)
    if data.outlines:
        # Neighbouring buurten as thin outlines: where the chosen buurt lies.
        outlines = [_feature(o["geometry"], tip=str(escape(o["name"])), color=NO_DATA)
                    for o in data.outlines]
        _geojson(outlines, lambda f: {"color": "#7b7d7d", "weight": 1, "fill": False,
                                      "dashArray": "4 4"},
                 name=_("Omliggende buurten"), control=False).add_to(m)

    layers = []

    def add(key: str, features: list[dict], style: Callable, *, show: bool = True,
            inline: bool = True, **kwargs) -> None:
        # Layers loaded by viewport keep every entry: the browser hides what is not drawn.
        if inline:
            _only_drawn(legends[key], features)
        group = folium.FeatureGroup(name=legends[key].title, show=show)
        geojson = _geojson(features, style, **kwargs)
        if geojson is not None:
            geojson.add_to(group)
        group.add_to(m)
        legends[key].var = group.get_name()
        legends[key].show = show
        layers.append(legends[key])

    add("dekking", buurt_features(data.buurten, buurt_url), _style_fill,
        popup=folium.GeoJsonPopup(fields=["link"], labels=False) if buurt_url else None)
    add("hotspots", hex_features(data.hexes, data.min_contacts), _style_hex, tooltip=False)
    add("straten", street_features(data.streets or []), _style_line,
        inline=data.streets_inline)
    add("opvolging", follow_up_features(data.follow_ups or []), _style_follow_up, show=False,
        inline=data.streets_inline)
    add("partners", partner_features(data.partners), _style_point,
        marker=folium.CircleMarker(radius=7, fill=True))
    folium.LayerControl(collapsed=True, position="topright").add_to(m)

    header, html, script = _page_parts(m)
    return PlanMap(header=header, html=html, script=script, map_var=m.get_name(),
                   layers=layers, hex_texts=hex_tooltip_texts(),
                   streets_min_zoom=None if data.streets_inline else STREETS_MIN_ZOOM)

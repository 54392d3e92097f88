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
from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from ..clock import TEAM_TIMEZONE
from ..models.enums import FollowUpStatus, HelpCategory
from ..services.coverage import BuurtCoverage, StreetCoverage, VisitClass
from ..services.hotspots import HexCell
from ..services.mapdata import PartnerPoint, PlanMapData
from ..services.street_followups import FollowUpState, StreetFollowUps
from .labels import CATEGORY_LABELS, FOLLOW_UP_STATUS_LABELS, PARTNER_KIND_LABELS

MAX_ZOOM = 19
# Below this zoom a city's streets are not drawn when they are loaded by viewport:
# thousands of lines at city scale are noise, and a heavy page.
STREETS_MIN_ZOOM = 15
NO_DATA = "#c9ccd1"

# (lower bound of the share, colour): none visited is red, then greens by share.
COVERAGE_BINS = ((0.0, "#f4a582"), (0.000001, "#d9f0d3"), (0.25, "#a6dba0"),
                 (0.5, "#5aae61"), (0.75, "#1b7837"))
VISIT_COLORS = {VisitClass.nooit: "#c0392b", VisitClass.meer_dan_90: "#e67e22",
                VisitClass.tussen_30_90: "#b7950b", VisitClass.minder_dan_30: "#1e8449"}
FOLLOW_UP_COLORS = {FollowUpState.te_laat: "#b03a2e", FollowUpState.open: "#2471a3",
                    FollowUpState.overgedragen: "#7d3c98", FollowUpState.afgesloten: "#808b96"}
HEX_COLORS = ("#dadaeb", "#9e9ac8", "#6a51a3", "#3f007d")
PARTNER_COLOR, MEETING_PLACE_COLOR = "#1f618d", "#d35400"


@dataclass(frozen=True)
class LegendEntry:
    color: str
    label: str
    shape: str = "fill"  # fill, line or dot


@dataclass
class MapLayer:
    """One switchable layer: its key, title, legend, and the JS variable folium gave it."""

    key: str
    title: str
    entries: list[LegendEntry]
    note: str | None = None
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


def coverage_color(share: float | None) -> str:
    """Fill colour of a buurt with this visited SHARE (None: nothing to visit)."""
    if share is None:
        return NO_DATA
    color = COVERAGE_BINS[0][1]
    for lower, bin_color in COVERAGE_BINS:
        if share >= lower:
            color = bin_color
    return color


def buurt_features(buurten: list[BuurtCoverage],
                   buurt_url: Callable[[str], str] | None = None) -> list[dict]:
    """Choropleth features: share visited as colour, the counts in the tooltip."""
    features = []
    for b in buurten:
        if b.geometry is None:
            continue
        lines = [f"<b>{escape(b.name)}</b>",
                 _("Straten bezocht: %(visited)s van %(total)s (%(share)s)",
                   visited=b.streets_visited, total=b.streets_total,
                   share=_percent(b.street_share))]
        if b.by_doors:
            lines.append(_("Deuren bezocht: %(visited)s van %(total)s (%(share)s)",
                           visited=b.doors_visited, total=b.doors_total,
                           share=_percent(b.door_share)))
        lines.append(_("Contacten: %(contacts)s, gesprekken: %(conversations)s",
                       contacts=b.contacts, conversations=b.conversations))
        properties = {"tip": "<br>".join(lines), "color": coverage_color(b.share)}
        if buurt_url is not None:
            # Outside the f-string: pybabel cannot see a message inside one.
            label = _("Buurtpagina van %(name)s", name=b.name)
            properties["link"] = f'<a href="{escape(buurt_url(b.code))}">{escape(label)}</a>'
        features.append(_feature(b.geometry, **properties))
    return features


def street_features(streets: list[StreetCoverage]) -> list[dict]:
    """Street lines coloured by last visit; contacts and help questions in the tooltip."""
    # Translated once per call: a viewport can hold thousands of streets.
    never, visited = _("nooit bezocht"), _("laatst bezocht %(date)s")
    contacts, questions = _("Contacten in periode: %(n)s"), _("Hulpvragen in periode: %(n)s")
    features = []
    for s in streets:
        if s.geometry is None:
            continue
        when = never
        if s.last_visit is not None:
            day = s.last_visit.astimezone(TEAM_TIMEZONE).date()
            when = visited % {"date": format_date(day, "medium")}
        tip = "<br>".join([f"<b>{escape(s.name)}</b>", when, contacts % {"n": s.contacts},
                           questions % {"n": s.help_questions}])
        features.append(_feature(s.geometry, tip=tip, color=VISIT_COLORS[s.visit_class]))
    return features


def hex_color(contacts: int, min_contacts: int) -> str:
    """Fill of a hotspot cell: four steps doubling from MIN_CONTACTS."""
    step = 0
    while step < len(HEX_COLORS) - 1 and contacts >= min_contacts * 2 ** (step + 1):
        step += 1
    return HEX_COLORS[step]


def hex_features(cells: list[HexCell], min_contacts: int) -> list[dict]:
    """Hexagon cells: N contacts with a help question and HQ, the counts per category in
    HelpCategory order. The tooltip is built in the browser from these numbers (a city has
    hundreds of cells; written out as text they would double the page)."""
    return [_feature(cell.geometry, n=cell.contacts,
                     hq=[cell.by_category.get(c, 0) for c in HelpCategory],
                     color=hex_color(cell.contacts, min_contacts))
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
                                 color=FOLLOW_UP_COLORS[s.state]))
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
                                 tip="<br>".join(lines), color=color))
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


def _legends(data: PlanMapData) -> dict[str, MapLayer]:
    k = data.min_contacts
    bins = [f"{k * 2 ** i}–{k * 2 ** (i + 1) - 1}" for i in range(len(HEX_COLORS) - 1)]
    bins.append(f"{k * 2 ** (len(HEX_COLORS) - 1)}+")
    street_note = None
    if not data.streets_inline:
        street_note = _("Zoom in tot straatniveau om de straten te zien.")
    return {
        "dekking": MapLayer("dekking", _("Dekking per buurt"), [
            LegendEntry(COVERAGE_BINS[0][1], _("niets bezocht")),
            LegendEntry(COVERAGE_BINS[1][1], _("tot 25%")),
            LegendEntry(COVERAGE_BINS[2][1], _("25–50%")),
            LegendEntry(COVERAGE_BINS[3][1], _("50–75%")),
            LegendEntry(COVERAGE_BINS[4][1], _("75% of meer")),
            LegendEntry(NO_DATA, _("geen straten bekend"))],
            note=_("Aandeel straten (of deuren, waar adressen bekend zijn) bezocht in de "
                   "gekozen periode.")),
        "straten": MapLayer("straten", _("Straten naar laatste bezoek"), [
            LegendEntry(VISIT_COLORS[VisitClass.nooit], _("nooit"), "line"),
            LegendEntry(VISIT_COLORS[VisitClass.meer_dan_90], _("meer dan 90 dagen"), "line"),
            LegendEntry(VISIT_COLORS[VisitClass.tussen_30_90], _("30–90 dagen"), "line"),
            LegendEntry(VISIT_COLORS[VisitClass.minder_dan_30], _("minder dan 30 dagen"),
                        "line")], note=street_note),
        "hotspots": MapLayer("hotspots", _("Hotspots hulpvragen"),
                             [LegendEntry(c, _("%(range)s contacten", range=r))
                              for c, r in zip(HEX_COLORS, bins, strict=True)],
                             note=_("Zeshoeken met minder dan %(k)s contacten worden niet "
                                    "getoond.", k=k)),
        "opvolging": MapLayer("opvolging", _("Opvolging per straat"), [
            LegendEntry(FOLLOW_UP_COLORS[FollowUpState.te_laat], _("te laat"), "line"),
            LegendEntry(FOLLOW_UP_COLORS[FollowUpState.open], _("open of bezig"), "line"),
            LegendEntry(FOLLOW_UP_COLORS[FollowUpState.overgedragen], _("overgedragen"),
                        "line"),
            LegendEntry(FOLLOW_UP_COLORS[FollowUpState.afgesloten],
                        _("afgesloten in periode"), "line")], note=street_note),
        "partners": MapLayer("partners", _("Partners en ontmoetingsplekken"), [
            LegendEntry(PARTNER_COLOR, _("partner"), "dot"),
            LegendEntry(MEETING_PLACE_COLOR, _("huiskamer of ontmoetingsplek"), "dot")]),
    }


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
                   buurt_url: Callable[[str], str] | None = None) -> PlanMap:
    """The planning map for DATA, with Leaflet from our own static files (ASSET_URL)."""
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

    legends = _legends(data)
    if data.outlines:
        # Neighbouring buurten as thin outlines: where the chosen buurt lies.
        outlines = [_feature(o["geometry"], tip=str(escape(o["name"])), color=NO_DATA)
                    for o in data.outlines]
        _geojson(outlines, lambda f: {"color": "#7b7d7d", "weight": 1, "fill": False,
                                      "dashArray": "4 4"},
                 name=_("Omliggende buurten"), control=False).add_to(m)

    layers = []

    def add(key: str, geojson: folium.GeoJson | None, *, show: bool = True) -> None:
        group = folium.FeatureGroup(name=legends[key].title, show=show)
        if geojson is not None:
            geojson.add_to(group)
        group.add_to(m)
        legends[key].var = group.get_name()
        legends[key].show = show
        layers.append(legends[key])

    add("dekking", _geojson(buurt_features(data.buurten, buurt_url), _style_fill,
                            popup=folium.GeoJsonPopup(fields=["link"], labels=False)
                            if buurt_url else None))
    add("hotspots", _geojson(hex_features(data.hexes, data.min_contacts), _style_hex,
                             tooltip=False))
    add("straten", _geojson(street_features(data.streets or []), _style_line))
    add("opvolging", _geojson(follow_up_features(data.follow_ups or []), _style_follow_up),
        show=False)
    add("partners", _geojson(partner_features(data.partners), _style_point,
                             marker=folium.CircleMarker(radius=7, fill=True)))
    folium.LayerControl(collapsed=True, position="topright").add_to(m)

    header, html, script = _page_parts(m)
    return PlanMap(header=header, html=html, script=script, map_var=m.get_name(),
                   layers=layers, hex_texts=hex_tooltip_texts(),
                   streets_min_zoom=None if data.streets_inline else STREETS_MIN_ZOOM)

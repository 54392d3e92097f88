"""/veld: the field app's shell, service worker and manifest. Data comes from /api/v1/veld."""

import hashlib
import json

from flask import Blueprint, Response, current_app, render_template, url_for

from ..access import public, roles_required
from ..models.enums import Role
from .assets import revision, static_url

bp = Blueprint("veld", __name__, url_prefix="/veld")

# Everything the app needs to start without network. Order: what the page loads first.
SHELL_ASSETS = (
    "css/veld.css",
    "vendor/idb/idb.umd.js",
    "veld/vocabulary.js",
    "veld/doors.js",
    "veld/store.js",
    "veld/sync.js",
    "veld/map.js",
    "veld/app.js",
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "veld/icon-192.png",
    "veld/icon-512.png",
)
WORKBOX = ("workbox-sw.js", "workbox-core.prod.js", "workbox-precaching.prod.js",
           "workbox-routing.prod.js", "workbox-strategies.prod.js")


def _shell_revision() -> str:
    """One hash over the shell template and every asset: a new one means a new app version."""
    template = current_app.jinja_env.loader.get_source(current_app.jinja_env, "veld/app.html")[0]
    parts = [hashlib.sha256(template.encode()).hexdigest()]
    parts += [revision(a) for a in SHELL_ASSETS + tuple(f"vendor/workbox/{w}" for w in WORKBOX)]
    return hashlib.sha256("".join(parts).encode()).hexdigest()[:12]


@bp.route("")
@roles_required(Role.veldwerker)
def index():
    return render_template("veld/app.html", static_url=static_url, app_version=_shell_revision())


@bp.route("/sw.js")
@public
def service_worker():
    precache = [{"url": url_for("veld.index"), "revision": _shell_revision()}]
    precache += [{"url": url_for("static", filename=a), "revision": revision(a)}
                 for a in SHELL_ASSETS]
    body = render_template(
        "veld/sw.js",
        precache_json=json.dumps(precache),
        workbox_prefix=url_for("static", filename="vendor/workbox"),
        version=_shell_revision(),
        static_url=static_url,
    )
    response = Response(body, mimetype="text/javascript")
    # Browsers must always ask for a new service worker, or updates stall for a day.
    response.headers["Cache-Control"] = "no-cache"
    # The app lives at /veld (no slash), outside the default scope of /veld/sw.js.
    response.headers["Service-Worker-Allowed"] = url_for("veld.index")
    return response


@bp.route("/manifest.webmanifest")
@public
def manifest():
    data = {
        "name": "Buurtronde veld",
        "short_name": "Buurtronde",
        "description": "Deuren en gesprekken loggen tijdens de buurtronde, ook zonder netwerk.",
        "lang": "nl",
        "start_url": url_for("veld.index"),
        "scope": url_for("veld.index"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f6f7f9",
        "theme_color": "#0b6e4f",
        "icons": [
            {"src": url_for("static", filename=f"veld/icon-{s}.png"), "sizes": f"{s}x{s}",
             "type": "image/png", "purpose": "any maskable"}
            for s in (192, 512)
        ],
    }
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/manifest+json")

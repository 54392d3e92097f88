"""Security headers on every response, with a Content-Security-Policy built on per-request nonces.

A small after_request of our own rather than a library: Flask-Talisman is unmaintained,
and what we need (a nonce per request exposed to Jinja, the tile host in img-src, HSTS
only behind HTTPS, a stricter Permissions-Policy outside /veld) is a few lines.
"""

import re
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from markupsafe import Markup

# Opening <script> and <style> tags that carry no nonce yet.
_UNNONCED_TAG = re.compile(r"<(script|style)\b(?![^>]*\bnonce=)", re.I)
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def csp_nonce() -> str:
    """This request's nonce: every inline <script> and <style> of the page carries it."""
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(18)
    return nonce


def with_nonce(html: str) -> Markup:
    """HTML we generate ourselves (folium's map parts) with this request's nonce on its tags."""
    return Markup(_UNNONCED_TAG.sub(rf'<\1 nonce="{csp_nonce()}"', str(html)))


def tile_source(tile_url: str | None) -> str | None:
    """The CSP source for a Leaflet tile URL template ({s}.tile.example.org -> *.tile...)."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = _PLACEHOLDER.sub("*", parts.netloc)
    # CSP allows a wildcard only as the leftmost label; otherwise allow the scheme.
    if "*" in host and not (host.startswith("*.") and "*" not in host[2:]):
        return f"{parts.scheme}:"
    return f"{parts.scheme}://{host}"


def content_security_policy(nonce: str, tile_url: str | None = None) -> str:
    """The policy: our own origin only, inline code only with NONCE, never eval."""
    images = ["'self'", "data:", "blob:"]
    tiles = tile_source(tile_url)
    if tiles:
        images.append(tiles)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'nonce-{nonce}'"],
        "style-src": ["'self'", f"'nonce-{nonce}'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def _permissions_policy() -> str:
    # Only the field app asks where the worker stands.
    geolocation = "(self)" if request.path.startswith("/veld") else "()"
    return f"geolocation={geolocation}, camera=(), microphone=(), payment=(), usb=()"


def set_security_headers(response: Response) -> Response:
    """after_request: the headers every response carries; a view's own choice wins."""
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(
        csp_nonce(), current_app.config.get("TILE_URL"))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # The partner link page sets no-referrer (its URL holds a token): keep that.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", _permissions_policy())
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_security_headers(app: Flask) -> None:
    """Send the headers on every response and give templates csp_nonce() and |with_nonce."""
    app.after_request(set_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.filters["with_nonce"] = with_nonce

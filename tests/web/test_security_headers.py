"""Security headers on every response; a fresh CSP nonce per request, on every inline tag."""

import re

import pytest

from outreach.security_headers import content_security_policy, tile_source
from tests.plan_town import make_plan_town

NONCE = re.compile(r"'nonce-([^']+)'")


def _directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: sources for name, *sources in (d.split() for d in policy.split("; "))}


def test_csp_has_a_fresh_nonce_per_request_and_never_eval(client):
    first, second = client.get("/login"), client.get("/login")
    nonces = [NONCE.search(r.headers["Content-Security-Policy"]).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 16
    directives = _directives(first)
    assert directives["script-src"] == ["'self'", f"'nonce-{nonces[0]}'"]
    assert directives["style-src"] == ["'self'", f"'nonce-{nonces[0]}'"]
    policy = first.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in policy and "unsafe-inline" not in policy
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for name in ("base-uri", "form-action", "connect-src", "worker-src", "manifest-src"):
        assert directives[name] == ["'self'"], name
    assert directives["img-src"] == ["'self'", "data:", "blob:"]


@pytest.mark.parametrize("path", ["/login", "/api/v1/me", "/healthz", "/veld/sw.js",
                                  "/bestaat-niet"])
def test_every_response_carries_the_headers(client, db, path):
    response = client.get(path)
    headers = response.headers
    assert "'nonce-" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "microphone=()" in headers["Permissions-Policy"]
    # Plain HTTP (COOKIE_SECURE off): no HSTS, or a test box would pin itself to https.
    assert "Strict-Transport-Security" not in headers


def test_geolocation_only_for_the_field_app(login_as):
    worker = login_as("veldwerker")
    assert "geolocation=(self)" in worker.get("/veld").headers["Permissions-Policy"]
    assert "geolocation=()" in worker.get("/").headers["Permissions-Policy"]


def test_hsts_behind_https(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    header = client.get("/login").headers["Strict-Transport-Security"]
    assert header.startswith("max-age=31536000")


def test_partner_link_page_keeps_no_referrer(client, db):
    response = client.get("/partner/00000000-0000-0000-0000-000000000000/geen-echte-token")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "'nonce-" in response.headers["Content-Security-Policy"]


def test_plan_page_inline_scripts_and_styles_all_carry_the_nonce(db, users, login_as):
    make_plan_town(users["veldwerker"])
    response = login_as("coordinator").get("/plan")
    assert response.status_code == 200
    nonce = NONCE.search(response.headers["Content-Security-Policy"]).group(1)
    html = response.get_data(as_text=True)
    tags = re.findall(r"<(?:script|style)\b[^>]*>", html)
    inline = [t for t in tags if "src=" not in t and 'type="application/json"' not in t]
    assert len(inline) >= 2  # folium's map script and our swatch styles
    for tag in inline:
        assert f'nonce="{nonce}"' in tag, tag
    # Style attributes and inline handlers would be refused: none in the page.
    assert not re.search(r"<[^>]+\sstyle=", html)
    assert not re.search(r"<[^>]+\son[a-z]+=", html)


@pytest.mark.parametrize(("tile_url", "source"), [
    ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
    ("https://tiles.example.nl/{z}/{x}/{y}.png", "https://tiles.example.nl"),
    ("https://tiles.example.nl:8443/{z}/{x}/{y}.png", "https://tiles.example.nl:8443"),
    ("https://a.{s}.example.nl/{z}/{x}/{y}.png", "https:"),
    ("/tiles/{z}/{x}/{y}.png", None),
    ("javascript:alert(1)", None),
    (None, None),
])
def test_tile_url_becomes_one_img_source(tile_url, source):
    assert tile_source(tile_url) == source


def test_configured_tile_host_is_allowed_for_images(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "TILE_URL",
                        "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
    directives = _directives(client.get("/login"))
    assert directives["img-src"][-1] == "https://*.tile.openstreetmap.org"
    assert directives["connect-src"] == ["'self'"]


def test_policy_text_is_built_from_the_nonce_only():
    policy = content_security_policy("abc")
    assert "'nonce-abc'" in policy and policy.count("nonce-") == 2

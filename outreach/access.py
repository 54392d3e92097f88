"""Who may use which route.

Every view declares its roles (or that it is public). A before_request hook enforces
the declaration, and create_app() refuses to start when a route declares nothing, so
a forgotten decorator is a crash at start-up rather than an open door.
"""

from collections.abc import Callable

from flask import abort, current_app, jsonify, redirect, request, url_for
from flask_login import current_user

from .models.enums import Role

PUBLIC = frozenset({"public"})
ALL_ROLES = frozenset(Role)


def roles_required(*roles: Role) -> Callable:
    """Declare which roles may use the decorated view (a function or a MethodView class)."""
    allowed = frozenset(roles)
    if not allowed or not allowed <= ALL_ROLES:
        raise ValueError(f"unknown roles: {roles}")

    def mark(view):
        view.allowed_roles = allowed
        return view

    return mark


def public(view):
    """Declare that anyone, logged in or not, may use the view."""
    view.allowed_roles = PUBLIC
    return view


def allowed_roles(view) -> frozenset | None:
    """The roles declared for a view function, looking through MethodView wrappers."""
    declared = getattr(view, "allowed_roles", None)
    if declared is None and hasattr(view, "view_class"):
        declared = getattr(view.view_class, "allowed_roles", None)
    return declared


# Endpoints made by extensions, which we cannot decorate.
_EXTENSION_PUBLIC = {"static", "api-docs.openapi_json"}


def undeclared_endpoints(app) -> list[str]:
    """Endpoints of APP that declare no roles."""
    return sorted(
        endpoint for endpoint, view in app.view_functions.items()
        if endpoint not in _EXTENSION_PUBLIC and allowed_roles(view) is None
    )


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def error_envelope(status: int, code: str, message: str, fields: dict | None = None):
    """The API's one error shape."""
    body = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return jsonify(body), status


# Machine codes of the envelope, per HTTP status.
_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 409: "conflict", 413: "too_large",
          422: "invalid", 429: "rate_limited", 500: "server_error",
          503: "unavailable"}


def http_error_envelope(error):
    """An HTTPException as the API's envelope, with its field errors and its own headers."""
    data = getattr(error, "data", None) or {}
    field_errors = {}
    for location_errors in (data.get("messages") or {}).values():
        if isinstance(location_errors, dict):
            field_errors.update(location_errors)
    code = error.code or 500
    response, status = error_envelope(code, _CODES.get(code, "error"),
                                      error.description or error.name, field_errors or None)
    # The exception's own headers say what to do next (405 Allow, 429 Retry-After).
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response, status


def enforce_roles():
    """before_request: refuse anonymous users and wrong roles per the view's declaration."""
    if request.endpoint is None or request.endpoint in _EXTENSION_PUBLIC:
        return None
    declared = allowed_roles(current_app.view_functions[request.endpoint])
    if declared is None:  # create_app() prevents this; refuse rather than trust
        return error_envelope(403, "forbidden", "Route declares no roles.")
    if declared is PUBLIC:
        return None
    if not current_user.is_authenticated:
        if is_api_request():
            return error_envelope(401, "unauthenticated", "Log in first.")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if current_user.role not in declared:
        if is_api_request():
            return error_envelope(403, "forbidden", "Your role may not use this.")
        abort(403)
    return None


def check_declared(app) -> None:
    """Raise at start-up when a route has no role declaration."""
    missing = undeclared_endpoints(app)
    if missing:
        raise RuntimeError(f"routes without a role declaration: {', '.join(missing)}")


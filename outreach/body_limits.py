"""How large a request body each route takes, enforced before anything reads the body.

A route declares its limit with `body_limit(SETTING, DEFAULT)`; every other route takes
the page limit (PAGE_MAX_BODY_BYTES). No route goes above the app-wide
MAX_CONTENT_LENGTH. The check is the first before_request hook because the next ones
may read the body: CSRF protection reads the form, and werkzeug fixes a request's byte
limit the moment its input stream is first opened. So a limit set later, in the view,
came too late (an outside test sent 31 MB to the 2 MB sync endpoint and one worker grew
from 273 MB to 1.1 GB).

A declared Content-Length over the limit is answered 413 without reading a byte; a body
without one (chunked) is cut off by werkzeug at the limit, also with 413.
"""

from collections.abc import Callable

from flask import Flask, abort, current_app, request

PAGE_SETTING = "PAGE_MAX_BODY_BYTES"
# Forms are small (the largest, a follow-up note, is 2,000 characters); only imports
# and phone batches declare more.
PAGE_DEFAULT = 1024 * 1024


def body_limit(setting: str, default: int) -> Callable:
    """Declare the body limit of the decorated view (a function or MethodView class).

    The limit in bytes is the config value SETTING, else DEFAULT.
    """

    def mark(view):
        view.body_limit = (setting, default)
        return view

    return mark


def declared_limit(view) -> tuple[str, int]:
    """(setting, default) a view declares, looking through MethodView wrappers."""
    declared = getattr(view, "body_limit", None)
    if declared is None and hasattr(view, "view_class"):
        declared = getattr(view.view_class, "body_limit", None)
    return declared or (PAGE_SETTING, PAGE_DEFAULT)


def route_limit() -> int:
    """The body limit in bytes of the current request's route."""
    config = current_app.config
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    setting, default = declared_limit(view)
    limit = config.get(setting) or default
    app_wide = config.get("MAX_CONTENT_LENGTH")
    return min(limit, app_wide) if app_wide else limit


def enforce_body_limit() -> None:
    """before_request, first of all: fix this request's limit; 413 when it says it is over."""
    limit = route_limit()
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        abort(413)


def read_body() -> bytes:
    """The whole request body, or 413 when it reaches the route's limit.

    For a body without Content-Length (chunked) werkzeug stops reading at the limit and
    returns what it read without a word, so a cut-off body would pass as a short one.
    """
    data = request.get_data(cache=False)
    limit = request.max_content_length
    if request.content_length is None and limit is not None and len(data) >= limit:
        abort(413)
    return data


def init_body_limits(app: Flask) -> None:
    """Run the body check before every other before_request hook (CSRF reads the body)."""
    app.before_request_funcs.setdefault(None, []).insert(0, enforce_body_limit)

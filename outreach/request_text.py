"""Refuse a request whose query or form text holds a NUL character, once for every route.

PostgreSQL text cannot hold U+0000 (psycopg raises DataError, which was a 500 on the
audit filter), and no person sends one: a browser field cannot hold it. So instead of a
check in every form and filter, a request carrying one is answered 400 here. JSON bodies
are checked per item by their schemas (api/schemas/fields.py), so that one bad record
never blocks the others.
"""

from flask import Flask, abort, request

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(pairs) -> bool:
    return any(NUL in key or NUL in value for key, value in pairs)


def refuse_nul() -> None:
    """before_request: 400 when a query or form key or value holds NUL."""
    if _holds_nul(request.args.items(multi=True)):
        abort(400, "Query text holds a NUL character.")
    # Only real forms: reading request.form of another type would consume its body.
    if request.mimetype in FORM_TYPES and _holds_nul(request.form.items(multi=True)):
        abort(400, "Form text holds a NUL character.")


def init_request_text(app: Flask) -> None:
    """Guard every route (after the body limit, so a form is never parsed past it)."""
    app.before_request(refuse_nul)

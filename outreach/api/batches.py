"""What every phone batch endpoint does before its items: body limit, JSON, the list.

The contact and follow-up sync endpoints answer a whole-body problem the same way (400
malformed, 413 too many, in the error envelope); items are judged later, one by one.
A body over the route's byte limit is answered 413 by outreach/body_limits.py: before
it is read when it says its length, at the limit when it comes chunked.
"""

import json
from collections.abc import Callable

from flask import jsonify

from ..access import error_envelope
from ..body_limits import read_body
from .schemas.fields import localized_errors


class BatchRefused(Exception):
    """The whole body is unusable; STATUS and CODE go into the error envelope."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields


def read_json_body():
    """The decoded JSON body (its size was checked before the request reached the view)."""
    try:
        return json.loads(read_body())
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise BatchRefused(400, "bad_request", "Body is not valid JSON.") from error


def batch_list(body, key: str, max_items: int) -> list:
    """The non-empty list under KEY of a JSON object body, or BatchRefused (400 or 413)."""
    if not isinstance(body, dict):
        raise BatchRefused(400, "bad_request", f"Body must be a JSON object with '{key}'.")
    unknown = sorted(set(body) - {key})
    if unknown:
        raise BatchRefused(400, "bad_request", "Unknown fields in the body.",
                           {name[:100]: ["Unknown field."] for name in unknown[:20]})
    items = body.get(key)
    if not isinstance(items, list) or not items:
        raise BatchRefused(400, "bad_request", f"'{key}' must be a non-empty list.")
    if len(items) > max_items:
        raise BatchRefused(413, "too_large", f"At most {max_items} {key} per batch.")
    return items


def echo_id(raw) -> str | None:
    """The id as the phone sent it, so it can match our answer to its record."""
    if isinstance(raw, dict):
        value = raw.get("id")
        if isinstance(value, str) and len(value) <= 100:
            return value
    return None


def answer_batch(read: Callable[[], list], sync: Callable[[list], object]):
    """READ the batch, SYNC its items, and answer one result per item in the user's language.

    A whole-body problem (BatchRefused from READ) is answered in the error envelope.
    """
    try:
        items = read()
    except BatchRefused as refused:
        return error_envelope(refused.status, refused.code, refused.message, refused.fields)
    body = sync(items).as_json()
    for result in body["results"]:
        if "errors" in result:
            result["errors"] = localized_errors(result["errors"])
    return jsonify(body)

"""Which failures while storing an item are the item's own, and which are the server's.

An item's own fault (the database or the encoding on the way to it refuses its content)
is answered for that item alone. Anything else, a lost connection, a serialization
failure or a deadlock above all, is the server's trouble: the request fails and the
phone sends the same items again later.
"""

import psycopg
from sqlalchemy import exc as sa_exc

# Classes 22 (data exception) and 23 (integrity constraint violation), class 54 (program
# limit exceeded: an index row too large, say), and text that cannot be encoded.
ITEM_FAULTS = (psycopg.DataError, psycopg.IntegrityError, psycopg.errors.ProgramLimitExceeded,
               UnicodeError)


def is_item_fault(error: BaseException) -> bool:
    """True when ERROR is the content's fault, seen through SQLAlchemy's wrapper too."""
    if isinstance(error, sa_exc.StatementError):
        error = error.orig if error.orig is not None else error
    return isinstance(error, ITEM_FAULTS)


def fault_name(error: BaseException) -> str:
    """A log-safe name for ERROR: its class and SQLSTATE, never its message (it may quote data)."""
    if isinstance(error, sa_exc.StatementError) and error.orig is not None:
        error = error.orig
    sqlstate = getattr(error, "sqlstate", None)
    return f"{type(error).__name__}{f' ({sqlstate})' if sqlstate else ''}"

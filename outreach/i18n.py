"""Language choice: Dutch first, English second."""

from flask import current_app, has_request_context, session


def select_locale() -> str:
    """The language the user picked with the switch, else Dutch.

    The browser's Accept-Language is ignored on purpose: the teams work in Dutch and
    shared phones often come with English system settings.
    """
    # The command line (create-user) has no session: Dutch.
    chosen = session.get("lang") if has_request_context() else None
    return chosen if chosen in current_app.config["LANGUAGES"] else "nl"

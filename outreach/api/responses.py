"""The error answers every API operation documents, each with the one error envelope."""

from . import ErrorEnvelopeSchema

NOT_LOGGED_IN = {401: "Not logged in (unauthenticated)"}
LOGGED_IN_ONLY = {**NOT_LOGGED_IN, 403: "The logged-in role may not use this (forbidden)"}


def error_responses(blp, responses: dict[int, str]):
    """Document each status of RESPONSES (status -> description) as an error envelope."""

    def decorate(view):
        for status, description in sorted(responses.items()):
            view = blp.alt_response(status, schema=ErrorEnvelopeSchema,
                                    description=description)(view)
        return view

    return decorate

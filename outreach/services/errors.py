"""Domain errors raised by services; the web and API layers turn them into responses."""


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    code = "error"

    def __init__(self, message: str, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class Invalid(DomainError):
    code = "invalid"


class Forbidden(DomainError):
    """The user's role or relation to the record does not allow this action."""

    code = "forbidden"


class Gone(DomainError):
    """The thing existed but may no longer be used (an expired or revoked link)."""

    code = "gone"


class StaleVersion(Conflict):
    """An update was based on an older version; CURRENT is the state now stored."""

    code = "stale_version"

    def __init__(self, message: str, current: dict):
        super().__init__(message)
        self.current = current

"""The one exception hierarchy of the package, so callers can catch ``CseBoardError``."""

__all__ = [
    "AccessDenied",
    "CseBoardError",
    "ImportFileError",
    "LocalServerError",
    "NotFound",
    "StoreError",
    "ValidationFailed",
]


class CseBoardError(Exception):
    """Base of every error this package raises on purpose."""


class StoreError(CseBoardError):
    """The graph store refused or could not be reached."""


class LocalServerError(CseBoardError):
    """The project-managed local Neo4j could not be fetched, configured or started."""


class ImportFileError(CseBoardError):
    """A partner file as a whole cannot be read (wrong type, encoding, missing header)."""


class ValidationFailed(CseBoardError):
    """A value or a form failed validation; the message says which field and why."""


class NotFound(CseBoardError):
    """A requested record does not exist."""


class AccessDenied(CseBoardError):
    """The current user's role or scope does not allow this."""

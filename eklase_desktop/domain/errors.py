"""Domain errors: exceptions whose message is user-readable (Latvian, translated).

The UI shows ``str(error)`` as is; nothing is saved when one is raised.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the school journal was broken; ``message`` says which, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class PermissionDenied(DomainError):
    """The user's roles do not allow this change (SPEC S5)."""

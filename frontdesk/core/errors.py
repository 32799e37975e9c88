"""Domain errors raised by services; entry points turn them into clear messages."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the domain refuses. `field` names the input at fault, if any."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(ServiceError):
    status = 422


class Forbidden(ServiceError):
    status = 403


class Conflict(ServiceError):
    status = 409

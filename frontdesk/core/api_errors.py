"""The REST API's one error shape: {"message": ..., "errors": [{"field": ..., "message": ...}]}.

Every failure becomes JSON with the right status; a stack trace never leaves the server.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from frontdesk.core.errors import ServiceError
from frontdesk.core.ratelimit import RateLimited

logger = logging.getLogger(__name__)

_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}
# Names our routes give their schema parameters; they are not part of the field path.
_PARAM_NAMES = {"payload", "filters"}


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    message: str
    errors: list[FieldErrorOut] = []


class BadRequest(ServiceError):
    """A request the API cannot read, such as a damaged pagination cursor."""

    status = 400


def errors(*codes: int) -> dict[Any, type[ErrorOut]]:
    """The documented error responses of a route: always 400, 401, 422 and 429 (rate
    limits, core/ratelimit.py), plus `codes`."""
    return {tuple(sorted({400, 401, 422, 429, *codes})): ErrorOut}


def error_body(message: str, field_errors: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    return {
        "message": message,
        "errors": [{"field": field, "message": text} for field, text in field_errors],
    }


def _field_name(loc: Sequence[Any]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _LOCATIONS:
        location = parts.pop(0)
        if len(parts) > 1 and parts[0] in _PARAM_NAMES:
            parts.pop(0)
        return ".".join(parts) or location
    return ".".join(parts)


def reject_unknown_query(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse query parameters a route does not declare (422), as bodies refuse extra fields.

    A misspelt filter (`?stauts=open`) must not silently return everything.
    """
    allowed = set(inspect.signature(view).parameters) - {"request", "payload"}

    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            raise ValidationError(
                [{"loc": ("query", name), "msg": "Unknown query parameter."} for name in unknown]
            )
        return view(request, *args, **kwargs)

    return checked


def install_error_handlers(
    api: NinjaAPI, *, on_refused: Callable[[HttpRequest, str], None] | None = None
) -> None:
    """Register the JSON error handlers on `api`. `on_refused(request, message)` is told
    of every 403 (the audit log records it as access.denied)."""

    def refused(request: HttpRequest, message: str) -> None:
        if on_refused is not None:
            on_refused(request, message)

    def respond(
        request: HttpRequest,
        status: int,
        message: str,
        field_errors: Sequence[tuple[str, str]] = (),
    ) -> HttpResponse:
        response = api.create_response(request, error_body(message, field_errors), status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = [(_field_name(e.get("loc", ())), str(e.get("msg", "invalid"))) for e in exc.errors]
        return respond(request, 422, "The request is not valid.", fields)

    def on_service(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        fields = [(exc.field, exc.message)] if exc.field else []
        if exc.status == 403:
            refused(request, exc.message)
        return respond(request, exc.status, exc.message, fields)

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, "A valid API token is required (Authorization: Bearer).")

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, exc.message)

    def on_404(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404, "Not found.")

    def on_403(request: HttpRequest, exc: Exception) -> HttpResponse:
        refused(request, "You may not do this.")
        return respond(request, 403, "You may not do this.")

    def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = respond(request, 429, "Too many requests: try again later.")
        response["Retry-After"] = str(exc.retry_after)
        return response

    def on_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.warning("API input rejected by the database: %s", type(exc).__name__)
        return respond(request, 422, "A value is out of range or not valid.")

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, "Internal server error.")

    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (Exception, on_unexpected),
        (OverflowError, on_out_of_range),
        (DataError, on_out_of_range),
        (PermissionDenied, on_403),
        (Http404, on_404),
        (HttpError, on_http),
        (AuthenticationError, on_auth),
        (ValidationError, on_validation),
        (ServiceError, on_service),
        (RateLimited, on_rate_limited),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)

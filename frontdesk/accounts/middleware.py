"""Per-request memo of the workspace settings (read by access checks, context processors
and services several times per page)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from frontdesk.accounts.models import Workspace


class WorkspaceMiddleware:
    """`Workspace.current()` is read from the database once per request; a change saved
    during the request is read again, and the next request always reads it afresh."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with Workspace.request_scope():
            return self.get_response(request)

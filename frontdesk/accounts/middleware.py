"""Per-request memo of the workspace settings (read by access checks, context processors
and services several times per page)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from frontdesk.accounts.mfa import has_second_factor, two_factor_required
from frontdesk.accounts.models import User, Workspace


class WorkspaceMiddleware:
    """`Workspace.current()` is read from the database once per request; a change saved
    during the request is read again, and the next request always reads it afresh."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with Workspace.request_scope():
            return self.get_response(request)


# Where a member who must still set up two-factor sign-in may go (everything else sends
# them to the set-up page). The API is not here: it authenticates by token, not session.
ENROLMENT_PATHS = ("/account/two-factor/", "/sign-out/", "/static/", "/i18n/", "/api/")


class TwoFactorEnrolmentMiddleware:
    """A signed-in member whose role requires a second factor (Settings → Sign-in
    security) and who has none can do nothing but set one up. Checked on every request,
    so switching the rule on also catches sessions that are already open."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            not request.path.startswith(ENROLMENT_PATHS)
            and isinstance(user, User)
            and two_factor_required(user)
            and not has_second_factor(user)
        ):
            return _to_enrolment(request)
        return self.get_response(request)


class UserTimeZoneMiddleware:
    """Times on staff pages in the member's own time zone (`User.time_zone`, Your
    account); everyone else sees the installation's `TIME_ZONE`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = _zone(user.time_zone) if isinstance(user, User) else None
        if zone is None:
            return self.get_response(request)
        timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _to_enrolment(request: HttpRequest) -> HttpResponse:
    target = "/account/two-factor/"
    if request.headers.get("HX-Request"):
        return HttpResponseClientRedirect(target)
    return redirect(target)

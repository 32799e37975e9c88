"""Who may open a staff page: signed-in staff, and managers for settings.

Anonymous visitors go to the sign-in page (htmx requests get an HX-Redirect so a
sign-in form is never swapped into a fragment). Staff who lack the role get 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django_htmx.http import HttpResponseClientRedirect

from frontdesk.accounts.models import User
from frontdesk.audit.services import record_refusal

View = Callable[..., HttpResponse]


def _sign_in(request: HttpRequest) -> HttpResponse:
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(str(settings.LOGIN_URL))
    return redirect_to_login(request.get_full_path(), str(settings.LOGIN_URL))


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return _sign_in(request)
        if not isinstance(user, User) or not user.is_active:
            record_refusal(request, "staff only")
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return _sign_in(request)
        if not isinstance(user, User) or not user.is_active or not user.is_manager:
            record_refusal(request, "managers only")
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def staff_of(request: HttpRequest) -> User:
    """The signed-in member of staff, in a view behind `staff_required`/`manager_required`."""
    assert isinstance(request.user, User)
    return request.user

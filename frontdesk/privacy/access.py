"""Who may use the privacy screens: administrators only (SECURITY.md 17). Others get 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from frontdesk.accounts.models import User
from frontdesk.customers.models import Customer
from frontdesk.privacy.models import RetentionRule

View = Callable[..., HttpResponseBase]


def is_admin(actor: object) -> bool:
    return isinstance(actor, User) and actor.is_active and actor.is_admin


def admin_required(view: View) -> View:
    """Anonymous visitors go to the sign-in page; staff without the role get 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), str(settings.LOGIN_URL))
        if not is_admin(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def access_customer_for_privacy(actor: object, customer_id: int) -> Customer:
    """A customer whose data an administrator exports or erases; 404 for anyone else."""
    if not is_admin(actor):
        raise Http404
    customer = Customer.objects.select_related("organization").filter(pk=customer_id).first()
    if customer is None:
        raise Http404
    return customer


def access_retention_rule(actor: object, rule_id: int) -> RetentionRule:
    if not is_admin(actor):
        raise Http404
    rule = RetentionRule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise Http404
    return rule

"""Staff pages of the SLA app: my deadline alerts, and a breach reason (S3). Thin."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontdesk.accounts.decorators import staff_required
from frontdesk.accounts.models import User
from frontdesk.core.errors import ServiceError
from frontdesk.sla.access import (
    access_alert,
    access_target,
    alerts_for_user,
    tickets_needing_attention,
)
from frontdesk.sla.alert_services import (
    do_mark_alert_read,
    do_mark_all_alerts_read,
    do_set_alert_emails,
)
from frontdesk.sla.services import do_set_breach_reason

PAGE_SIZE = 100


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@staff_required
def alert_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    alerts = alerts_for_user(user).select_related("target__ticket", "plan_ticket")
    alerts = alerts[:PAGE_SIZE]
    # Managers and team leads also see the escalated and late tickets they answer for.
    attention = tickets_needing_attention(user)
    context = {
        "alerts": alerts,
        "emails_available": settings.FRONTDESK_ALERT_EMAILS,
        "attention": None if attention is None else list(attention[:PAGE_SIZE]),
        "attention_scope": "all" if user.is_manager else "teams",
    }
    return render(request, "sla/alerts.html", context)


@staff_required
@require_POST
def alert_read(request: HttpRequest, alert_id: int) -> HttpResponse:
    user = _user(request)
    do_mark_alert_read(user=user, alert=access_alert(user, alert_id))
    return redirect("sla:alerts")


@staff_required
@require_POST
def alert_read_all(request: HttpRequest) -> HttpResponse:
    do_mark_all_alerts_read(user=_user(request))
    return redirect("sla:alerts")


@staff_required
@require_POST
def alert_emails(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "on"
    do_set_alert_emails(user=_user(request), enabled=enabled)
    if enabled:
        messages.success(request, _("You will get your deadline alerts by email too."))
    else:
        messages.success(request, _("Deadline alert emails are off for you."))
    return redirect("sla:alerts")


@staff_required
@require_POST
def breach_reason(request: HttpRequest, target_id: int) -> HttpResponse:
    user = _user(request)
    target = access_target(user, target_id)
    try:
        do_set_breach_reason(actor=user, target=target, reason=request.POST.get("reason", ""))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Breach reason saved."))
    return redirect("sla:alerts")

"""Settings → SLA policies: the ordered list, a policy's form, order and on/off switches
(managers and administrators). Thin: forms read, the policy services write."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.accounts.decorators import manager_required, staff_of
from frontdesk.core.errors import ServiceError
from frontdesk.sla import organization_field
from frontdesk.sla.forms import PolicyForm
from frontdesk.sla.models import SlaPolicy
from frontdesk.sla.policy_services import (
    do_create_policy,
    do_delete_policy,
    do_move_policy,
    do_update_policy,
)

MAX_POLICIES = 500
SECTION = "sla-policies"
ALIASES = {
    "organization_id": "organization",
    "branch_id": "branch",
    "calendar_id": "calendar",
    "on_breach_reassign_to_team_id": "on_breach_reassign_to_team",
}


def _show_error(form: PolicyForm, error: ServiceError) -> None:
    """A service's refusal on the field it names, or on the whole form."""
    field = ALIASES.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


@manager_required
@require_http_methods(["GET"])
def organization_options(request: HttpRequest) -> HttpResponse:
    """Suggestions for the organization of a policy, as `<option>`s (htmx)."""
    typed = request.GET.get("organization", "")
    return HttpResponse(organization_field.suggestions(typed))


@manager_required
def policy_list(request: HttpRequest) -> HttpResponse:
    policies = SlaPolicy.objects.select_related(
        "organization", "branch", "calendar", "on_breach_reassign_to_team"
    ).order_by("position", "pk")[:MAX_POLICIES]
    context = {"policies": policies, "section": SECTION}
    return render(request, "sla/settings/policy_list.html", context)


def _form_page(
    request: HttpRequest, form: PolicyForm, policy: SlaPolicy | None, status: int
) -> HttpResponse:
    context = {"form": form, "policy": policy, "section": SECTION}
    return render(request, "sla/settings/policy_form.html", context, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def policy_new(request: HttpRequest) -> HttpResponse:
    last = SlaPolicy.objects.order_by("-position").values_list("position", flat=True).first()
    form = PolicyForm(request.POST or None, initial={"position": (last or 0) + 10})
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            policy = do_create_policy(actor=staff_of(request), name=values.pop("name"), **values)
        except ServiceError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("SLA policy “%(name)s” created.") % {"name": policy})
            return redirect("sla_settings:policy-list")
    return _form_page(request, form, None, 422 if request.method == "POST" else 200)


@manager_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, policy_id: int) -> HttpResponse:
    policy = get_object_or_404(SlaPolicy, pk=policy_id)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            policy = do_update_policy(actor=staff_of(request), policy=policy, changes=form.values())
        except ServiceError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("SLA policy “%(name)s” saved.") % {"name": policy})
            return redirect("sla_settings:policy-list")
    return _form_page(request, form, policy, 422 if request.method == "POST" else 200)


@manager_required
@require_POST
def policy_move(request: HttpRequest, policy_id: int) -> HttpResponse:
    policy = get_object_or_404(SlaPolicy, pk=policy_id)
    do_move_policy(actor=staff_of(request), policy=policy, up=request.POST.get("direction") == "up")
    return redirect("sla_settings:policy-list")


@manager_required
@require_POST
def policy_switch(request: HttpRequest, policy_id: int) -> HttpResponse:
    """Switch a policy on or off (`active` = "1" or "0")."""
    policy = get_object_or_404(SlaPolicy, pk=policy_id)
    active = request.POST.get("active") == "1"
    do_update_policy(actor=staff_of(request), policy=policy, changes={"active": active})
    if active:
        messages.success(request, _("SLA policy “%(name)s” switched on.") % {"name": policy})
    else:
        messages.success(request, _("SLA policy “%(name)s” switched off.") % {"name": policy})
    return redirect("sla_settings:policy-list")


@manager_required
@require_POST
def policy_delete(request: HttpRequest, policy_id: int) -> HttpResponse:
    policy = get_object_or_404(SlaPolicy, pk=policy_id)
    try:
        do_delete_policy(actor=staff_of(request), policy=policy)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("sla_settings:policy-edit", policy_id=policy.pk)
    messages.success(request, _("SLA policy “%(name)s” deleted.") % {"name": policy})
    return redirect("sla_settings:policy-list")

"""Settings → a member's branches, and who sees sensitive tickets (accounts/visibility.py).

The branch restriction is its own small form on the member's page (`visibility_tags`),
posted here; sensitive tickets have a settings page of their own, for administrators.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.accounts.decorators import manager_required, staff_of
from frontdesk.accounts.models import Branch, User, Workspace
from frontdesk.accounts.visibility import (
    SENSITIVE_ROLE_CHOICES,
    do_set_branch_restriction,
    do_set_sensitive_roles,
)
from frontdesk.core.errors import Forbidden, ServiceError


class BranchRestrictionForm(forms.Form):
    branches = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Sees only the tickets of these branches"),
        queryset=Branch.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "None ticked: every branch. A ticket belongs to its own branch and to its "
            "team's branch; tickets assigned to them are always visible to them."
        ),
    )


class SensitiveRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Who sees tickets marked sensitive"),
        choices=SENSITIVE_ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Administrators and the ticket's assignee always see them. Only these roles "
            "can mark a ticket sensitive or clear the mark."
        ),
    )


@manager_required
@require_POST
def member_branches(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = staff_of(request)
    member = get_object_or_404(User, pk=user_id)
    form = BranchRestrictionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose branches from the list."))
        return redirect("accounts:member-edit", user_id=member.pk)
    try:
        do_set_branch_restriction(actor=actor, user=member, branches=form.cleaned_data["branches"])
    except Forbidden as error:
        raise PermissionDenied(error.message) from None
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Branches of %(name)s saved.") % {"name": member})
    return redirect("accounts:member-edit", user_id=member.pk)


@manager_required
@require_http_methods(["GET", "POST"])
def sensitive_tickets(request: HttpRequest) -> HttpResponse:
    """Administrators choose the roles who see sensitive tickets."""
    actor = staff_of(request)
    if not actor.is_admin:
        raise Http404
    initial = {"roles": Workspace.current().sensitive_roles}
    form = SensitiveRolesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_set_sensitive_roles(actor=actor, roles=form.cleaned_data["roles"])
        except ServiceError as error:
            form.add_error("roles", error.message)
        else:
            messages.success(request, _("Sensitive tickets saved."))
            return redirect("accounts:sensitive-tickets")
    context = {"form": form, "section": "sensitive"}
    status = 422 if form.errors else 200
    return render(request, "accounts/settings/sensitive_tickets.html", context, status=status)

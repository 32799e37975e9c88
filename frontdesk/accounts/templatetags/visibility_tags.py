"""The member page's "Branches" card (accounts/visibility.py)."""

from __future__ import annotations

from typing import Any

from django import template

from frontdesk.accounts.models import User
from frontdesk.accounts.views.visibility import BranchRestrictionForm
from frontdesk.accounts.visibility import is_branch_restricted, may_change_visibility

register = template.Library()


@register.inclusion_tag("accounts/partials/branch_restriction.html", takes_context=True)
def branch_restriction_card(context: template.Context, member: User) -> dict[str, Any]:
    actor = context["request"].user
    branches = list(member.restricted_branches.order_by("name"))
    editable = (
        isinstance(actor, User)
        and may_change_visibility(actor)
        and member.pk != actor.pk
        and not member.is_admin
    )
    return {
        "member": member,
        "restricted": is_branch_restricted(member),
        "branches": branches,
        "form": BranchRestrictionForm(initial={"branches": [b.pk for b in branches]})
        if editable
        else None,
        "csrf_token": context.get("csrf_token"),
    }

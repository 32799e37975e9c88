from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontdesk.accounts.models import Branch, User, Workspace

DEFAULT_NAME = Workspace._meta.get_field("name").get_default()


def profile_is_empty(workspace: Workspace) -> bool:
    """A fresh help center: still called "Frontdesk", or no way to find or reach the
    business (no address, opening hours, support email or phone)."""
    contact = (workspace.address, workspace.opening_hours, workspace.support_email,
               workspace.support_phone)  # fmt: skip
    return workspace.name == DEFAULT_NAME or not any(text.strip() for text in contact)


def home(request: HttpRequest) -> HttpResponse:
    """The help center's front page: who the business is and how to reach it (C2). Staff
    who can fill in an empty business profile see a hint linking there; visitors never."""
    user = request.user
    editor = isinstance(user, User) and user.is_active and user.is_manager
    context = {
        "branches": list(Branch.objects.all()),
        "profile_hint": editor and profile_is_empty(Workspace.current()),
    }
    return render(request, "portal/home.html", context)

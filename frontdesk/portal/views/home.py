from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontdesk.accounts.models import Branch


def home(request: HttpRequest) -> HttpResponse:
    """The help center's front page: who the business is and how to reach it (C2)."""
    return render(request, "portal/home.html", {"branches": list(Branch.objects.all())})

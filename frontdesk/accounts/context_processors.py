from __future__ import annotations

from django.http import HttpRequest

from frontdesk.accounts.models import Workspace


def workspace(request: HttpRequest) -> dict[str, Workspace]:
    """The business's name and profile on every page (one small query)."""
    return {"workspace": Workspace.current()}

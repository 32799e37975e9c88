"""The managers' policy editor (K2): /settings/policies/. Agents get 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from frontdesk.accounts.models import User
from frontdesk.core.errors import ServiceError
from frontdesk.knowledge.forms import PolicyVersionForm
from frontdesk.knowledge.queries import (
    access_policy,
    policies_with_versions,
    versions_for_language,
)
from frontdesk.knowledge.services import do_publish_policy_version

View = Callable[..., HttpResponse]


def manager_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not isinstance(user, User) or not user.is_active or not user.is_manager:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@manager_required
def policy_list(request: HttpRequest) -> HttpResponse:
    rows = [
        (policy, [(code, name, latest.get(code)) for code, name in settings.LANGUAGES])
        for policy, latest in policies_with_versions()
    ]
    return render(request, "knowledge/policy_list.html", {"rows": rows})


@manager_required
def policy_edit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    policy = access_policy(slug)
    languages = dict(settings.LANGUAGES)
    if language not in languages:
        raise Http404("No such language")
    history = list(versions_for_language(policy, language))
    current = history[0] if history else None
    if request.method == "POST":
        form = PolicyVersionForm(request.POST)
        if form.is_valid():
            try:
                version = do_publish_policy_version(
                    actor=request.user,  # type: ignore[arg-type]
                    policy=policy,
                    language=language,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("Version %(number)s of “%(title)s” is published.")
                    % {"number": version.number, "title": version.title},
                )
                return redirect("knowledge:policy-list")
    else:
        initial = {"title": current.title, "body": current.body} if current else {}
        form = PolicyVersionForm(initial=initial)
    context = {
        "policy": policy,
        "language": language,
        "language_name": languages[language],
        "form": form,
        "current": current,
        "history": history,
    }
    return render(request, "knowledge/policy_edit.html", context)

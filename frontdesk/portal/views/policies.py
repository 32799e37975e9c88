"""Public policy pages (K2): the current text, the history, any earlier version."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from frontdesk.accounts.models import Workspace
from frontdesk.knowledge.models import Policy
from frontdesk.knowledge.queries import (
    access_policy,
    access_policy_version,
    current_policy_version,
    language_chain,
    policy_language,
    versions_for_language,
)


def _chain(request: HttpRequest) -> list[str]:
    chain = language_chain(get_language() or "", Workspace.current().default_language)
    asked = request.GET.get("lang", "")
    if asked in dict(settings.LANGUAGES):
        chain.insert(0, asked)
    return chain


def _context(policy: Policy, language: str) -> dict[str, object]:
    return {"policy": policy, "language": language, "language_query": f"?lang={language}"}


def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    policy = access_policy(slug)
    version = current_policy_version(policy, _chain(request))
    context = _context(policy, version.language) | {"version": version, "is_current": True}
    return render(request, "portal/policy_detail.html", context)


def policy_history(request: HttpRequest, slug: str) -> HttpResponse:
    policy = access_policy(slug)
    language = policy_language(policy, _chain(request))
    versions = list(versions_for_language(policy, language))
    context = _context(policy, language) | {"versions": versions}
    return render(request, "portal/policy_history.html", context)


def policy_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    policy = access_policy(slug)
    language = policy_language(policy, _chain(request))
    version = access_policy_version(policy, language, number)
    latest = versions_for_language(policy, language).values_list("number", flat=True).first()
    context = _context(policy, language) | {"version": version, "is_current": latest == number}
    return render(request, "portal/policy_detail.html", context)

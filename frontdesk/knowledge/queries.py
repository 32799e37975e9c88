"""The read path for policies: public, so no actor; unknown slugs and versions are 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import Promise

from frontdesk.knowledge.choices import POLICY_SLUGS, PolicyKind
from frontdesk.knowledge.models import Policy, PolicyVersion
from frontdesk.knowledge.services import ensure_default_policies


@dataclass(frozen=True)
class PolicyLink:
    label: str | Promise
    slug: str


def policy_links() -> list[PolicyLink]:
    """The four policies for every page's footer: no query, the slugs are fixed."""
    return [PolicyLink(kind.label, POLICY_SLUGS[kind]) for kind in PolicyKind]


def language_chain(language: str, default_language: str) -> list[str]:
    """The reader's language, then the business's default language, then English."""
    chain: list[str] = []
    for code in (language, default_language, settings.LANGUAGE_CODE, "en"):
        code = (code or "").split("-")[0].lower()
        if code and code not in chain:
            chain.append(code)
    return chain


def access_policy(slug: str) -> Policy:
    ensure_default_policies()
    try:
        return Policy.objects.get(slug=slug)
    except Policy.DoesNotExist:
        raise Http404("No such policy") from None


def policy_language(policy: Policy, chain: list[str]) -> str:
    """The first language of the chain in which the policy is published."""
    published = set(policy.versions.values_list("language", flat=True).distinct())
    for code in chain:
        if code in published:
            return code
    raise Http404("This policy is not published yet")


def versions_for_language(policy: Policy, language: str) -> QuerySet[PolicyVersion]:
    """The history in one language, newest first."""
    return policy.versions.filter(language=language).select_related("created_by")


def current_policy_version(policy: Policy, chain: list[str]) -> PolicyVersion:
    version = versions_for_language(policy, policy_language(policy, chain)).first()
    assert version is not None
    return version


def access_policy_version(policy: Policy, language: str, number: int) -> PolicyVersion:
    try:
        return versions_for_language(policy, language).get(number=number)
    except (PolicyVersion.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such version") from None


def policies_with_versions() -> list[tuple[Policy, dict[str, PolicyVersion]]]:
    ensure_default_policies()
    policies = list(Policy.objects.prefetch_related("versions"))
    result = []
    for policy in policies:
        latest: dict[str, PolicyVersion] = {}
        for version in sorted(policy.versions.all(), key=lambda v: (v.language, -v.number)):
            latest.setdefault(version.language, version)
        result.append((policy, latest))
    return result

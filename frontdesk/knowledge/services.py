"""The one write path for policies (K2): publishing a version, creating the defaults."""

from __future__ import annotations

import contextlib
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.accounts.models import User
from frontdesk.core.errors import Forbidden, Invalid
from frontdesk.core.text import clean_text, one_line
from frontdesk.knowledge.choices import POLICY_SLUGS, PolicyKind
from frontdesk.knowledge.defaults import STARTER
from frontdesk.knowledge.models import Policy, PolicyVersion

MAX_BODY_CHARS = 50_000


def ensure_default_policies() -> None:
    """Create the four policies with their starter texts, once (first use)."""
    if Policy.objects.count() >= len(PolicyKind.values):
        return
    for kind in PolicyKind.values:
        if Policy.objects.filter(kind=kind).exists():
            continue
        with contextlib.suppress(IntegrityError):  # a concurrent first request created it
            _create_with_starter_texts(kind)


@transaction.atomic
def _create_with_starter_texts(kind: str) -> Policy:
    policy = Policy.objects.create(kind=kind, slug=POLICY_SLUGS[kind])
    PolicyVersion.objects.bulk_create(
        PolicyVersion(policy=policy, language=lang, number=1, title=title, body=body)
        for lang, (title, body) in STARTER[kind].items()
    )
    return policy


@transaction.atomic
def do_publish_policy_version(
    *,
    actor: User,
    policy: Policy,
    language: str,
    title: str,
    body: str,
    now: datetime | None = None,
) -> PolicyVersion:
    """Publish a new, dated version; earlier versions stay in the history unchanged."""
    if not actor.is_active or not actor.is_manager:
        raise Forbidden(_("Only managers and administrators can change policies."))
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise Invalid(_("Unsupported language %(code)r.") % {"code": language}, field="language")
    title = one_line(title, 200)
    body = clean_text(body).strip()
    if not title:
        raise Invalid(_("The title is required."), field="title")
    if not body:
        raise Invalid(_("The text is required."), field="body")
    if len(body) > MAX_BODY_CHARS:
        raise Invalid(_("The text is too long."), field="body")
    locked = Policy.objects.select_for_update().get(pk=policy.pk)
    latest = locked.versions.filter(language=language).aggregate(n=Max("number"))["n"] or 0
    return PolicyVersion.objects.create(
        policy=locked,
        language=language,
        number=latest + 1,
        title=title,
        body=body,
        published_at=now or timezone.now(),
        created_by=actor,
    )

"""Policies (K2): one per kind, each a dated, versioned text per language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.core.languages import language_choices
from frontdesk.knowledge.choices import PolicyKind


class Policy(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=PolicyKind.choices, unique=True)
    slug = models.SlugField(_("web address"), max_length=60, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class PolicyVersion(models.Model):
    """One published text of a policy in one language. Versions are never edited:
    a change is a new version, so the history shows what customers were told when."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["policy", "language", "-number"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "language", "number"], name="policy_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy} {self.language} v{self.number}"

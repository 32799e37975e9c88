"""Finishing the job (T7): the solve checklist and its answers, action plans, the
follow-up and auto-close schedule of solved tickets, and their settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.tickets.models import Ticket

FALLBACK_LANGUAGE = "en"


class ChecklistItem(models.Model):
    """One question an agent answers when solving a ticket, worded by the business in
    each language (`texts`: {language code: text}; English is always present)."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("A ticket is solved only when this is ticked.")
    )
    texts = models.JSONField(_("wording"), default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("solve checklist item")
        verbose_name_plural = _("solve checklist items")

    def __str__(self) -> str:
        return self.text_for(FALLBACK_LANGUAGE)

    def text_for(self, language: str) -> str:
        """The wording in `language` (or its base, "sl" for "sl-si"), else in English."""
        texts = self.texts if isinstance(self.texts, dict) else {}
        base = (language or "").split("-")[0].lower()
        return str(texts.get(base) or texts.get(FALLBACK_LANGUAGE) or "")


class SolveRecord(models.Model):
    """How a ticket was solved: who, when, and the checklist as it was shown and answered.

    `answers` is a list of {"item_id", "text", "required", "answer"} in the order shown.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="solve_records")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    answers = models.JSONField(_("answers"), default=list)
    note = models.TextField(_("note"), blank=True)
    # The answer to "Is a follow-up needed?": the day to ask the customer "did it work?",
    # or empty for no follow-up.
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    created_at = models.DateTimeField(_("solved"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("solve record")
        verbose_name_plural = _("solve records")
        indexes = [models.Index(fields=["ticket", "created_at"], name="solve_record_ticket")]

    def __str__(self) -> str:
        return f"{self.ticket_id} solved {self.created_at:%Y-%m-%d}"


class ActionPlan(models.Model):
    """What the agent will do, and by when, when no immediate solution exists."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="action_plans")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plans",
    )
    text = models.TextField(_("plan"))
    due_at = models.DateTimeField(_("committed time"))
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        indexes = [
            models.Index(fields=["ticket", "due_at"], name="action_plan_ticket"),
            # The reminder sweep reads only open plans not yet reminded.
            models.Index(
                fields=["due_at"],
                name="action_plan_to_remind",
                condition=models.Q(reminded_at__isnull=True, done_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.text[:40]}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class SolvedTicket(models.Model):
    """A ticket that is solved now: the follow-up and auto-close sweeps read only this
    small table, through indexes on `solved_at`. A row is added when a ticket becomes
    solved and removed when it leaves that state (a customer reply reopens it, an agent
    changes it, it closes)."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    solved_at = models.DateTimeField()
    # When to send the follow-up (`schedule.follow_up_time` of the day chosen when
    # solving); empty: none for this solve.
    follow_up_at = models.DateTimeField(null=True, blank=True)
    follow_up_claimed_at = models.DateTimeField(null=True, blank=True)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True)
    follow_up_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("solved ticket")
        verbose_name_plural = _("solved tickets")
        indexes = [
            models.Index(fields=["solved_at"], name="solved_ticket_close"),
            models.Index(
                fields=["follow_up_at"],
                name="solved_ticket_follow_up_at",
                condition=models.Q(follow_up_sent_at__isnull=True, follow_up_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} solved {self.solved_at:%Y-%m-%d}"


class ResolutionSettings(models.Model):
    """The business's settings for finishing the job: one row per installation."""

    follow_up_days = models.PositiveSmallIntegerField(
        _("follow-up after (days)"),
        default=0,
        help_text=_(
            "The default answer when solving: ask the customer “did it work?” this many days "
            "after solving. 0: not by default (agents can still choose a follow-up)."
        ),
    )
    auto_close_days = models.PositiveSmallIntegerField(
        _("close solved tickets after (days)"),
        default=4,
        help_text=_(
            "Solved tickets without a customer reply close after this many days. 0 switches it off."
        ),
    )
    reminder_lead_minutes = models.PositiveIntegerField(
        _("remind before the committed time (minutes)"),
        default=60,
        help_text=_("The author of an action plan is reminded this long before its time."),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("solving settings")
        verbose_name_plural = _("solving settings")

    def __str__(self) -> str:
        return str(_("Solving settings"))

    @classmethod
    def current(cls) -> ResolutionSettings:
        config = cls.objects.order_by("pk").first()
        if config is None:
            config, _created = cls.objects.get_or_create(pk=1)
        return config

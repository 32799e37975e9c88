from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")
    # Live-channel targets (S2), in seconds of calendar time; the channels start and stop
    # them (`do_start_live_target`, `do_finish_live_target`).
    CHAT_GREETING = "chat_greeting", _("Chat greeting")
    PHONE_HOLD = "phone_hold", _("Phone hold")


# Targets a customer waits for live: counted in seconds of real time, never warned about
# or escalated by the sweep (it only records their breach).
LIVE_KINDS = frozenset({TargetKind.CHAT_GREETING, TargetKind.PHONE_HOLD})


class TargetState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    ACHIEVED = "achieved", _("Achieved")
    BREACHED = "breached", _("Breached")


class BreachNotify(models.TextChoices):
    """Who hears about a breach besides the assignee."""

    NOBODY = "nobody", _("Nobody else")
    TEAM_LEAD = "team_lead", _("The team lead (managers when the team has none)")
    MANAGERS = "managers", _("The managers")
    LEAD_AND_MANAGERS = "lead_and_managers", _("The team lead and the managers")


class AlertKind(models.TextChoices):
    WARNING = "warning", _("Deadline approaching")
    BREACH = "breach", _("Deadline missed")
    # An action plan's committed time is near (resolution.sweeps): to its author.
    ACTION_PLAN = "action_plan", _("Action plan due")

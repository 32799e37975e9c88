from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


class TargetState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    ACHIEVED = "achieved", _("Achieved")
    BREACHED = "breached", _("Breached")

from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionStatus(models.TextChoices):
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


class RetentionBasis(models.TextChoices):
    STATUS = "status", _("since solved or closed")
    UPDATED = "updated", _("since the last update")


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonymise", _("Anonymise (keep the numbers, erase the text)")
    DELETE = "delete", _("Delete the ticket")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Policies published in the help center (K2); later procedures and articles."""

    name = "frontdesk.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

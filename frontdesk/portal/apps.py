from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The customer-facing site: help center, request form, sign-in link, my requests."""

    name = "frontdesk.portal"
    label = "portal"
    verbose_name = _("Help center")

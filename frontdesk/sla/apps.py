from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    """SLA policies, business calendars and per-ticket targets (S1)."""

    name = "frontdesk.sla"
    label = "sla"
    verbose_name = _("SLA")

    def ready(self) -> None:
        from frontdesk.sla import services
        from frontdesk.tickets import hooks

        hooks.register(created=services.on_ticket_created, changed=services.on_ticket_changed)

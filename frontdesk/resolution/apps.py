from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionConfig(AppConfig):
    """Finishing the job (T7): the solve checklist, action plans, follow-up, auto-close."""

    name = "frontdesk.resolution"
    label = "resolution"
    verbose_name = _("Solving")

    def ready(self) -> None:
        from frontdesk.resolution import bulk
        from frontdesk.resolution import hooks as resolution_hooks
        from frontdesk.tickets import hooks

        hooks.register(changed=resolution_hooks.on_ticket_changed, solver=bulk.SOLVER)

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit log: who did what to what, from where (append-only; docs/audit-log.md)."""

    name = "frontdesk.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from frontdesk.audit import auth_events

        auth_events.connect()

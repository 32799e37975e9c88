from django.apps import AppConfig


class InboxConfig(AppConfig):
    """How contacts arrive: the email channel today (mailboxes, ingestion, delivery)."""

    name = "frontdesk.inbox"
    label = "inbox"
    verbose_name = "Inbox"

    def ready(self) -> None:
        from frontdesk.inbox.email import delivery

        delivery.register()

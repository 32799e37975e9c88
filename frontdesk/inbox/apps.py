from django.apps import AppConfig


class InboxConfig(AppConfig):
    """How contacts arrive: the email channel today (mailboxes, ingestion, delivery)."""

    name = "frontdesk.inbox"
    label = "inbox"
    verbose_name = "Inbox"

    def ready(self) -> None:
        from frontdesk.core import crypto
        from frontdesk.inbox.email import delivery
        from frontdesk.inbox.models import Mailbox

        delivery.register()
        crypto.register(
            Mailbox,
            "imap_password_encrypted",
            "smtp_password_encrypted",
            "webhook_secret_encrypted",
        )

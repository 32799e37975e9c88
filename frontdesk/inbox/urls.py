"""Routes of the email channel: settings screens and original emails.

The inbound webhook is routed in frontdesk/urls.py ("inbox-email-webhook").
"""

from django.urls import path

from frontdesk.inbox.views import mailboxes, original, quarantine

app_name = "inbox"

urlpatterns = [
    path("settings/mailboxes/", mailboxes.mailbox_list, name="mailbox-list"),
    path("settings/mailboxes/new/", mailboxes.mailbox_new, name="mailbox-new"),
    path("settings/mailboxes/<int:mailbox_id>/", mailboxes.mailbox_edit, name="mailbox-edit"),
    path("settings/mailboxes/<int:mailbox_id>/test/", mailboxes.mailbox_test, name="mailbox-test"),
    path(
        "settings/mailboxes/<int:mailbox_id>/webhook-secret/",
        mailboxes.mailbox_rotate_secret,
        name="mailbox-rotate-secret",
    ),
    path("settings/quarantine/", quarantine.quarantine_list, name="quarantine-list"),
    path(
        "settings/quarantine/<int:inbound_id>/",
        quarantine.quarantine_detail,
        name="quarantine-detail",
    ),
    path(
        "settings/quarantine/<int:inbound_id>/reprocess/",
        quarantine.quarantine_reprocess,
        name="quarantine-reprocess",
    ),
    path(
        "settings/quarantine/<int:inbound_id>/discard/",
        quarantine.quarantine_discard,
        name="quarantine-discard",
    ),
    path(
        "settings/quarantine/<int:inbound_id>/email.eml",
        quarantine.quarantine_download,
        name="quarantine-download",
    ),
    path(
        "tickets/<int:ticket_id>/messages/<int:message_id>/original/",
        original.message_original,
        name="message-original",
    ),
    path(
        "tickets/<int:ticket_id>/messages/<int:message_id>/original.eml",
        original.message_original_download,
        name="message-original-download",
    ),
]

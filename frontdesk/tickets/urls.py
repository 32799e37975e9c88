from django.urls import include, path

from frontdesk.tickets.views import files, inbox, inbox_tags
from frontdesk.tickets.views import settings as settings_views

app_name = "tickets"

urlpatterns = [
    path("attachments/<int:attachment_id>", files.attachment_download, name="attachment-download"),
    path(
        "attachments/<int:attachment_id>/release",
        files.attachment_release,
        name="attachment-release",
    ),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/tags/", inbox_tags.tag_options, name="inbox-tag-options"),
    path("inbox/count/", inbox.inbox_count, name="inbox-count"),
    path("settings/macros/", settings_views.macro_list, name="macro-list"),
    path("settings/macros/new/", settings_views.macro_new, name="macro-new"),
    path("settings/macros/<int:macro_id>/", settings_views.macro_edit, name="macro-edit"),
    path(
        "settings/macros/<int:macro_id>/active/",
        settings_views.macro_set_active,
        name="macro-set-active",
    ),
    # The ticket page, /tickets/<id>/…: its routes live in urls_ticket.py.
    path("", include("frontdesk.tickets.urls_ticket")),
]

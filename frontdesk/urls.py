from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from frontdesk.api import api
from frontdesk.core import health
from frontdesk.inbox.webhook import inbound_webhook

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=static("frontdesk/favicon.svg"), permanent=True)),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("inbox/email/webhook/<int:mailbox_id>/", inbound_webhook, name="inbox-email-webhook"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("frontdesk.accounts.urls")),
    path("", include("frontdesk.audit.urls")),
    path("", include("frontdesk.tickets.urls")),
    path("", include("frontdesk.resolution.urls")),
    path("", include("frontdesk.customers.urls")),
    path("", include("frontdesk.privacy.urls")),
    path("", include("frontdesk.inbox.urls")),
    path("sla/", include("frontdesk.sla.urls")),
    path("settings/policies/", include("frontdesk.knowledge.urls")),
    path("settings/", include("frontdesk.sla.settings_urls")),
    path("", include("frontdesk.portal.urls")),
]

handler400 = "frontdesk.core.error_pages.bad_request"
handler403 = "frontdesk.core.error_pages.permission_denied"
handler404 = "frontdesk.core.error_pages.not_found"
handler500 = "frontdesk.core.error_pages.server_error"

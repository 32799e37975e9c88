from django.urls import path

from frontdesk.sla import views

app_name = "sla"

urlpatterns = [
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:alert_id>/read/", views.alert_read, name="alert-read"),
    path("alerts/read-all/", views.alert_read_all, name="alert-read-all"),
    path("alerts/emails/", views.alert_emails, name="alert-emails"),
    path(
        "targets/<int:target_id>/breach-reason/", views.breach_reason, name="target-breach-reason"
    ),
]

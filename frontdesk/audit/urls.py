from django.urls import path

from frontdesk.audit import views

app_name = "audit"

urlpatterns = [
    path("settings/audit-log/", views.audit_log, name="audit-log"),
]

from django.urls import path

from frontdesk.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.policy_list, name="policy-list"),
    path("<slug:slug>/<str:language>/", views.policy_edit, name="policy-edit"),
]

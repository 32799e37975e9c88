from django.urls import path

from frontdesk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("settings/", views.settings_home, name="settings"),
    path("settings/business/", views.workspace_edit, name="workspace-edit"),
    path("settings/teams/", views.team_list, name="team-list"),
    path("settings/teams/<int:team_id>/", views.team_detail, name="team-detail"),
    path("settings/members/", views.member_list, name="member-list"),
    path("settings/members/new/", views.member_new, name="member-new"),
    path("settings/members/<int:user_id>/", views.member_edit, name="member-edit"),
]

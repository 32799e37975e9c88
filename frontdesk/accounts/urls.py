from django.urls import path

from frontdesk.accounts.views import account, settings, sign_in, tokens, visibility

app_name = "accounts"

urlpatterns = [
    path("sign-in/", sign_in.SignInView.as_view(), name="sign-in"),
    path("sign-in/two-factor/", sign_in.second_step, name="sign-in-second"),
    path(
        "sign-in/two-factor/passkey/options/",
        sign_in.second_step_passkey_options,
        name="sign-in-passkey-options",
    ),
    path("sign-in/two-factor/passkey/", sign_in.second_step_passkey, name="sign-in-passkey"),
    path("sign-in/forgot/", sign_in.forgot_password, name="forgot-password"),
    path("sign-in/reset/<str:uid>/<str:token>/", sign_in.password_reset, name="password-reset"),
    path("invitation/<str:token>/", sign_in.invitation_accept, name="invitation-accept"),
    path("sign-out/", sign_in.sign_out, name="sign-out"),
    path("account/", account.account, name="account"),
    path("account/two-factor/", account.two_factor, name="two-factor"),
    path("account/tokens/", tokens.token_create, name="token-create"),
    path("account/tokens/<int:token_id>/revoke/", tokens.token_revoke, name="token-revoke"),
    path("account/two-factor/app/", account.totp_setup, name="totp-setup"),
    path("account/two-factor/app/remove/", account.totp_remove, name="totp-remove"),
    path("account/two-factor/recovery-codes/", account.recovery_codes, name="recovery-codes"),
    path(
        "account/two-factor/recovery-codes/new/",
        account.new_recovery_codes,
        name="recovery-codes-new",
    ),
    path("account/two-factor/passkeys/options/", account.passkey_options, name="passkey-options"),
    path("account/two-factor/passkeys/", account.passkey_add, name="passkey-add"),
    path(
        "account/two-factor/passkeys/<int:passkey_id>/remove/",
        account.passkey_remove,
        name="passkey-remove",
    ),
    path("settings/", settings.settings_home, name="settings"),
    path("settings/business/", settings.workspace_edit, name="workspace-edit"),
    path("settings/sign-in-security/", settings.sign_in_security, name="sign-in-security"),
    path("settings/teams/", settings.team_list, name="team-list"),
    path("settings/teams/<int:team_id>/", settings.team_detail, name="team-detail"),
    path("settings/members/", settings.member_list, name="member-list"),
    path("settings/members/new/", settings.member_new, name="member-new"),
    path("settings/members/<int:user_id>/", settings.member_edit, name="member-edit"),
    path("settings/members/<int:user_id>/invite/", settings.member_invite, name="member-invite"),
    path(
        "settings/members/<int:user_id>/branches/",
        visibility.member_branches,
        name="member-branches",
    ),
    path("settings/sensitive-tickets/", visibility.sensitive_tickets, name="sensitive-tickets"),
    path(
        "settings/members/<int:user_id>/reset-password/",
        settings.member_reset_password,
        name="member-reset-password",
    ),
]

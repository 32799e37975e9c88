from django.urls import path

from frontdesk.portal.views import account, home, policies, requests

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("requests/", requests.request_list, name="request-list"),
    path("requests/new/", requests.request_new, name="request-new"),
    path("requests/new/thanks/", requests.request_thanks, name="request-thanks"),
    path(
        "requests/attachments/<int:attachment_id>/",
        requests.attachment_download,
        name="attachment-download",
    ),
    path("requests/<str:reference>/", requests.request_detail, name="request-detail"),
    path("account/sign-in/", account.sign_in, name="sign-in"),
    path("account/link/<str:token>/", account.sign_in_link, name="sign-in-link"),
    path("account/sign-out/", account.sign_out, name="sign-out"),
    path("policies/<slug:slug>/", policies.policy_detail, name="policy-detail"),
    path("policies/<slug:slug>/versions/", policies.policy_history, name="policy-history"),
    path(
        "policies/<slug:slug>/versions/<int:number>/",
        policies.policy_version,
        name="policy-version",
    ),
]

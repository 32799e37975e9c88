"""Settings → Mailboxes: list, create, edit, test the IMAP connection, rotate the webhook secret.

Administrators only. Passwords are never sent back to the browser: the form's password
fields render empty and a blank password keeps the stored one.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.accounts.models import Team
from frontdesk.core.crypto import SecretUnreadable
from frontdesk.core.errors import ServiceError
from frontdesk.core.text import one_line
from frontdesk.inbox.choices import Security
from frontdesk.inbox.email import imap
from frontdesk.inbox.email.polling import imap_settings
from frontdesk.inbox.mailboxes import (
    MIN_POLL_INTERVAL,
    do_create_mailbox,
    do_rotate_webhook_secret,
    do_update_mailbox,
)
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.views import actor, admin_required

SECTION = "mailboxes"
KEEP_PASSWORD = gettext_lazy(
    "Leave blank to keep the current password; type it again if you change the server or user."
)


def _password_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )


class MailboxForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    address = forms.EmailField(
        label=gettext_lazy("Address"),
        max_length=254,
        help_text=gettext_lazy("The support address customers write to."),
    )
    display_name = forms.CharField(
        label=gettext_lazy("Sender name"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Shown as the sender of replies, e.g. “Kettle Corner Support”."),
    )
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("No team"),
        help_text=gettext_lazy("New tickets from this mailbox go to this team."),
    )
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)
    imap_host = forms.CharField(label=gettext_lazy("IMAP server"), max_length=255, required=False)
    imap_port = forms.IntegerField(
        label=gettext_lazy("IMAP port"), min_value=1, max_value=65535, initial=993
    )
    imap_security = forms.ChoiceField(
        label=gettext_lazy("IMAP security"), choices=Security.choices, initial=Security.SSL
    )
    imap_username = forms.CharField(label=gettext_lazy("IMAP user"), max_length=255, required=False)
    imap_password = _password_field(gettext_lazy("IMAP password"))
    imap_folder = forms.CharField(
        label=gettext_lazy("IMAP folder"), max_length=255, required=False, initial="INBOX"
    )
    poll_interval_seconds = forms.IntegerField(
        label=gettext_lazy("Poll every (seconds)"), min_value=MIN_POLL_INTERVAL, initial=60
    )
    start_from_now = forms.BooleanField(
        label=gettext_lazy("Start from now"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Ignore the mail already in the folder when it is first polled."),
    )
    smtp_host = forms.CharField(
        label=gettext_lazy("SMTP server"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Blank: replies go through the global mail server."),
    )
    smtp_port = forms.IntegerField(
        label=gettext_lazy("SMTP port"), min_value=1, max_value=65535, initial=587
    )
    smtp_security = forms.ChoiceField(
        label=gettext_lazy("SMTP security"), choices=Security.choices, initial=Security.STARTTLS
    )
    smtp_username = forms.CharField(label=gettext_lazy("SMTP user"), max_length=255, required=False)
    smtp_password = _password_field(gettext_lazy("SMTP password"))
    trusted_authserv_ids = forms.CharField(
        label=gettext_lazy("Trusted receiving server"),
        max_length=255,
        required=False,
        help_text=Mailbox._meta.get_field("trusted_authserv_ids").help_text,
    )

    GROUPS = (
        (gettext_lazy("Address"), ("name", "address", "display_name", "team", "active")),
        (
            gettext_lazy("Receiving (IMAP)"),
            (
                "imap_host",
                "imap_port",
                "imap_security",
                "imap_username",
                "imap_password",
                "imap_folder",
                "poll_interval_seconds",
                "start_from_now",
            ),
        ),
        (
            gettext_lazy("Sending (SMTP)"),
            ("smtp_host", "smtp_port", "smtp_security", "smtp_username", "smtp_password"),
        ),
        (gettext_lazy("Sender verification"), ("trusted_authserv_ids",)),
    )

    def __init__(self, *args: Any, mailbox: Mailbox | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if mailbox is not None:
            for name, stored in (
                ("imap_password", mailbox.imap_password_encrypted),
                ("smtp_password", mailbox.smtp_password_encrypted),
            ):
                if stored:
                    self.fields[name].help_text = KEEP_PASSWORD

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.GROUPS]


def _initial(mailbox: Mailbox) -> dict[str, Any]:
    names = [name for name in MailboxForm.base_fields if not name.endswith("_password")]
    initial = {name: getattr(mailbox, name) for name in names if name != "team"}
    initial["team"] = mailbox.team_id
    return initial


def _add_error(form: forms.Form, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _webhook_url(request: HttpRequest, mailbox: Mailbox) -> str:
    return request.build_absolute_uri(reverse("inbox-email-webhook", args=[mailbox.pk]))


def _edit_page(
    request: HttpRequest, mailbox: Mailbox, form: MailboxForm, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "form": form,
        "mailbox": mailbox,
        "webhook_url": _webhook_url(request, mailbox),
        "section": SECTION,
        **extra,
    }
    response = render(request, "inbox/mailbox_form.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@admin_required
def mailbox_list(request: HttpRequest) -> HttpResponse:
    mailboxes = Mailbox.objects.select_related("team").annotate(received=Count("inbound"))
    context = {"mailboxes": mailboxes.order_by("name")[:500], "section": SECTION}
    return render(request, "inbox/mailbox_list.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def mailbox_new(request: HttpRequest) -> HttpResponse:
    form = MailboxForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mailbox = do_create_mailbox(actor=actor(request), **form.cleaned_data)
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Mailbox %(address)s created.") % {"address": mailbox})
            return redirect("inbox:mailbox-edit", mailbox_id=mailbox.pk)
    context = {"form": form, "mailbox": None, "section": SECTION}
    status = 422 if request.method == "POST" else 200
    return render(request, "inbox/mailbox_form.html", context, status=status)


@admin_required
@require_http_methods(["GET", "POST"])
def mailbox_edit(request: HttpRequest, mailbox_id: int) -> HttpResponse:
    mailbox = get_object_or_404(Mailbox.objects.select_related("team"), pk=mailbox_id)
    form = MailboxForm(request.POST or None, initial=_initial(mailbox), mailbox=mailbox)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_mailbox(actor=actor(request), mailbox=mailbox, **form.cleaned_data)
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Mailbox %(address)s saved.") % {"address": mailbox})
            return redirect("inbox:mailbox-edit", mailbox_id=mailbox.pk)
    return _edit_page(request, mailbox, form, status=422 if request.method == "POST" else 200)


def _check(mailbox: Mailbox) -> tuple[bool, str]:
    """(success, what to show): the server's greeting or a one-line reason."""
    if not mailbox.imap_host:
        return False, _("This mailbox has no IMAP server to test.")
    try:
        settings = imap_settings(mailbox)
    except SecretUnreadable:
        return False, _("The stored password cannot be read with this key; enter it again.")
    try:
        return True, one_line(imap.check_connection(settings), 500)
    except imap.ImapError as error:
        return False, one_line(str(error), 500) or _("The connection failed.")
    except (OSError, ValueError) as error:  # never a stack trace on the page
        return False, one_line(f"{type(error).__name__}: {error}", 500)


@admin_required
@require_POST
def mailbox_test(request: HttpRequest, mailbox_id: int) -> HttpResponse:
    mailbox = get_object_or_404(Mailbox.objects.select_related("team"), pk=mailbox_id)
    ok, detail = _check(mailbox)
    form = MailboxForm(initial=_initial(mailbox), mailbox=mailbox)
    return _edit_page(request, mailbox, form, connection={"ok": ok, "detail": detail})


@admin_required
@require_POST
def mailbox_rotate_secret(request: HttpRequest, mailbox_id: int) -> HttpResponse:
    """A new webhook secret, shown on this response only (never stored in the session)."""
    mailbox = get_object_or_404(Mailbox.objects.select_related("team"), pk=mailbox_id)
    secret = do_rotate_webhook_secret(actor=actor(request), mailbox=mailbox)
    form = MailboxForm(initial=_initial(mailbox), mailbox=mailbox)
    return _edit_page(request, mailbox, form, new_secret=secret)

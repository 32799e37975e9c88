"""Forms of the portal: sizes are checked here for clear messages, and again by the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from frontdesk.tickets.services import NewAttachment

MAX_FILES_PER_MESSAGE = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def check_files(files: list[UploadedFile]) -> list[UploadedFile]:
    """Per-file and per-message caps (SECURITY.md 27), before anything is read."""
    per_file = settings.FRONTDESK_MAX_ATTACHMENT_BYTES
    per_message = settings.FRONTDESK_MAX_MESSAGE_BYTES
    if len(files) > MAX_FILES_PER_MESSAGE:
        raise forms.ValidationError(
            _("Please attach at most %(count)s files.") % {"count": MAX_FILES_PER_MESSAGE}
        )
    for item in files:
        if (item.size or 0) > per_file:
            raise forms.ValidationError(
                _("“%(name)s” is too large: each file can be up to %(limit)s.")
                % {"name": item.name, "limit": filesizeformat(per_file)}
            )
    if sum(item.size or 0 for item in files) > per_message:
        raise forms.ValidationError(
            _("The files are too large together: the limit is %(limit)s.")
            % {"limit": filesizeformat(per_message)}
        )
    return files


def to_attachments(files: list[UploadedFile]) -> list[NewAttachment]:
    return [
        NewAttachment(
            filename=item.name or "attachment",
            content=item.read(),
            content_type=item.content_type or "application/octet-stream",
        )
        for item in files
    ]


class AttachmentsMixin(forms.Form):
    attachments = MultipleFileField(
        label=gettext_lazy("Attachments (optional)"),
        required=False,
        help_text=gettext_lazy("Photos of the item, a receipt, a screenshot…"),
    )

    def clean_attachments(self) -> list[UploadedFile]:
        return check_files(self.cleaned_data.get("attachments") or [])


class RequestForm(AttachmentsMixin):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200)
    email = forms.EmailField(
        label=gettext_lazy("Your email"),
        max_length=254,
        help_text=gettext_lazy("We send our answer here."),
    )
    subject = forms.CharField(label=pgettext_lazy("form field", "Subject"), max_length=250)
    message = forms.CharField(
        label=gettext_lazy("How can we help?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=50_000,
    )
    # The honeypot: hidden from people by the stylesheet, filled in by bots.
    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False)

    field_order = ["name", "email", "subject", "message", "attachments", "website"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())


class ReplyForm(AttachmentsMixin):
    message = forms.CharField(
        label=gettext_lazy("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=50_000,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("message") or "").strip() and not data.get("attachments"):
            self.add_error("message", _("Please write a message or attach a file."))
        return data


class SignInForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email"), max_length=254)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email", autofocus=True)

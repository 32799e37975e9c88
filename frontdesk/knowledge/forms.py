from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PolicyVersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Plain text. A blank line starts a new paragraph."),
    )

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.models import Team
from frontdesk.privacy.choices import RetentionAction, RetentionBasis, RetentionStatus
from frontdesk.privacy.models import RetentionRule
from frontdesk.privacy.services import MAX_AGE_DAYS


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type the customer's email address to confirm"), max_length=254
    )


class RetentionRuleForm(forms.Form):
    status = forms.ChoiceField(label=_("Tickets that are"), choices=RetentionStatus.choices)
    age_days = forms.IntegerField(label=_("Older than (days)"), min_value=1, max_value=MAX_AGE_DAYS)
    basis = forms.ChoiceField(label=_("Age counted"), choices=RetentionBasis.choices)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=_("Every team"),
    )
    action = forms.ChoiceField(label=_("Then"), choices=RetentionAction.choices)

    @staticmethod
    def initial_for(rule: RetentionRule) -> dict[str, object]:
        return {
            "status": rule.status,
            "age_days": rule.age_days,
            "basis": rule.basis,
            "team": rule.team_id,
            "action": rule.action,
        }

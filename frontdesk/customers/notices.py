"""Emails to customers about their own account, in the customer's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from frontdesk.accounts.models import Workspace
from frontdesk.audit.services import mask_email
from frontdesk.core.languages import first_offered
from frontdesk.core.text import one_line
from frontdesk.customers.models import Customer


def customer_language(customer: Customer) -> str:
    """The customer's language, else the workspace's, else the site default."""
    return first_offered(customer.language, Workspace.current().default_language)


masked_email = mask_email  # `m***@example.com`: enough to recognise, not to copy


def email_changed_notice(customer: Customer, *, old_email: str) -> EmailMultiAlternatives:
    """Tell the old address that the sign-in address changed, and what that ended.

    Sent to the OLD address: if the change was not asked for, the person who owns the
    account hears about it even though the new address belongs to someone else.
    """
    workspace = Workspace.current()
    with translation.override(customer_language(customer)):
        context = {
            "customer_name": customer.display_name,
            "workspace": workspace,
            "new_email": masked_email(customer.email) if customer.email else "",
            "support_email": workspace.support_email,
        }
        subject = one_line(
            _("Your email address at %(business)s was changed") % {"business": workspace.name}
        )
        text = render_to_string("customers/emails/email_changed.txt", context).strip() + "\n"
    return EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=workspace.support_email or settings.DEFAULT_FROM_EMAIL,
        to=[old_email],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyKind(models.TextChoices):
    RETURN_EXCHANGE = "return_exchange", _("Returns and exchanges")
    COMPLAINTS = "complaints", _("Complaint handling")
    PRIVACY = "privacy", _("Privacy notice")
    CONTACT = "contact", _("Contact and response times")


# The public address of each policy: fixed, so every page can link it without a query.
POLICY_SLUGS: dict[str, str] = {
    PolicyKind.RETURN_EXCHANGE: "returns-and-exchanges",
    PolicyKind.COMPLAINTS: "complaints",
    PolicyKind.PRIVACY: "privacy",
    PolicyKind.CONTACT: "contact",
}

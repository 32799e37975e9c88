from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Privacy rights: a customer's data export, erasure, retention rules (docs/privacy.md)."""

    name = "frontdesk.privacy"
    label = "privacy"
    verbose_name = "Privacy"

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Frontdesk: serve, web, worker, tokens, first start, demo data."""

    name = "frontdesk.ops"
    label = "ops"

"""The REST API v1: one NinjaAPI, routers from each app (wiring only)."""

from ninja import NinjaAPI

api = NinjaAPI(title="Frontdesk API", version="1", urls_namespace="api")

"""Frontdesk: an open-source, self-hosted customer service platform."""

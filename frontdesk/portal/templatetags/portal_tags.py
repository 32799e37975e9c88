from __future__ import annotations

from django import template

from frontdesk.knowledge.queries import PolicyLink, policy_links

register = template.Library()


@register.simple_tag
def portal_policy_links() -> list[PolicyLink]:
    """The four policies, linked from every portal page's footer (K2)."""
    return policy_links()

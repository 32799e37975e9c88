"""Hand-written demo conversations: retail customer service in five languages.

Placeholders in replies and notes: {first_name} (the customer), {agent} (the agent's first
name), {branch} (the branch city). Macros keep Django-style {{customer.first_name}}
placeholders because they are stored as macros, not formatted here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    """One customer situation: the first message and the agent's first answer."""

    subject: str
    body: str
    reply: str
    type: str = "question"
    tags: tuple[str, ...] = ()
    priority: str = "normal"


@dataclass(frozen=True)
class LanguagePack:
    code: str
    country: str
    time_zone: str
    female_first: tuple[str, ...]
    female_last: tuple[str, ...]
    male_first: tuple[str, ...]
    male_last: tuple[str, ...]
    email_domains: tuple[str, ...]
    requests: tuple[Request, ...]
    follow_ups: tuple[str, ...]
    thanks: tuple[str, ...]
    agent_follow_ups: tuple[str, ...]
    notes: tuple[str, ...]
    handoffs: tuple[str, ...]
    escalations: tuple[str, ...]
    macros: tuple[tuple[str, str], ...]
    organizations: tuple[str, ...] = ()


def packs() -> dict[str, LanguagePack]:
    from frontdesk.ops.demo_texts import en, lv, sk, sl, tr

    return {pack.code: pack for pack in (en.PACK, tr.PACK, lv.PACK, sk.PACK, sl.PACK)}

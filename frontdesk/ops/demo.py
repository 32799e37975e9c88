"""The demo data set: a retail business with five branches, staff, customers and tickets.

Fast (bulk inserts) but shaped like what the services produce, deterministic (seeded
RNG) and loaded once: a second call sees the demo brand and skips.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import Branch, Brand, Team, User, Workspace
from frontdesk.accounts.services import do_create_staff_user, generate_password
from frontdesk.customers.models import Customer, Organization
from frontdesk.ops.demo_texts import LanguagePack, packs
from frontdesk.tickets.models import Macro

DEMO_BRANDS = ("Northwind Fashion", "Northwind Home")
LANGUAGE_WEIGHTS = {"en": 30, "tr": 20, "lv": 20, "sk": 15, "sl": 15}

# name, city, country, time zone, language, address, phone, opening hours
BRANCHES = (
    ("Riga", "Rīga", "LV", "Europe/Riga", "lv", "Brīvības iela 68, Rīga, LV-1011",
     "+371 6700 1234", "P.-Pk. 10:00-20:00\nS. 10:00-18:00\nSv. 11:00-17:00"),
    ("Istanbul", "İstanbul", "TR", "Europe/Istanbul", "tr",
     "Abdi İpekçi Cd. No:42, Nişantaşı, 34367 Şişli/İstanbul", "+90 212 555 01 23",
     "Pazartesi-Cumartesi 10:00-22:00\nPazar 11:00-20:00"),
    ("Bratislava", "Bratislava", "SK", "Europe/Bratislava", "sk",
     "Obchodná 25, 811 06 Bratislava", "+421 2 5555 0123",
     "Po-Pi 9:00-20:00\nSo 9:00-18:00\nNe zatvorené"),
    ("Ljubljana", "Ljubljana", "SI", "Europe/Ljubljana", "sl",
     "Čopova ulica 14, 1000 Ljubljana", "+386 1 555 01 23",
     "Pon-pet 9:00-20:00\nSob 9:00-17:00\nNed zaprto"),
    ("London", "London", "GB", "Europe/London", "en", "214 Oxford Street, London W1D 1LA",
     "+44 20 7946 0123", "Mon-Sat 9:30-21:00\nSun 12:00-18:00"),
)  # fmt: skip
ONLINE_TEAM = "Online"

# username, first, last, role, language, team (branch name or ONLINE_TEAM)
STAFF = (
    ("ilze.kalnina", "Ilze", "Kalniņa", Role.AGENT, "lv", "Riga"),
    ("martins.ozols", "Mārtiņš", "Ozols", Role.AGENT, "lv", "Riga"),
    ("elif.sahin", "Elif", "Şahin", Role.AGENT, "tr", "Istanbul"),
    ("emre.aydin", "Emre", "Aydın", Role.AGENT, "tr", "Istanbul"),
    ("zuzana.kovacova", "Zuzana", "Kováčová", Role.AGENT, "sk", "Bratislava"),
    ("marek.horvath", "Marek", "Horváth", Role.AGENT, "sk", "Bratislava"),
    ("maja.kovac", "Maja", "Kovač", Role.AGENT, "sl", "Ljubljana"),
    ("luka.zupan", "Luka", "Zupan", Role.AGENT, "sl", "Ljubljana"),
    ("sophie.taylor", "Sophie", "Taylor", Role.AGENT, "en", "London"),
    ("daniel.evans", "Daniel", "Evans", Role.AGENT, "en", "London"),
    ("grace.walker", "Grace", "Walker", Role.AGENT, "en", ONLINE_TEAM),
    ("kerem.dogan", "Kerem", "Doğan", Role.AGENT, "tr", ONLINE_TEAM),
    ("laura.berzina", "Laura", "Bērziņa", Role.MANAGER, "lv", "Riga"),
    ("james.wilson", "James", "Wilson", Role.MANAGER, "en", "London"),
)  # fmt: skip


DEMO_AGENT = "sophie.taylor"
DEMO_MANAGER = "james.wilson"


@dataclass
class DemoReport:
    skipped: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    # The password of the demo's own staff users (generated per load, shown once).
    password: str = ""

    def summary(self) -> str:
        if self.skipped:
            return (
                "Demo data is already loaded; nothing to do. Demo staff sign in with the "
                "password printed when it was loaded."
            )
        parts = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        lines = [f"Demo data loaded: {parts}."]
        if self.password:
            lines.append(
                f"Sign in as a demo agent ({DEMO_AGENT!r}) or a demo manager "
                f"({DEMO_MANAGER!r}) with the password {self.password} "
                "(set for the demo's staff users only; shown only now)."
            )
        return "\n".join(lines)


@dataclass
class Setting:
    """Everything the ticket builder needs, by language."""

    packs: dict[str, LanguagePack]
    brands: list[Brand]
    team_for: dict[str, Team]  # language -> shop team
    online: Team
    agents_for: dict[int, list[User]]  # team pk -> agents
    managers: list[User]
    customers: list[Customer]


def demo_loaded() -> bool:
    return Brand.objects.filter(name=DEMO_BRANDS[0]).exists()


def load_demo(
    *, tickets: int = 2000, customers: int = 200, seed: int = 2025, now: datetime | None = None
) -> DemoReport:
    """Load the demo set unless it is already there."""
    from frontdesk.ops.demo_tickets import create_tickets
    from frontdesk.tickets.search import rebuild_index

    if demo_loaded():
        return DemoReport(skipped=True)
    rng = random.Random(seed)
    now = now or timezone.now()
    password = generate_password()
    with transaction.atomic():
        setting = _create_setting(rng, customers, now, password)
        counts = create_tickets(rng, setting, tickets, now)
        # Bulk-created rows bypass the services, so the search index is built in one go.
        rebuild_index()
    return DemoReport(
        counts={
            "staff users": sum(len(a) for a in setting.agents_for.values()) + 2,
            "customers": len(setting.customers),
            **counts,
        },
        password=password,
    )


def _describe_business() -> None:
    """The demo business's own profile, as the help center and acknowledgements show it."""
    workspace = Workspace.current()
    if workspace.name != "Frontdesk":
        return  # the operator already named their business: keep it
    workspace.name = "Northwind Fashion"
    workspace.tagline = "Clothes, shoes and garden tools in five cities"
    workspace.about = (
        "Northwind Fashion runs shops in Riga, Istanbul, Bratislava, Ljubljana and London "
        "and an online store. Write to us in English, Turkish, Latvian, Slovak or Slovenian."
    )
    workspace.support_email = "help@northwind.example"
    workspace.support_phone = "+44 20 7946 0100"
    workspace.opening_hours = "Mon-Fri 8:00-20:00, Sat 9:00-17:00 (UK time)"
    workspace.save()


def _create_setting(
    rng: random.Random, customer_count: int, now: datetime, password: str
) -> Setting:
    texts = packs()
    _describe_business()
    brands = [Brand.objects.get_or_create(name=name)[0] for name in DEMO_BRANDS]
    team_for: dict[str, Team] = {}
    teams_by_name: dict[str, Team] = {}
    for name, city, country, tz, language, address, phone, hours in BRANCHES:
        branch, _created = Branch.objects.get_or_create(
            name=name,
            defaults={"city": city, "country": country, "time_zone": tz, "address": address,
                      "phone": phone, "opening_hours": hours,
                      "email": f"{name.lower()}@northwind.example"},
        )  # fmt: skip
        team, _created = Team.objects.get_or_create(
            name=f"{name} shop", defaults={"branch": branch}
        )
        team_for[language] = teams_by_name[name] = team
    online, _created = Team.objects.get_or_create(name=ONLINE_TEAM)
    teams_by_name[ONLINE_TEAM] = online
    agents_for: dict[int, list[User]] = {team.pk: [] for team in teams_by_name.values()}
    managers: list[User] = []
    taken = set(User.objects.values_list("username", flat=True))
    for username, first, last, role, language, team_name in STAFF:
        if username in taken:
            continue
        team = teams_by_name[team_name]
        user = do_create_staff_user(
            username=username, email=f"{username}@northwind.example", role=role,
            first_name=first, last_name=last, language=language, teams=[team],
        )  # fmt: skip
        if team.branch_id:
            User.objects.filter(pk=user.pk).update(branch=team.branch_id)
        if role == Role.MANAGER:
            managers.append(user)
            if team.lead_id is None:
                Team.objects.filter(pk=team.pk).update(lead=user)
        else:
            agents_for[team.pk].append(user)
    # One hash for all demo staff (hashing 14 times would slow the demo load for nothing).
    demo_staff = [username for username, *_rest in STAFF if username not in taken]
    User.objects.filter(username__in=demo_staff).update(password=make_password(password))
    for pack in texts.values():
        # English macros are for everyone; the others belong to their shop's team.
        macro_team = team_for[pack.code] if pack.code != "en" else None
        Macro.objects.bulk_create(
            Macro(name=name, body=body, language=pack.code, team=macro_team)
            for name, body in pack.macros
        )
    customers = _create_customers(rng, texts, customer_count, now)
    return Setting(texts, brands, team_for, online, agents_for, managers, customers)


def ascii_slug(text: str) -> str:
    text = text.replace("ı", "i").replace("ł", "l").replace("ß", "ss")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _create_customers(
    rng: random.Random, texts: dict[str, LanguagePack], count: int, now: datetime
) -> list[Customer]:
    organizations: dict[str, list[Organization]] = {}
    existing_orgs = set(Organization.objects.values_list("name", flat=True))
    for pack in texts.values():
        new = [Organization(name=name, domain=f"{ascii_slug(name)[:20]}.example",
                            created_at=now - timedelta(days=400))
               for name in pack.organizations if name not in existing_orgs]  # fmt: skip
        organizations[pack.code] = Organization.objects.bulk_create(new)
    taken = {e.lower() for e in Customer.objects.values_list("email", flat=True) if e}
    languages = list(LANGUAGE_WEIGHTS)
    rows = []
    for index in range(count):
        # The first five cover every language, so even a tiny demo speaks all of them.
        code = languages[index] if index < len(languages) else rng.choices(
            languages, weights=list(LANGUAGE_WEIGHTS.values()))[0]  # fmt: skip
        pack = texts[code]
        if rng.random() < 0.55:
            first, last = rng.choice(pack.female_first), rng.choice(pack.female_last)
        else:
            first, last = rng.choice(pack.male_first), rng.choice(pack.male_last)
        local = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email = f"{local}@{rng.choice(pack.email_domains)}"
        suffix = 2
        while email in taken:
            email = f"{local}{suffix}@{email.split('@')[1]}"
            suffix += 1
        taken.add(email)
        orgs = organizations.get(code) or []
        rows.append(
            Customer(
                name=f"{first} {last}", email=email, language=code, time_zone=pack.time_zone,
                phone=f"+{rng.randint(30, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
                if rng.random() < 0.4 else "",
                organization=rng.choice(orgs) if orgs and rng.random() < 0.15 else None,
                created_at=now - timedelta(days=rng.uniform(91, 900)),
            )
        )  # fmt: skip
    return Customer.objects.bulk_create(rows)

"""Seed a realistic benchmark data set fast: raw bulk inserts, one transaction per chunk.

Shape (at BENCH_TICKETS=1,000,000): 20 teams (4 per language), 200 agents, 100,000
customers, tickets over the last 365 days with 1-3 messages each (customer request,
agent reply, follow-up or internal note) and one "created" event, in English, Turkish,
Latvian, Slovak and Slovenian (the demo texts), each with an order number (a rare word)
and a product name (a word in ~0.2% of tickets). Smaller sizes scale customers down.

SQLite: PRAGMAs for the load (no journal, no fsync, big cache), secondary indexes
dropped during the load and rebuilt after, `executemany`. PostgreSQL: COPY through
psycopg's `cursor.copy`, same index treatment. The search index is built at the end
with `frontdesk.tickets.search.rebuild_index()`, as after any bulk import.

Django must be set up (settings pointing at the data dir) before `seed()` is called.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

CHUNK = 50_000
SEED = 2025
TEAMS_PER_LANGUAGE = 4
AGENTS_PER_TEAM = 10
LANGUAGE_WEIGHTS = {"en": 30, "tr": 20, "lv": 20, "sk": 15, "sl": 15}
ORDER_WORD = {
    "en": "Order",
    "tr": "Sipariş",
    "lv": "Pasūtījums",
    "sk": "Objednávka",
    "sl": "Naročilo",
}
BENCH_AGENT = "bench.agent"
UNUSABLE = "!"  # like set_unusable_password()
BENCH_PASSWORD = "bench-password-not-secret-42"  # noqa: S105 - a throwaway benchmark set
LOADED_TABLES = ("tickets_ticket", "tickets_message", "tickets_ticketevent", "tickets_ticket_tags")
SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "zen",
    "tor",
    "vik",
    "sa",
    "ru",
    "bel",
    "qua",
    "dro",
    "nex",
    "pi",
    "mar",
    "lux",
    "ten",
    "fo",
    "gra",
    "hel",
    "jo",
)


@dataclass
class SeedResult:
    tickets: int = 0
    messages: int = 0
    events: int = 0
    customers: int = 0
    agents: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    # what the load generator needs: who to sign in as, what to look at, what to search
    agent_username: str = BENCH_AGENT
    agent_password: str = BENCH_PASSWORD
    agent_id: int = 0
    sample_ticket_ids: list[int] = field(default_factory=list)
    rare_words: list[str] = field(default_factory=list)
    product_words: list[str] = field(default_factory=list)
    customer_emails: list[str] = field(default_factory=list)
    team_id: int = 0


def products(count: int = 500) -> list[str]:
    """Deterministic made-up product names: each appears in about 1/count of tickets."""
    rng = random.Random(7)
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(3)))
    return sorted(names)


def _fmt_sqlite(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _fmt_pg(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f+00")


def _load_pragmas(cursor: Any) -> None:
    for pragma in (
        "journal_mode=OFF",
        "synchronous=OFF",
        "cache_size=-400000",
        "temp_store=MEMORY",
        "foreign_keys=OFF",
    ):
        cursor.execute(f"PRAGMA {pragma}")


def _secondary_indexes(vendor: str, cursor: Any) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the droppable indexes of the bulk-loaded tables."""
    marks = ", ".join(["%s"] * len(LOADED_TABLES))
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
            f"AND tbl_name IN ({marks})",
            list(LOADED_TABLES),
        )
    else:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "  # noqa: S608
            f"WHERE i.schemaname = 'public' AND i.tablename IN ({marks}) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            list(LOADED_TABLES),
        )
    return [(name, sql) for name, sql in cursor.fetchall()]


class Loader:
    """Writes rows with the fastest path each database offers."""

    def __init__(self, vendor: str, cursor: Any) -> None:
        self.vendor = vendor
        self.cursor = cursor  # the DB-API cursor of Django's connection

    def write(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        constant = CONSTANT_COLUMNS.get(table, {})
        if constant:
            columns = (*columns, *constant)
            tail = tuple(constant.values())
            rows = [row + tail for row in rows]
        cols = ", ".join(columns)
        if self.vendor == "sqlite":
            marks = ", ".join("?" * len(columns))
            self.cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608
        else:
            with self.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


def seed(tickets: int, *, log: Any = print) -> SeedResult:
    """Load `tickets` tickets (and the people around them) into the configured database."""
    from django.db import connection, transaction

    from frontdesk.tickets.search import rebuild_index

    result = SeedResult()
    started = time.perf_counter()
    vendor = connection.vendor
    with transaction.atomic():
        people = _people(tickets, result)
    result.seconds["people"] = round(time.perf_counter() - started, 1)
    log(
        f"seed: {result.agents} agents, {result.customers} customers ({result.seconds['people']} s)"
    )

    mark = time.perf_counter()
    connection.ensure_connection()
    raw = connection.connection
    cursor = raw.cursor()
    if vendor == "sqlite":
        _load_pragmas(cursor)
    indexes = _secondary_indexes(vendor, connection.cursor())
    with transaction.atomic(), connection.cursor() as dj:
        for name, _sql in indexes:
            dj.execute(f'DROP INDEX "{name}"')
    loader = Loader(vendor, cursor)
    fmt = _fmt_sqlite if vendor == "sqlite" else _fmt_pg
    generator = Generator(people, fmt, tickets)
    for chunk_start in range(0, tickets, CHUNK):
        rows = generator.chunk(chunk_start, min(CHUNK, tickets - chunk_start))
        with transaction.atomic():
            loader.write("tickets_ticket", TICKET_COLUMNS, rows.tickets)
            loader.write("tickets_message", MESSAGE_COLUMNS, rows.messages)
            loader.write("tickets_ticketevent", EVENT_COLUMNS, rows.events)
            loader.write("tickets_ticket_tags", ("ticket_id", "tag_id"), rows.tags)
        result.messages += len(rows.messages)
        result.events += len(rows.events)
        done = chunk_start + len(rows.tickets)
        log(f"seed: {done}/{tickets} tickets ({time.perf_counter() - mark:.0f} s)")
    result.tickets = tickets
    result.seconds["rows"] = round(time.perf_counter() - mark, 1)

    mark = time.perf_counter()
    with transaction.atomic(), connection.cursor() as dj:
        for _name, sql in indexes:
            dj.execute(sql)
    result.seconds["indexes"] = round(time.perf_counter() - mark, 1)
    log(f"seed: {len(indexes)} indexes rebuilt ({result.seconds['indexes']} s)")

    mark = time.perf_counter()
    with transaction.atomic():
        rebuild_index()
    result.seconds["search_index"] = round(time.perf_counter() - mark, 1)
    log(f"seed: search index rebuilt ({result.seconds['search_index']} s)")

    mark = time.perf_counter()
    with connection.cursor() as dj:
        if vendor == "sqlite":
            # Back to what settings.py runs with. No ANALYZE here: the run does what the
            # worker does when it starts (frontdesk.ops.maintenance.refresh_statistics).
            dj.execute("PRAGMA journal_mode=WAL")
            dj.execute("PRAGMA synchronous=NORMAL")
            dj.execute("PRAGMA foreign_keys=ON")
        else:
            for table in LOADED_TABLES:
                dj.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
            # autovacuum would do this a minute later anyway: statistics, and the
            # visibility map that lets the reports read their index alone
            dj.execute("VACUUM (ANALYZE)")
    result.seconds["finish"] = round(time.perf_counter() - mark, 1)
    result.seconds["total"] = round(time.perf_counter() - started, 1)
    result.sample_ticket_ids = generator.sample_ids
    result.rare_words = generator.rare_words
    result.product_words = generator.product_words
    connection.close()
    return result


# --- people: teams, agents, customers (small tables: the ORM's bulk_create is enough) ---


@dataclass
class People:
    teams_by_language: dict[str, list[int]]
    agents_by_team: dict[int, list[tuple[int, str]]]  # team -> [(user id, first name)]
    customers: list[tuple[int, str, str]]  # (id, language, first name)
    tag_ids: list[int]
    packs: dict[str, Any]


def _people(tickets: int, result: SeedResult) -> People:
    from django.contrib.auth.hashers import make_password

    from frontdesk.accounts.choices import Role
    from frontdesk.accounts.models import Branch, Team, User, Workspace
    from frontdesk.customers.models import Customer
    from frontdesk.ops.demo import BRANCHES, ascii_slug
    from frontdesk.ops.demo_texts import packs
    from frontdesk.tickets.models import Tag

    rng = random.Random(SEED)
    texts = packs()
    Workspace.current()
    branch_for: dict[str, Branch] = {}
    for name, city, country, tz, language, *_rest in BRANCHES:
        branch_for[language] = Branch.objects.create(
            name=name, city=city, country=country, time_zone=tz
        )
    teams_by_language: dict[str, list[int]] = {}
    agents_by_team: dict[int, list[tuple[int, str]]] = {}
    users: list[User] = []
    memberships: list[tuple[int, int]] = []  # (team index, user index)
    teams: list[Team] = []
    for language, pack in texts.items():
        for number in range(1, TEAMS_PER_LANGUAGE + 1):
            team = Team(
                name=f"{branch_for[language].name} team {number}", branch=branch_for[language]
            )
            teams.append(team)
            for _ in range(AGENTS_PER_TEAM):
                female = rng.random() < 0.5
                first = rng.choice(pack.female_first if female else pack.male_first)
                last = rng.choice(pack.female_last if female else pack.male_last)
                username = f"{ascii_slug(first)}.{ascii_slug(last)}.{len(users) + 1}"
                users.append(
                    User(
                        username=username,
                        first_name=first,
                        last_name=last,
                        role=Role.AGENT,
                        language=language,
                        password=UNUSABLE,
                        branch=branch_for[language],
                    )
                )
                memberships.append((len(teams) - 1, len(users) - 1))
    # the agent the benchmark signs in as: the first one of the first English team
    users[0].username = BENCH_AGENT
    users[0].password = make_password(BENCH_PASSWORD)
    users.append(User(username="bench.manager", role=Role.MANAGER, password=UNUSABLE))
    Team.objects.bulk_create(teams)
    User.objects.bulk_create(users)
    Team.members.through.objects.bulk_create(
        Team.members.through(team_id=teams[t].pk, user_id=users[u].pk) for t, u in memberships
    )
    for team_index, user_index in memberships:
        team, user = teams[team_index], users[user_index]
        agents_by_team.setdefault(team.pk, []).append((user.pk, user.first_name))
    for team in teams:
        language = next(code for code, b in branch_for.items() if b.pk == team.branch_id)
        teams_by_language.setdefault(language, []).append(team.pk)
    result.agents = len(users) - 1
    result.agent_id = users[0].pk
    result.team_id = teams[0].pk

    count = min(100_000, max(50, tickets // 10))
    languages = list(LANGUAGE_WEIGHTS)
    weights = list(LANGUAGE_WEIGHTS.values())
    rows = []
    for index in range(count):
        code = languages[index] if index < len(languages) else rng.choices(languages, weights)[0]
        pack = texts[code]
        first, last = rng.choice(pack.female_first), rng.choice(pack.female_last)
        if rng.random() < 0.45:
            first, last = rng.choice(pack.male_first), rng.choice(pack.male_last)
        local = f"{ascii_slug(first)}.{ascii_slug(last)}.{index}"
        rows.append(
            Customer(
                name=f"{first} {last}",
                email=f"{local}@{rng.choice(pack.email_domains)}",
                language=code,
                time_zone=pack.time_zone,
            )
        )
    created = Customer.objects.bulk_create(rows, batch_size=5000)
    result.customers = len(created)
    result.customer_emails = [c.email or "" for c in created[:: max(1, len(created) // 200)]]
    tag_names = sorted({tag for pack in texts.values() for r in pack.requests for tag in r.tags})
    tags = Tag.objects.bulk_create([Tag(name=name) for name in [*tag_names, "vip"]])
    return People(
        teams_by_language=teams_by_language,
        agents_by_team=agents_by_team,
        customers=[(c.pk, c.language, c.name.split(" ")[0]) for c in created],
        tag_ids=[t.pk for t in tags],
        packs=texts,
    )


# --- tickets, messages, events: plain tuples in the tables' column order ---------------

TICKET_COLUMNS = (
    "id",
    "reference",
    "subject",
    "status",
    "priority",
    "type",
    "channel",
    "language",
    "created_at",
    "updated_at",
    "first_response_at",
    "solved_at",
    "closed_at",
    "transfer_count",
    "reopen_count",
    "escalated_at",
    "escalation_reason",
    "ack_state",
    "acknowledged_at",
    "ack_claimed_at",
    "assignee_id",
    "branch_id",
    "brand_id",
    "customer_id",
    "merged_into_id",
    "team_id",
)
# NOT NULL columns every seeded row holds at their default (email fields of the channel).
CONSTANT_COLUMNS: dict[str, dict[str, object]] = {
    "tickets_ticket": {"reply_address": "", "sensitive": False},
    "tickets_message": {
        "quoted_text": "",
        "external_id": "",
        "delivery_status": "",
        "delivery_error": "",
        "delivery_attempts": 0,
    },
}
MESSAGE_COLUMNS = (
    "id",
    "ticket_id",
    "kind",
    "author_type",
    "channel",
    "body",
    "body_html",
    "created_at",
    "author_customer_id",
    "author_user_id",
)
EVENT_COLUMNS = (
    "id",
    "ticket_id",
    "kind",
    "field",
    "old_value",
    "new_value",
    "note",
    "created_at",
    "actor_customer_id",
    "actor_user_id",
)
CHANNELS = ("email", "web", "chat", "phone", "social", "api")
CHANNEL_WEIGHTS = (35, 20, 20, 10, 10, 5)
STATUS_BY_AGE = (  # (max age in days, statuses, weights)
    (1, ("new", "open", "pending", "on_hold", "solved"), (40, 40, 10, 5, 5)),
    (7, ("new", "open", "pending", "on_hold", "solved", "closed"), (10, 30, 20, 10, 25, 5)),
    (10**6, ("new", "open", "pending", "on_hold", "solved", "closed"), (1, 3, 3, 2, 21, 70)),
)
REF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass
class Rows:
    tickets: list[tuple] = field(default_factory=list)
    messages: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)


class Generator:
    def __init__(self, people: People, fmt: Any, total: int) -> None:
        self.p = people
        self.fmt = fmt
        self.rng = random.Random(SEED + 1)
        self.now = datetime.now(UTC)
        self.product_words = products()
        self.rare_words: list[str] = []
        self.sample_ids: list[int] = []
        self.total = total
        self.message_id = 0
        self.event_id = 0
        from frontdesk.tickets.models import Tag

        self.tag_by_name: dict[str, int] = dict(Tag.objects.values_list("name", "pk"))
        self.bench_team = next(iter(self.p.agents_by_team))

    def _reference(self, ticket_id: int) -> str:
        # unique by construction: the id in base 32, padded, after a random letter
        digits = []
        number = ticket_id
        for _ in range(6):
            number, rest = divmod(number, 32)
            digits.append(REF_ALPHABET[rest])
        return "FD-" + self.rng.choice(REF_ALPHABET[8:]) + "".join(reversed(digits))

    def chunk(self, start: int, count: int) -> Rows:
        rows = Rows()
        rng, fmt, p = self.rng, self.fmt, self.p
        customers = p.customers
        for index in range(start, start + count):
            ticket_id = index + 1
            customer_id, language, first_name = rng.choice(customers)
            pack = p.packs[language]
            request = rng.choice(pack.requests)
            team_id = rng.choice(p.teams_by_language[language])
            agents = p.agents_by_team[team_id]
            created = self.now - timedelta(days=rng.random() * 365)
            age = (self.now - created).days
            for max_days, statuses, weights in STATUS_BY_AGE:
                if age <= max_days:
                    status = rng.choices(statuses, weights)[0]
                    break
            agent_id, agent_name = rng.choice(agents)
            assignee = None if status == "new" else agent_id
            first_response = solved = closed = None
            if status != "new":
                first_response = min(created + timedelta(minutes=rng.uniform(5, 2880)), self.now)
            if status in ("solved", "closed") and first_response is not None:
                solved = min(first_response + timedelta(minutes=rng.uniform(30, 7200)), self.now)
                if status == "closed":
                    closed = min(solved + timedelta(days=4), self.now)
            updated = closed or solved or first_response or created
            channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
            priority = request.priority if rng.random() > 0.1 else rng.choice(("high", "urgent"))
            order_no = f"{rng.randrange(10**7, 10**8)}"
            product = rng.choice(self.product_words)
            subject = request.subject if rng.random() < 0.7 else f"{request.subject} — {product}"
            if ticket_id % 997 == 0 and len(self.rare_words) < 200:
                self.rare_words.append(order_no)
            fields = {"first_name": first_name, "agent": agent_name, "branch": ""}
            rows.tickets.append(
                (
                    ticket_id,
                    self._reference(ticket_id),
                    subject,
                    status,
                    priority,
                    request.type,
                    channel,
                    language,
                    fmt(created),
                    fmt(updated),
                    fmt(first_response) if first_response else None,
                    fmt(solved) if solved else None,
                    fmt(closed) if closed else None,
                    0,
                    0,
                    None,
                    "",
                    "sent" if rng.random() < 0.5 else "none",
                    None,
                    None,
                    assignee,
                    None,
                    None,
                    customer_id,
                    None,
                    team_id,
                )
            )
            if team_id == self.bench_team and len(self.sample_ids) < 500:
                self.sample_ids.append(ticket_id)
            body = (
                f"{_format(request.body, fields)}\n\n{ORDER_WORD[language]} {order_no}, {product}"
            )
            self.message_id += 1
            rows.messages.append(
                (
                    self.message_id,
                    ticket_id,
                    "reply",
                    "customer",
                    channel,
                    body,
                    "",
                    fmt(created),
                    customer_id,
                    None,
                )
            )
            self.event_id += 1
            rows.events.append(
                (
                    self.event_id,
                    ticket_id,
                    "created",
                    "",
                    "",
                    "",
                    "",
                    fmt(created),
                    customer_id,
                    None,
                )
            )
            if first_response is not None:
                self.message_id += 1
                rows.messages.append(
                    (
                        self.message_id,
                        ticket_id,
                        "reply",
                        "agent",
                        channel,
                        _format(request.reply, fields),
                        "",
                        fmt(first_response),
                        None,
                        agent_id,
                    )
                )
                roll = rng.random()
                if roll < 0.35:
                    later = fmt(min(first_response + timedelta(hours=2), self.now))
                    text = rng.choice(pack.thanks if solved else pack.follow_ups)
                    self.message_id += 1
                    rows.messages.append(
                        (
                            self.message_id,
                            ticket_id,
                            "reply",
                            "customer",
                            channel,
                            _format(text, fields),
                            "",
                            later,
                            customer_id,
                            None,
                        )
                    )
                elif roll < 0.5:
                    later = fmt(min(first_response + timedelta(minutes=10), self.now))
                    self.message_id += 1
                    rows.messages.append(
                        (
                            self.message_id,
                            ticket_id,
                            "note",
                            "agent",
                            channel,
                            _format(rng.choice(pack.notes), fields),
                            "",
                            later,
                            None,
                            agent_id,
                        )
                    )
            for tag in request.tags[:1]:
                if rng.random() < 0.5:
                    rows.tags.append((ticket_id, self.tag_by_name[tag]))
        return rows


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _format(text: str, fields: dict[str, str]) -> str:
    if "{" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: fields.get(m.group(1), m.group(0)), text)

"""`make bench-email`: messages per second through parse + thread + store + ack enqueue.

    BENCH_DB=sqlite|postgres BENCH_EMAILS=2000 .venv/bin/python -m bench.email

One worker, in process: each message goes through `do_ingest_email` exactly as the IMAP
poller, the MTA pipe and the webhook call it (raw stored, parsed, customer found or
created with language detection, threaded, ticket or reply written and indexed, the
acknowledgement job enqueued). The mix: 60 % new requests from 400 customers in five
languages, 30 % replies quoting our acknowledgement, 10 % real-world mail from the
mail-gem corpus. Two ways, alternating, three rounds each on a fresh database:
"imap batch" as the IMAP poller runs (25 messages per transaction) and "one by one" as
the MTA pipe and the webhook run (two commits per message); medians are reported.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "frontdesk" / "inbox" / "tests" / "fixtures" / "mail-gem"
BODIES = {
    "en": "Hello, my order has not arrived yet. Could you check where it is? Thank you.",
    "tr": "Merhaba, siparişim henüz gelmedi. Nerede olduğunu kontrol edebilir misiniz?",
    "lv": "Labdien, mans pasūtījums vēl nav pienācis. Vai varat pārbaudīt, kur tas ir?",
    "sk": "Dobrý deň, moja objednávka ešte neprišla. Môžete skontrolovať, kde je?",
    "sl": "Pozdravljeni, moje naročilo še ni prispelo. Lahko preverite, kje je?",
}


def _database(kind: str) -> None:
    if kind == "postgres":
        import psycopg

        base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS frontdesk_bench_email")
            conn.execute("CREATE DATABASE frontdesk_bench_email")
        os.environ["DATABASE_URL"] = f"{base}/frontdesk_bench_email"
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["FRONTDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="fd-bench-email-")


def _messages(count: int, round_no: int) -> list[tuple[str, bytes]]:
    """(kind, raw) in arrival order; replies point at tickets opened earlier in the run."""
    from frontdesk.inbox.tests.mail_factory import raw_email

    rng = random.Random(round_no)
    corpus = sorted(CORPUS.rglob("*.eml"))
    out: list[tuple[str, bytes]] = []
    opened: list[tuple[str, str, str]] = []  # (sender, subject, message id)
    for n in range(count):
        roll = rng.random()
        if roll < 0.1 and corpus:
            out.append(("corpus", corpus[n % len(corpus)].read_bytes()))
            continue
        if roll < 0.4 and opened:
            sender, subject, mid = rng.choice(opened)
            body = "Thanks, any news?\n\nOn Monday Support wrote:\n> We received your request."
            raw = raw_email(sender=sender, subject=f"Re: {subject}", body=body, in_reply_to=mid)
            out.append(("reply", raw))
            continue
        lang = rng.choice(list(BODIES))
        sender = f"c{rng.randrange(400)}.{lang}@r{round_no}.example.com"
        subject = f"Order {round_no}-{n}"
        mid = f"<r{round_no}.n{n}@mail.example.com>"
        out.append(
            ("new", raw_email(sender=sender, subject=subject, body=BODIES[lang], message_id=mid))
        )
        opened.append((sender, subject, mid))
    return out


def main() -> None:
    kind = os.environ.get("BENCH_DB", "sqlite")
    count = int(os.environ.get("BENCH_EMAILS", "2000"))
    _database(kind)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from frontdesk.inbox.email.language import detect_language
    from frontdesk.inbox.email.polling import COMMIT_EVERY
    from frontdesk.inbox.models import Mailbox
    from frontdesk.inbox.services import do_ingest_batch, do_ingest_email

    call_command("migrate", verbosity=0)
    mailbox, _ = Mailbox.objects.get_or_create(
        address="support@example.com", defaults={"name": "S"}
    )
    detect_language("warm up the language detector once")
    outcomes: dict[str, int] = {}
    rates: dict[str, list[float]] = {"imap batch": [], "one by one": []}
    round_no = 0
    for _repeat in range(3):
        for mode in rates:
            round_no += 1
            batch = _messages(count, round_no)
            started = time.perf_counter()
            if mode == "imap batch":
                for start in range(0, count, COMMIT_EVERY):
                    chunk = [(raw, None) for _k, raw in batch[start : start + COMMIT_EVERY]]
                    for result in do_ingest_batch(chunk, source="imap", mailbox=mailbox):
                        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
            else:
                for _kind, raw in batch:
                    result = do_ingest_email(raw, mailbox=mailbox)
                    outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
            elapsed = time.perf_counter() - started
            rates[mode].append(count / elapsed)
            print(f"{mode}: {count} messages in {elapsed:.2f} s = {count / elapsed:.0f}/s")
    summary = {
        "database": kind,
        "messages_per_round": count,
        "median_messages_per_second": {
            mode: round(statistics.median(values), 1) for mode, values in rates.items()
        },
        "rounds": {mode: [round(r, 1) for r in values] for mode, values in rates.items()},
        "outcomes": outcomes,
        "target": 200,
    }
    print(json.dumps(summary, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"email-{kind}.json").write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()

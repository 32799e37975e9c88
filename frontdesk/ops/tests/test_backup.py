"""Restore drills: `frontdesk backup`, wipe everything, `frontdesk restore`, compare.

Each drill runs the real commands in subprocesses against an installation of the suite's
own database vendor: a throw-away SQLite data dir when the suite runs on SQLite, a
database of its own on the suite's PostgreSQL server when it runs there (so the CI's two
runs cover both). Data is written through the services.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from frontdesk.ops.backup import make_backup
from frontdesk.ops.backup_db import BackupError
from frontdesk.ops.restore import verify
from frontdesk.ops.tests.conftest import frontdesk_argv, frontdesk_env, run_frontdesk, stop

SUITE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = urlparse(SUITE_URL).scheme in {"postgres", "postgresql", "pgsql"}
PASSWORD = "imap-Pässwort-42"

SEED = f"""
from frontdesk.accounts.choices import Role
from frontdesk.accounts.services import do_create_staff_user
from frontdesk.customers.services import do_get_or_create_customer
from frontdesk.inbox.mailboxes import do_create_mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.tickets.services import NewAttachment, do_create_ticket
admin = do_create_staff_user(username="root", role=Role.ADMIN,
                             password="correct horse battery staple")
do_create_mailbox(actor=admin, name="Support", address="support@example.com",
                  imap_host="imap.example.com", imap_username="support",
                  imap_password={PASSWORD!r})
customer = do_get_or_create_customer(email="ilze@example.lv", name="Ilze K", language="lv")
for n in range(3):
    do_create_ticket(actor=customer, customer=customer, subject=f"Blūze {{n}}",
        body="Sānu vīle izira.", acknowledge=False,
        attachments=[NewAttachment(f"receipt-{{n}}.pdf", b"%PDF-1.4 receipt " + bytes([n]) * 900)])
photo = b"\\x89PNG\\r\\n\\x1a\\n" + bytes(range(256)) * 8
do_ingest_email(raw_email(subject="Kutija ir saplīsusi", sender="janis@example.lv",
                          attachments=[("kaste.png", photo, "image/png")]))
"""

# What a person would check after a restore: counts, file contents, the secret.
STATE = """
import hashlib, json
from django.db import connection
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.tickets.models import Attachment
with connection.cursor() as cursor:
    counts = {}
    for table in connection.introspection.table_names(cursor):
        if not table.startswith("sqlite_"):
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
files = {}
for a in Attachment.objects.order_by("pk"):
    with a.file.open("rb") as handle:
        files[a.file.name] = [a.filename, a.sha256, hashlib.sha256(handle.read()).hexdigest()]
print(json.dumps({
    "counts": counts,
    "files": files,
    "imap_password": Mailbox.objects.get().imap_password,
    "raw_emails": [hashlib.sha256(bytes(i.raw)).hexdigest() for i in InboundEmail.objects.all()],
}))
"""


@dataclass
class Installation:
    """One Frontdesk installation: a data dir, and a PostgreSQL database if the suite has one."""

    root: Path
    database_url: str = ""
    env: dict[str, str] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        extra = {"DATABASE_URL": self.database_url} if self.database_url else {}
        return run_frontdesk(self.data_dir, *args, timeout=180, **extra, **self.env)

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
        return result.stdout

    def state(self) -> dict:
        return json.loads(self.ok("shell", "-c", STATE).strip().splitlines()[-1])

    def wipe(self) -> None:
        """Lose everything: the database, the data dir with its keys, the file storage."""
        for path in (self.data_dir, self.root / "storage"):
            if path.exists():
                shutil.rmtree(path)
        if self.database_url:
            _recreate_database(self.database_url)
        self.prepare()

    def prepare(self) -> None:
        """An empty data dir whose files/ is a link to separate storage (e.g. an NFS mount)."""
        self.data_dir.mkdir(parents=True)
        (self.root / "storage").mkdir()
        (self.data_dir / "files").symlink_to(self.root / "storage")


def _admin_sql(url: str, *statements: str) -> None:
    import psycopg

    parts = urlparse(url)
    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _recreate_database(url: str) -> None:
    name = _database_name(url)
    _admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def _database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


@contextmanager
def _installation(root: Path, template: Installation | None = None) -> Iterator[Installation]:
    """A new installation; a copy of `template` (database, data dir, storage) if given."""
    url = ""
    if ON_POSTGRES:
        name = f"frontdesk_drill_{uuid.uuid4().hex[:10]}"
        url = urlunparse(urlparse(SUITE_URL)._replace(path=f"/{name}"))
        copy = f' TEMPLATE "{_database_name(template.database_url)}"' if template else ""
        _admin_sql(url, f'CREATE DATABASE "{name}"{copy}')
    site = Installation(root=root, database_url=url)
    if template is None:
        site.prepare()
    else:
        shutil.copytree(template.data_dir, site.data_dir, symlinks=True)
        shutil.copytree(template.root / "storage", root / "storage")
        (site.data_dir / "files").unlink()
        (site.data_dir / "files").symlink_to(root / "storage")
    try:
        yield site
    finally:
        if url:
            _admin_sql(url, f'DROP DATABASE IF EXISTS "{_database_name(url)}" WITH (FORCE)')


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installation]:
    """Migrated and seeded once per module; each test gets its own copy."""
    with _installation(tmp_path_factory.mktemp("template") / "site") as site:
        site.ok("migrate", "--verbosity", "0")
        site.ok("shell", "-c", SEED)
        yield site


@pytest.fixture
def seeded(template: Installation, tmp_path: Path) -> Iterator[Installation]:
    with _installation(tmp_path / "site", template) as site:
        yield site


def test_it_restores_a_wiped_installation_from_its_backup(seeded: Installation, tmp_path):
    before = seeded.state()
    assert len(before["files"]) == 4 and before["imap_password"] == PASSWORD
    assert (seeded.data_dir / "files").is_symlink()
    keys = sorted(p.name for p in seeded.data_dir.iterdir() if "key" in p.name)
    assert "secret_key" in keys
    out = seeded.ok("backup", str(tmp_path / "backup"))
    assert "Backup complete" in out

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert "0001_initial" in manifest["migrations"]["tickets"]
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for name, (_filename, sha, _disk_sha) in before["files"].items():
        assert listed[f"files/{name}"]["sha256"] == sha  # attachments behind the link
    assert {f"keys/{name}" for name in keys} <= set(listed)
    for table, count in before["counts"].items():
        assert manifest["row_counts"][table] == count, table

    seeded.wipe()
    assert not any((seeded.root / "storage").iterdir())
    out = seeded.ok("restore", str(tmp_path / "backup"))
    assert "Migrations applied" in out

    after = seeded.state()
    assert after["counts"] == before["counts"]
    assert after["files"] == before["files"]
    for _filename, recorded, on_disk in after["files"].values():
        assert recorded == on_disk
    assert after["imap_password"] == PASSWORD  # the keys came back with the database
    assert after["raw_emails"] == before["raw_emails"]
    assert any((seeded.root / "storage").rglob("*.png"))  # written through the link

    # Now in use: a second restore must be asked for explicitly.
    again = seeded.run("restore", str(tmp_path / "backup"))
    assert again.returncode == 1 and "not empty" in again.stderr and "--force" in again.stderr
    seeded.ok("restore", "--force", str(tmp_path / "backup"))
    assert seeded.state() == before


def test_it_fails_loudly_when_an_attachment_file_is_missing(seeded: Installation, tmp_path):
    victim = sorted((seeded.root / "storage").rglob("*.pdf"))[0]
    victim.unlink()
    victim.symlink_to(tmp_path / "nowhere.pdf")  # a dangling link, as after a lost mount

    result = seeded.run("backup", str(tmp_path / "backup"))
    assert result.returncode == 1
    assert "could not be backed up" in result.stderr and victim.name in result.stderr
    assert not (tmp_path / "backup").exists()  # no half backup that looks complete
    assert not list(tmp_path.glob(".backup.partial-*"))

    out = seeded.ok("backup", "--allow-missing-files", str(tmp_path / "backup"))
    assert "Backup complete" in out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert any(victim.name in warning for warning in manifest["warnings"])


def test_it_refuses_a_tampered_backup_before_touching_anything(seeded: Installation, tmp_path):
    seeded.ok("backup", str(tmp_path / "backup"))
    copy = sorted((tmp_path / "backup" / "files").rglob("*.png"))[0]
    data = bytearray(copy.read_bytes())
    data[100] ^= 0xFF
    copy.write_bytes(bytes(data))
    seeded.wipe()

    result = seeded.run("restore", str(tmp_path / "backup"))
    assert result.returncode == 1
    assert "does not match its manifest" in result.stderr and copy.name in result.stderr
    assert not any((seeded.root / "storage").iterdir())
    check = seeded.run("showmigrations", "tickets")
    assert "[X]" not in check.stdout  # the database was not restored either


def test_it_takes_a_consistent_backup_while_tickets_keep_arriving(seeded: Installation, tmp_path):
    writer_script = """
import itertools, time
from frontdesk.customers.models import Customer
from frontdesk.tickets.services import NewAttachment, do_create_ticket
customer = Customer.objects.get(email="ilze@example.lv")
for n in itertools.count():
    do_create_ticket(actor=customer, customer=customer, subject=f"More {n}", body="again",
        acknowledge=False, attachments=[NewAttachment(f"a{n}.txt", b"x" * (n + 1) * 3000)])
"""
    extra = {"DATABASE_URL": seeded.database_url} if seeded.database_url else {}
    writer = subprocess.Popen(
        frontdesk_argv("shell", "-c", writer_script),
        env=frontdesk_env(seeded.data_dir, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    storage = seeded.root / "storage"
    try:
        deadline = time.monotonic() + 60
        while len(list(storage.rglob("a*.txt"))) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)  # waiting for the writer to be in full flow, not for time to pass
        seeded.ok("backup", str(tmp_path / "backup"))
        assert writer.poll() is None, writer.stderr.read() if writer.stderr else ""
    finally:
        stop(writer)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["row_counts"]["tickets_ticket"] >= 3 + 1 + 5
    seeded.wipe()
    seeded.ok("restore", str(tmp_path / "backup"))
    after = seeded.state()
    assert after["counts"]["tickets_attachment"] == manifest["row_counts"]["tickets_attachment"]
    assert after["counts"]["tickets_ticket"] == manifest["row_counts"]["tickets_ticket"]
    for name, (_filename, recorded, on_disk) in after["files"].items():
        assert recorded == on_disk, name  # every restored row has its complete file


def test_it_refuses_a_manifest_that_points_outside_the_backup(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(
        json.dumps(
            {
                "format": 1,
                "database": {"vendor": "sqlite", "file": "database.sqlite3"},
                "files": [{"path": "../../etc/cron.d/x", "kind": "file", "size": 1, "sha256": ""}],
            }
        )
    )
    with pytest.raises(BackupError, match="unsafe path"):
        verify(tmp_path)


def test_it_will_not_write_a_backup_into_a_directory_in_use(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")
    with pytest.raises(BackupError, match="not empty"):
        make_backup(tmp_path / "old")

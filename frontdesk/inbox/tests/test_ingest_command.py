"""`frontdesk ingest-email` as an MTA pipe runs it: a real process, a real database file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from frontdesk.inbox.tests.mail_factory import raw_email


def run(data_dir: Path, raw: bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(FRONTDESK_DATA_DIR=str(data_dir), **env)
    return subprocess.run(
        [sys.executable, "-m", "frontdesk.cli", "ingest-email"],
        input=raw,
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ingest")
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["FRONTDESK_DATA_DIR"] = str(path)
    subprocess.run(
        [sys.executable, "-m", "frontdesk.cli", "migrate", "--verbosity", "0"],
        env=environment,
        check=True,
        timeout=300,
    )
    return path


def test_it_prints_the_new_ticket_then_duplicate_for_the_same_mail(data_dir: Path) -> None:
    raw = raw_email(sender="pipe@example.com", subject="Via the pipe")
    first = run(data_dir, raw)
    assert first.returncode == 0, first.stderr.decode()
    kind, reference = first.stdout.decode().split()
    assert kind == "ticket" and reference.startswith("FD-")
    again = run(data_dir, raw)
    assert again.returncode == 0
    assert again.stdout.decode().split() == ["duplicate", reference]


def test_it_prints_reply_for_an_answer_on_the_thread(data_dir: Path) -> None:
    first = raw_email(sender="thread@example.com", subject="Thread", message_id="<t1@example.com>")
    reference = run(data_dir, first).stdout.decode().split()[1]
    answer = raw_email(
        sender="thread@example.com", subject="Re: Thread", in_reply_to="<t1@example.com>"
    )
    out = run(data_dir, answer)
    assert out.stdout.decode().split() == ["reply", reference]


def test_it_refuses_empty_input_without_storing(data_dir: Path) -> None:
    out = run(data_dir, b"   \n")
    assert out.returncode == 65
    assert b"no message" in out.stderr
    assert b"Traceback" not in out.stderr


def test_it_asks_the_mta_to_retry_when_the_database_is_down(tmp_path: Path) -> None:
    out = run(
        tmp_path,
        raw_email(subject="While the database is down"),
        DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing",
    )
    assert out.returncode == 75, out.stderr.decode()
    assert b"not stored" in out.stderr
    assert b"Traceback" not in out.stderr
    assert out.stdout == b""


def test_it_makes_one_ticket_when_two_processes_pipe_the_same_mail_at_once(
    data_dir: Path,
) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["FRONTDESK_DATA_DIR"] = str(data_dir)
    raws = [raw_email(sender=f"race{n}@example.com", subject=f"Race {n}") for n in range(3)]
    for raw in raws:
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "frontdesk.cli", "ingest-email"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=environment,
            )
            for _ in range(2)
        ]
        outputs = [proc.communicate(raw, timeout=120) for proc in procs]
        assert [proc.returncode for proc in procs] == [0, 0], outputs
        kinds = sorted(out.decode().split()[0] for out, _err in outputs)
        references = {out.decode().split()[1] for out, _err in outputs}
        assert kinds == ["duplicate", "ticket"]
        assert len(references) == 1

from __future__ import annotations

import pytest

from frontdesk.inbox.models import Mailbox


@pytest.fixture
def data_dir(settings, tmp_path):
    """A data dir of this test alone, so a file scan sees only this test's files."""
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    return tmp_path


@pytest.fixture
def mailbox(personas) -> Mailbox:
    return Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)

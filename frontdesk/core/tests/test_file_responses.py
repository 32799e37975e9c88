"""Static files and downloads stream under ASGI without Django's synchronous-iterator warning
(a first start printed it on the first page load)."""

from __future__ import annotations

import warnings

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.core.asgi import get_asgi_application

from frontdesk.core.files import BLOCK_SIZE, AsyncFileResponse


async def _get(path: str) -> tuple[int, bytes]:
    app = get_asgi_application()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 1234),
        "server": ("localhost", 80),
    }
    comm = ApplicationCommunicator(app, scope)
    await comm.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await comm.receive_output(5)
    body = b""
    while True:
        message = await comm.receive_output(5)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    return start["status"], body


@pytest.mark.django_db
def test_it_serves_a_static_file_under_asgi_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        status, body = async_to_sync(_get)("/static/frontdesk/app.css")
    assert status == 200
    assert b"{" in body and len(body) > 100


def test_it_streams_a_large_file_in_blocks(tmp_path) -> None:
    data = bytes(range(256)) * (3 * BLOCK_SIZE // 256 + 7)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    response = AsyncFileResponse(path.open("rb"))

    async def read_all() -> list[bytes]:
        return [block async for block in response]

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        blocks = async_to_sync(read_all)()
    assert b"".join(blocks) == data
    assert len(blocks) == 4 and max(len(b) for b in blocks) == BLOCK_SIZE

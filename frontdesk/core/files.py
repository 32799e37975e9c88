"""File responses that stream without Django's warning under ASGI.

Django's `FileResponse` iterates its file synchronously; served by the ASGI handler it
warns "StreamingHttpResponse must consume synchronous iterators" and reads the whole file
into a list in one thread hop. `AsyncFileResponse` reads the file in blocks, each block in
a worker thread, so a large attachment never sits whole in memory and the console stays
quiet. Under WSGI (tests with the Django client) it behaves like `FileResponse`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from django.http import FileResponse
from whitenoise.middleware import WhiteNoiseFileResponse, WhiteNoiseMiddleware

BLOCK_SIZE = 64 * 1024


def _consume(response: FileResponse) -> list[bytes]:
    return [bytes(part) for part in response.streaming_content]  # type: ignore[union-attr]


async def _blocks(response: FileResponse) -> AsyncIterator[bytes]:
    filelike = getattr(response, "file_to_stream", None)
    if filelike is None:
        # Not backed by a file (an iterable was given): consume it as Django would.
        parts: list[bytes] = await sync_to_async(_consume)(response)
        for part in parts:
            yield part
        return
    read = sync_to_async(filelike.read, thread_sensitive=False)
    try:
        while True:
            block = await read(BLOCK_SIZE)
            if not block:
                break
            yield block
    finally:
        await sync_to_async(filelike.close, thread_sensitive=False)()


class AsyncFileResponse(FileResponse):
    block_size = BLOCK_SIZE

    def __aiter__(self) -> AsyncIterator[bytes]:
        return _blocks(self)


class _StaticFileResponse(WhiteNoiseFileResponse):
    block_size = BLOCK_SIZE

    def __aiter__(self) -> AsyncIterator[bytes]:
        return _blocks(self)


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, answering with a response the ASGI handler can stream asynchronously."""

    @staticmethod
    def serve(static_file: Any, request: Any) -> _StaticFileResponse:
        response = static_file.get_response(request.method, request.META)
        http_response = _StaticFileResponse(response.file or (), status=int(response.status))
        del http_response["content-type"]
        for key, value in response.headers:
            http_response[key] = value
        return http_response

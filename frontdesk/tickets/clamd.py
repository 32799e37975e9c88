"""A minimal clamd client: the INSTREAM command over a unix socket or TCP.

clamd's protocol (clamd(8)): send `zINSTREAM\\0`, then the file in chunks, each
prefixed by its length as a 4-byte big-endian number, then a zero length; clamd answers
`stream: OK`, `stream: <signature> FOUND` or `<message> ERROR`, ending with `\\0`.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import BinaryIO

CHUNK = 64 * 1024


class ScannerError(Exception):
    """clamd could not be reached or could not scan (an outage, not a verdict)."""


@dataclass(frozen=True)
class Verdict:
    infected: bool
    signature: str = ""


def _connect(unix_socket: str, tcp: str, timeout: float) -> socket.socket:
    try:
        if unix_socket:
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.settimeout(timeout)
            conn.connect(unix_socket)
            return conn
        host, _sep, port = tcp.rpartition(":")
        if not host or not port.isdigit():
            raise ScannerError(f"FRONTDESK_CLAMD_TCP must be host:port, not {tcp!r}")
        return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
    except OSError as error:
        raise ScannerError(f"cannot reach clamd: {error}") from error


def scan_stream(
    stream: BinaryIO, *, unix_socket: str = "", tcp: str = "", timeout: float
) -> Verdict:
    """Scan the stream's bytes; ScannerError if clamd is down or reports an error."""
    conn = _connect(unix_socket, tcp, timeout)
    try:
        with conn:
            conn.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK):
                conn.sendall(len(chunk).to_bytes(4, "big") + chunk)
            conn.sendall(b"\0\0\0\0")
            reply = b""
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:
        raise ScannerError(f"clamd did not answer: {error}") from error
    return parse_reply(reply.rstrip(b"\0").decode("utf-8", "replace").strip())


def parse_reply(reply: str) -> Verdict:
    if reply.endswith(" FOUND"):
        signature = reply.removeprefix("stream:").removesuffix(" FOUND").strip()
        return Verdict(infected=True, signature=signature[:190])
    if reply == "stream: OK":
        return Verdict(infected=False)
    raise ScannerError(f"clamd: {reply[:180] or 'no answer'}")

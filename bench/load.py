"""A small, bounded HTTP load generator: threads with keep-alive http.client connections.

Traffic goes to 127.0.0.1 only. Every run is bounded twice: a number of requests and a
wall-clock limit, whichever comes first. Latency is measured per request, from sending
to the last byte of the body.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    expect: int = 200


# A request factory gets the request's sequence number (0, 1, 2, ...) across all threads.
Factory = Callable[[int], Request]


@dataclass
class Measurement:
    name: str
    concurrency: int
    latencies_ms: list[float]
    errors: int
    seconds: float
    error_samples: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds > 0 else 0.0


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


class Client:
    """One keep-alive connection; reconnects after an error or a server-side close."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.conn: http.client.HTTPConnection | None = None

    def send(self, request: Request) -> tuple[int, dict[str, str], bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        headers = {"Host": f"{HOST}:{self.port}", **request.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(request.method, request.path, body=request.body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def sign_in(port: int, username: str, password: str) -> dict[str, str]:
    """Sign in through /sign-in/ like a browser; returns the session cookies."""
    client = Client(port)
    status, _headers, page = client.send(Request("GET", "/sign-in/"))
    if status != 200:
        raise RuntimeError(f"GET /sign-in/ answered {status}")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise RuntimeError("no CSRF token on the sign-in page")
    form = urlencode(
        {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": username,
            "password": password,
        }
    ).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://{HOST}:{port}/sign-in/",
        "Origin": f"http://{HOST}:{port}",
    }
    status, _headers, _body = client.send(Request("POST", "/sign-in/", form, headers, expect=302))
    client.close()
    if status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"sign-in as {username!r} failed (HTTP {status})")
    return client.cookies


def run(
    name: str,
    factory: Factory,
    *,
    port: int,
    concurrency: int,
    requests: int,
    seconds: float,
    warmup: int = 5,
    cookies: dict[str, str] | None = None,
) -> Measurement:
    """Send `requests` requests from `concurrency` threads (at most `seconds` long)."""
    clients = [Client(port, cookies) for _ in range(concurrency)]
    errors: list[str] = []
    for index in range(min(warmup, requests)):
        _one(clients[0], factory(-1 - index), errors)
    errors.clear()
    lock = threading.Lock()
    counter = iter(range(requests))
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    def worker(client: Client) -> None:
        while time.perf_counter() < deadline:
            with lock:
                number = next(counter, None)
            if number is None:
                return
            elapsed = _one(client, factory(number), errors)
            if elapsed is not None:
                with lock:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    wall = time.perf_counter() - started
    for client in clients:
        client.close()
    return Measurement(name, concurrency, latencies, len(errors), wall, errors[:5])


def _one(client: Client, request: Request, errors: list[str]) -> float | None:
    """Send one request; its latency in ms, or None (and an error noted) when it failed."""
    started = time.perf_counter()
    try:
        status, _headers, body = client.send(request)
    except (OSError, http.client.HTTPException) as exc:
        errors.append(f"{request.method} {request.path}: {exc!r}")
        return None
    elapsed = (time.perf_counter() - started) * 1000
    if status != request.expect:
        errors.append(f"{request.method} {request.path}: HTTP {status} {body[:200]!r}")
        return None
    return elapsed


def json_request(method: str, path: str, token: str, payload: object = None) -> Request:
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    body = None
    if payload is not None:
        body = json.dumps(payload).encode()
        headers["Content-Type"] = "application/json"
    return Request(method, path, body, headers, expect=201 if method == "POST" else 200)

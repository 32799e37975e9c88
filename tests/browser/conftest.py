"""Real-browser harness: the real ASGI app under uvicorn, Debian's Chromium via Playwright.

* `live` runs frontdesk.asgi:application (HTTP + WebSocket) on 127.0.0.1:<free port>
  in a background thread, against the pytest-django test database (transactional_db,
  so both sides see committed data). `live.call(fn, ...)` runs a service function on
  the server's event loop, exactly as a request would: its on-commit work (live inbox
  push, acknowledgement task) then runs where it runs in production.
* `browser` is one Chromium per test module (the sync Playwright API keeps an event
  loop "running" in the test thread while it is started, which would break the
  ORM and async_to_sync in any other test sharing the process); `open_page()` gives a fresh context
  (its own cookies) whose console errors, failed requests, 5xx answers and requests to
  any host but 127.0.0.1 are collected and asserted empty when the test ends.
* `shot(page, name)` writes test-artifacts/screenshots/<name>-<width>x<height>.png.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# --- the server --------------------------------------------------------------------------


class LiveServer:
    """uvicorn serving the real ASGI application in a thread with its own event loop."""

    def __init__(self) -> None:
        import uvicorn

        from frontdesk.asgi import application

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            application,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            ws="auto",
        )
        self.server = uvicorn.Server(config)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="uvicorn", daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve(sockets=[self.sock]))

    def start(self) -> None:
        self.thread.start()
        for _ in range(200):
            if self.server.started or not self.thread.is_alive():
                break
            threading.Event().wait(0.025)
        if not self.server.started:
            raise RuntimeError("uvicorn did not start")

    def call(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Run fn(*args, **kwargs) in the server's sync thread, on the server's loop."""
        from asgiref.sync import sync_to_async

        async def run() -> Any:
            return await sync_to_async(fn, thread_sensitive=True)(*args, **kwargs)

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout=30)

    def stop(self) -> None:
        from django.db import connections

        if self.thread.is_alive():
            try:
                self.call(connections.close_all)
            finally:
                self.server.should_exit = True
                self.thread.join(timeout=10)
        self.loop.close()
        self.sock.close()


@pytest.fixture
def live(transactional_db, settings, mailoutbox) -> Iterator[LiveServer]:
    from django.core.cache import cache
    from django.db import connections

    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = IMMEDIATE_TASKS
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.DEBUG = False
    # Request threads come and go: keep no connection open after a request, so the
    # test database can be flushed and dropped at the end (PostgreSQL).
    db_settings = connections.settings["default"]
    old_max_age = db_settings.get("CONN_MAX_AGE", 0)
    db_settings["CONN_MAX_AGE"] = 0
    cache.clear()  # sign-in throttles and portal rate limits
    server = LiveServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        db_settings["CONN_MAX_AGE"] = old_max_age
        cache.clear()


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _allow_blocking_orm_beside_playwright() -> Iterator[None]:
    """While Playwright runs, Django sees an event loop in the test thread and refuses
    the ORM; the tests' own set-up and assertion queries are plain blocking calls, so
    allow them here, and only here (the variable must not leak to other tests)."""
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if old is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Chrome reports navigations it cancels itself (a beacon on page hide, an htmx poll cut
# short by the next page) as ERR_ABORTED: that is the browser, not the application.
BENIGN_FAILURES = ("net::ERR_ABORTED",)


@dataclass
class Watch:
    """What went wrong on one page, as a user's developer tools would show it."""

    host: str
    problems: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Expect a console message matching pattern (an intended 404 or 422 page)."""
        self.allowed.append(re.compile(pattern))

    def add(self, text: str) -> None:
        if not any(p.search(text) for p in self.allowed):
            self.problems.append(text)

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.add(f"page error: {e}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("websocket", lambda ws: self._check_host(ws.url, "websocket"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.add(f"console: {message.text} [{where}]")

    def _check_host(self, url: str, what: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname != self.host:
            self.problems.append(f"{what} to another host: {url}")

    def _request(self, request: Any) -> None:
        self._check_host(request.url, "request")

    def _failed(self, request: Any) -> None:
        failure = request.failure or ""
        if failure not in BENIGN_FAILURES:
            self.add(f"request failed: {request.method} {request.url} {failure}")

    def _response(self, response: Any) -> None:
        if response.status >= 500:
            self.add(f"server error: {response.status} {response.request.method} {response.url}")

    def assert_clean(self) -> None:
        problems, self.problems = self.problems, []
        assert not problems, "the browser saw problems:\n" + "\n".join(problems)


@pytest.fixture
def open_page(browser: Any, live: LiveServer) -> Iterator[Callable[..., Any]]:
    """open_page(viewport=None, language=None) -> a page in its own browser context."""
    contexts: list[Any] = []
    watches: list[Watch] = []

    def make(viewport: dict[str, int] | None = None, language: str | None = None) -> Any:
        context = browser.new_context(
            base_url=live.url,
            viewport=viewport or DESKTOP,
            locale="en-GB",
            service_workers="block",
        )
        if language:
            context.add_cookies([{"name": "django_language", "value": language, "url": live.url}])
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watch = Watch(host="127.0.0.1")
        watch.attach(page)
        page.watch = watch  # type: ignore[attr-defined]
        watches.append(watch)
        return page

    yield make
    for context in contexts:
        context.close()
    for watch in watches:
        watch.assert_clean()


# --- helpers -----------------------------------------------------------------------------


class UI:
    """What a person does in the browser, step by step, through the real pages."""

    def __init__(self, live: LiveServer, outbox: list[Any]) -> None:
        self.live = live
        self.outbox = outbox

    def sign_in_staff(self, page: Any, username: str, password: str = PASSWORD) -> None:
        """Through the staff sign-in form; lands in the inbox."""
        page.goto("/sign-in/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("form[action='/sign-in/'] button[type=submit]").click()
        page.wait_for_url(re.compile(r"/inbox/"))

    def sign_in_customer(self, page: Any, email: str) -> None:
        """Through the emailed link: ask for it, open it, confirm; lands on My requests."""
        page.goto("/account/sign-in/")
        page.fill("#id_email", email)
        sent = len(self.outbox)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/account/sign-in/$"))
        mails = [m for m in self.outbox[sent:] if email in m.to]
        assert mails, f"no sign-in link was mailed to {email}"
        match = re.search(r"https?://\S+/account/link/[\w-]+/", mails[-1].body)
        assert match, mails[-1].body
        link = match.group(0)
        assert link.startswith(self.live.url), f"the link points elsewhere: {link}"
        page.goto(link)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/requests/$"))

    def shot(self, page: Any, name: str) -> Path:
        """A full-page screenshot named after the page and the viewport."""
        size = page.viewport_size
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def ui(live: LiveServer, mailoutbox: list[Any]) -> UI:
    return UI(live, mailoutbox)

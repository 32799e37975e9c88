"""API rate limits (SECURITY.md 55): per token and per IP, reads, writes, failed sign-ins."""

from __future__ import annotations

import pytest
import redis
from django.test import Client, override_settings

from frontdesk.accounts.services import do_create_api_token
from frontdesk.core.config import parse_rate
from frontdesk.core.ratelimit import Limit, hit

pytestmark = pytest.mark.django_db

SMALL = {
    "FRONTDESK_API_RATE_READ": "3/min",
    "FRONTDESK_API_RATE_WRITE": "2/min",
    "FRONTDESK_API_RATE_IP_READ": "100/min",
    "FRONTDESK_API_RATE_IP_WRITE": "100/min",
    "FRONTDESK_API_RATE_FAILED_AUTH": "3/10min",
}


def bearer(token: str, remote: str = "192.0.2.10", **extra: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("600/min", (600, 60)), ("20/10min", (20, 600)), ("5/s", (5, 1)), ("1000/hour", (1000, 3600))],
)
def test_it_reads_rates(text, parsed):
    assert parse_rate(text) == parsed


@pytest.mark.parametrize("text", ["600", "x/min", "5/fortnight", "-1/min", "5/0min"])
def test_it_refuses_bad_rates(text):
    with pytest.raises(ValueError):
        parse_rate(text)


def test_the_window_slides_and_says_how_long_to_wait():
    limit = Limit("test", 2, 60)  # counted in sixths of 10 s
    assert hit(limit, "a", now=120.0) is None
    assert hit(limit, "a", now=130.0) is None
    assert hit(limit, "a", now=150.0) == 40  # the attempt of 120 leaves the window at 190
    assert hit(limit, "b", now=150.0) is None  # another identity, another budget
    assert hit(limit, "a", now=189.0) == 1
    assert hit(limit, "a", now=190.0) is None  # refused attempts were not counted
    assert hit(limit, "a", now=191.0) == 9


def test_no_span_of_a_window_lets_more_than_the_budget_through():
    """A fixed window would let 350 + 350 through across its boundary."""
    limit = Limit("test", 600, 60)
    early = [hit(limit, "t", now=30.0) for _ in range(350)]
    late = [hit(limit, "t", now=89.0) for _ in range(350)]
    assert early.count(None) + late.count(None) == 600


def test_the_defaults_stop_one_token_sending_700_reads_a_minute(personas, settings):
    count, seconds = parse_rate(settings.FRONTDESK_API_RATE_READ)
    assert seconds == 60 and count < 700
    count, seconds = parse_rate(settings.FRONTDESK_API_RATE_IP_READ)
    assert seconds <= 60


@override_settings(**SMALL)
def test_a_token_over_its_read_budget_gets_429_with_retry_after(personas):
    client = bearer(do_create_api_token(user=personas.agent))
    assert [client.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/me")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 70  # a minute and at most a sixth more
    assert refused.json()["message"]
    # Writes have a budget of their own.
    assert client.post("/api/v1/tickets", {}, content_type="application/json").status_code == 422


@override_settings(**SMALL)
def test_writes_have_their_own_budget(personas):
    client = bearer(do_create_api_token(user=personas.agent))
    post = [
        client.post("/api/v1/tickets", {}, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert post == [422, 422, 429]
    assert client.get("/api/v1/me").status_code == 200


@override_settings(**SMALL)
def test_tokens_have_separate_budgets(personas):
    first = bearer(do_create_api_token(user=personas.agent))
    second = bearer(do_create_api_token(user=personas.agent))
    for _ in range(3):
        first.get("/api/v1/me")
    assert first.get("/api/v1/me").status_code == 429
    assert second.get("/api/v1/me").status_code == 200


@override_settings(
    **{**SMALL, "FRONTDESK_API_RATE_READ": "100/min", "FRONTDESK_API_RATE_IP_READ": "4/min"}
)
def test_an_address_has_a_budget_across_its_tokens(personas):
    tokens = [do_create_api_token(user=personas.agent) for _ in range(5)]
    codes = [bearer(token).get("/api/v1/me").status_code for token in tokens]
    assert codes == [200, 200, 200, 200, 429]
    assert bearer(tokens[0], remote="192.0.2.99").get("/api/v1/me").status_code == 200


@override_settings(**SMALL)
def test_failed_tokens_have_their_own_budget_per_address(personas):
    wrong = bearer("fds_guess", remote="192.0.2.20")
    assert [wrong.get("/api/v1/me").status_code for _ in range(4)] == [401, 401, 401, 429]
    # While the address is blocked even a valid token from it waits; other addresses do not.
    token = do_create_api_token(user=personas.agent)
    assert bearer(token, remote="192.0.2.20").get("/api/v1/me").status_code == 429
    assert bearer(token, remote="192.0.2.21").get("/api/v1/me").status_code == 200


@override_settings(**SMALL)
def test_a_spoofed_forwarded_for_does_not_change_the_key(personas):
    codes = [
        bearer("fds_guess", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").get("/api/v1/me").status_code
        for n in range(4)
    ]
    assert codes == [401, 401, 401, 429]


@override_settings(**SMALL, FRONTDESK_TRUSTED_PROXIES=["10.0.0.1"])
def test_behind_a_trusted_proxy_clients_are_told_apart(personas):
    for _ in range(3):
        bearer("fds_guess", remote="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1").get(
            "/api/v1/me"
        )
    blocked = bearer("fds_guess", remote="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert blocked.get("/api/v1/me").status_code == 429
    other = bearer("fds_guess", remote="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.get("/api/v1/me").status_code == 401


REDIS_PREFIX = "fd-test-h5-ratelimit"
REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": REDIS_PREFIX,
    }
}


@pytest.fixture
def redis_keys():
    client = redis.Redis(host="127.0.0.1", port=6379, db=0)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")

    def keys() -> list[bytes]:
        return list(client.scan_iter(f"{REDIS_PREFIX}:*"))

    yield client, keys
    for key in keys():
        client.delete(key)


@override_settings(**SMALL, CACHES=REDIS_CACHE)
def test_budgets_are_shared_through_redis(personas, redis_keys):
    client, keys = redis_keys
    token = do_create_api_token(user=personas.agent)
    assert [bearer(token).get("/api/v1/me").status_code for _ in range(4)] == [200, 200, 200, 429]
    counters = sorted(int(client.get(key)) for key in keys() if b":api-read:" in key)
    assert counters == [3]  # the token's counter is in Redis, seen by every process
    assert bearer(token).get("/api/v1/me").status_code == 429

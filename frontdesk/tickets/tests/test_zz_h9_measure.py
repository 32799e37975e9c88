import time, pytest
from django.test import Client
from frontdesk.tickets.tests.ticket_page_support import client_for, open_ticket, page_url, fresh_cache  # noqa

pytestmark = pytest.mark.django_db

@pytest.mark.parametrize("n", [10, 49_000, 60_000, 200_000])
def test_measure_portal(personas, n):
    c = Client()
    c.get("/requests/new/")
    words = ("Lorem ipsum dolor sit amet, https://example.com/x?y=1 consectetur 4111 1111 1111 1111 adipiscing elit.\n" * (n // 70 + 1))[:n]
    t = time.perf_counter()
    r = c.post("/requests/new/", {"name": "A", "email": "a@example.com", "subject": "S", "message": words})
    print(n, r.status_code, round(time.perf_counter() - t, 2))

@pytest.mark.parametrize("n", [60_000])
def test_measure_manyonebig(personas, n):
    ticket = open_ticket(personas)
    c = client_for(personas.agent)
    for words in ["x" * n, "1" * n, "1 " * (n//2), " " * n + "a", "<" * n, "a@b." * (n//4), "http://" * (n//7), "- " * (n//2), "> " *(n//2)]:
        t = time.perf_counter()
        r = c.post(page_url(ticket, "ticket-reply"), {"body": words, "kind": "reply"})
        print(repr(words[:8]), r.status_code, round(time.perf_counter() - t, 2))

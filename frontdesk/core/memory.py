"""Keep the web process's long-lived objects out of Python's full garbage collections.

A web worker holds ~130,000 objects that live as long as it does (modules, models, URL
patterns, compiled templates, translation catalogs). Python's cyclic collector walks all
of them in every full ("generation 2") collection: ~80 ms on the benchmark machine, once
every few dozen page views, which showed as the inbox's p95. `gc.freeze()` moves the
objects alive at that moment to a generation the collector never walks. It is called
once when the ASGI application is built and once more after the first requests, when
the templates and catalogs the pages use have been loaded; garbage is collected first,
so nothing that should be freed is kept.
"""

from __future__ import annotations

import gc
from typing import Any

from django.core.signals import request_finished

WARM_UP_REQUESTS = 200


def freeze() -> None:
    gc.collect()
    gc.freeze()


class _WarmUpFreeze:
    def __init__(self) -> None:
        self.requests = 0

    def __call__(self, **kwargs: Any) -> None:
        self.requests += 1
        if self.requests >= WARM_UP_REQUESTS:
            request_finished.disconnect(self)
            freeze()


def freeze_long_lived_objects() -> None:
    """Freeze what exists now, and again once, after `WARM_UP_REQUESTS` requests."""
    freeze()
    request_finished.connect(_WarmUpFreeze(), weak=False)

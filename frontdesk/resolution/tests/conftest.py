"""Every test here starts in English: a request made by an earlier test in the same
process (LocaleMiddleware) can leave another language active in the thread."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield

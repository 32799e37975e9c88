from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_files(settings, tmp_path):
    """Rate-limit counters live in the cache; files go to a throw-away directory."""
    cache.clear()
    settings.MEDIA_ROOT = tmp_path
    yield
    cache.clear()

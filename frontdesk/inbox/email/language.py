"""The language of a new customer's first message (L2), with lingua, offline.

Only the languages the installation speaks are candidates, which keeps the detector
small and fast; a text too short or too mixed to tell gives ''.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings

MIN_LETTERS = 12
MIN_CONFIDENCE = 0.5


@functools.cache
def _detector(codes: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in codes
    ]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def supported_codes() -> tuple[str, ...]:
    return tuple(sorted({code.split("-")[0] for code, _name in settings.LANGUAGES}))


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text` among the supported languages, or '' when unsure."""
    sample = text[:2000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return ""
    codes = supported_codes()
    detector = _detector(codes)
    values = detector.compute_language_confidence_values(sample)
    if not values:
        return ""
    best = values[0]
    if best.value < MIN_CONFIDENCE:
        return ""
    code = best.language.iso_code_639_1.name.lower()
    return code if code in codes else ""

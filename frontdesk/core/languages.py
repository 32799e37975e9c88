"""The languages Frontdesk speaks (L1) and the language of a customer's message (L2).

Offered languages are English (the source language) plus every language with a compiled
catalog in `frontdesk/locale/<code>/LC_MESSAGES/django.mo`, named from Django's
`LANG_INFO`; `FRONTDESK_LANGUAGES` narrows them. Adding a language therefore takes
translation files only (docs/translating.md). Model fields take `language_choices`, a
callable that migrations reference by name, so a new language needs no migration.

`detect_language` is the one detector every channel uses (through `do_create_ticket`):
lingua, offline, with only the offered languages as candidates.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy, gettext_noop

from frontdesk.core.config import ConfigError

# The names of the languages shipped today, marked so our catalogs keep their own
# wording for them; any other language is named by Django's catalogs. Not a list to
# extend: a new language needs no line here.
SHIPPED_NAMES = (
    gettext_noop("English"),
    gettext_noop("Turkish"),
    gettext_noop("Latvian"),
    gettext_noop("Slovak"),
    gettext_noop("Slovenian"),
)
SOURCE_LANGUAGE = "en"
CATALOG = Path("LC_MESSAGES") / "django.mo"
MIN_LETTERS = 12
MIN_CONFIDENCE = 0.5
MAX_SAMPLE = 2000


def catalog_codes(locale_dir: Path) -> list[str]:
    """Codes of the languages with a compiled catalog under `locale_dir`, sorted.

    A catalog counts once it is compiled: a `.po` still being translated offers nothing.
    Directory names follow gettext (`pt_BR`); the codes follow Django (`pt-br`).
    """
    if not locale_dir.is_dir():
        return []
    codes = {
        entry.name.replace("_", "-").lower()
        for entry in locale_dir.iterdir()
        if (entry / CATALOG).is_file()
    }
    return sorted(codes - {SOURCE_LANGUAGE})


def language_name(code: str) -> Any:
    """The English name of `code` from Django's LANG_INFO, translated lazily."""
    info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0]) or {}
    name = info.get("name")
    return gettext_lazy(name) if name else code


def discover(locale_dir: Path, *, only: Sequence[str] = ()) -> list[tuple[str, Any]]:
    """`LANGUAGES`: English first, then each catalog's language; `only` narrows them.

    A code in `only` without a catalog is a configuration error, said at start.
    """
    available = [SOURCE_LANGUAGE, *catalog_codes(locale_dir)]
    if only:
        wanted = [code.strip().lower() for code in only if code.strip()]
        missing = [code for code in wanted if code not in available]
        if missing:
            raise ConfigError(
                f"FRONTDESK_LANGUAGES names {', '.join(missing)} but there is no compiled "
                f"catalog for it in {locale_dir} (available: {', '.join(available)})"
            )
        available = [code for code in available if code == SOURCE_LANGUAGE or code in wanted]
    return [(code, language_name(code)) for code in available]


def language_choices() -> list[tuple[str, Any]]:
    """`choices` for language fields: the offered languages, read at call time."""
    return list(settings.LANGUAGES)


def optional_language_choices() -> list[tuple[str, Any]]:
    """`language_choices` with a blank first choice, for an optional language."""
    return [("", "—"), *language_choices()]


def offered_codes() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


def first_offered(*codes: str | None) -> str:
    """The first of `codes` (by base language: "sk-SK" is "sk") that the installation
    offers, else the site default: whom a mail or page is for decides, in order."""
    offered = offered_codes()
    for code in codes:
        base = (code or "").split("-")[0].lower()
        if base in offered:
            return base
    return str(settings.LANGUAGE_CODE)


# --- detection ---------------------------------------------------------------------------


@functools.cache
def _detector(codes: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = []
    for code in codes:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is not None:
            languages.append(Language.from_iso_code_639_1(iso))
    if len(languages) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).build()


def supported_codes() -> tuple[str, ...]:
    """The base codes (`pt` for `pt-br`) the detector chooses among."""
    return tuple(sorted({code.split("-")[0] for code, _name in settings.LANGUAGES}))


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text` among the offered languages, or '' when unsure.

    Unsure is: fewer than MIN_LETTERS letters, or no language at MIN_CONFIDENCE.
    """
    sample = text[:MAX_SAMPLE]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return ""
    codes = supported_codes()
    detector = _detector(codes)
    if detector is None:
        return ""
    values = detector.compute_language_confidence_values(sample)
    if not values:
        return ""
    best = values[0]
    if best.value < MIN_CONFIDENCE:
        return ""
    base = best.language.iso_code_639_1.name.lower()
    offered = [code for code, _name in settings.LANGUAGES if code.split("-")[0] == base]
    return offered[0] if offered else ""


def warm_up_in_background() -> None:
    """Load the detector's models (~6 s, ~180 MB for five languages) in a daemon thread
    at process start, so the first customer's request does not wait for them."""
    threading.Thread(
        target=detect_language, args=("warm up the language detector once",), daemon=True
    ).start()

"""L1: the offered languages come from the installed catalogs, not from a list in code."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from frontdesk.accounts.models import User, Workspace
from frontdesk.core.config import ConfigError
from frontdesk.core.errors import Invalid
from frontdesk.core.languages import discover, language_choices
from frontdesk.customers.models import Customer
from frontdesk.customers.services import do_create_customer
from frontdesk.knowledge.models import PolicyVersion


def _catalog(root: Path, code: str, *, compiled: bool = True) -> None:
    messages = root / code / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    if compiled:
        (messages / "django.mo").write_bytes(b"")


def test_the_shipped_languages_are_found_from_their_catalogs():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "lv", "sk", "sl", "tr"]


def test_a_new_catalog_adds_its_language_with_django_s_name(tmp_path):
    _catalog(tmp_path, "de")
    _catalog(tmp_path, "pt_BR")
    _catalog(tmp_path, "pl", compiled=False)  # still being translated: not offered yet
    languages = discover(tmp_path)
    assert [code for code, _name in languages] == ["en", "de", "pt-br"]
    with translation.override("en"):
        assert str(dict(languages)["de"]) == "German"
    with translation.override("sk"):
        assert str(dict(languages)["de"]) == "nemecky"  # Django's Slovak catalog


def test_frontdesk_languages_narrows_them_and_english_stays(tmp_path):
    for code in ("de", "tr", "sk"):
        _catalog(tmp_path, code)
    assert [code for code, _name in discover(tmp_path, only=["TR", " sk"])] == ["en", "sk", "tr"]
    with pytest.raises(ConfigError, match="fr"):
        discover(tmp_path, only=["tr", "fr"])


def test_language_fields_need_no_migration_for_a_new_language():
    """Their choices are a callable read at run time; migrations name the function."""
    for model, name in (
        (Customer, "language"),
        (User, "language"),
        (Workspace, "default_language"),
        (PolicyVersion, "language"),
    ):
        field = model._meta.get_field(name)
        assert field.deconstruct()[3]["choices"] is language_choices, (model, name)


def test_a_customer_can_get_a_language_added_by_its_catalog(db, tmp_path):
    _catalog(tmp_path, "de")
    with pytest.raises(Invalid):
        do_create_customer(email="hans@example.de", name="Hans", language="de")
    with override_settings(LANGUAGES=discover(tmp_path)):
        hans = do_create_customer(email="hans@example.de", name="Hans", language="de")
        hans.full_clean()
        assert ("de", "German") in [(code, str(name)) for code, name in language_choices()]

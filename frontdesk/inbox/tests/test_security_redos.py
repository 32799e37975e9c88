"""Regular expressions and ReDoS (SECURITY.md 26): every pattern in Frontdesk's code (mail
parsing, quotes, signatures, card masking, macros, search words...) and the patterns the
quote library builds for our languages pass regexploit's static check for catastrophic
backtracking (no nested or overlapping repeats that a crafted mail could exploit)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import warnings
from pathlib import Path

import pytest
from regexploit.ast.sre import SreOpParser
from regexploit.languages.python_node_visitor import PythonNodeVisitor
from regexploit.redos import find

import frontdesk

ROOT = Path(frontdesk.__file__).resolve().parent
# Patterns regexploit cannot read, reviewed by hand.
REVIEWED = {
    # Possessive quantifiers (?+ and {12,}+) never give back what they matched: linear.
    "frontdesk.core.cards._RUN",
}


def _ours(name: str) -> bool:
    return ".tests" not in name and ".migrations" not in name and not name.endswith("__main__")


def compiled_patterns() -> dict[str, re.Pattern]:
    """Module-level compiled patterns (built with f-strings too, bytes patterns too) and
    the patterns of the quote library for our languages."""
    found: dict[str, re.Pattern] = {}
    for module_info in pkgutil.walk_packages(frontdesk.__path__, "frontdesk."):
        if not _ours(module_info.name) or module_info.name.endswith(("asgi", "wsgi")):
            continue
        module = importlib.import_module(module_info.name)
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.setdefault(f"{module_info.name}.{attribute}", value)
    from mailparser_reply.constants import MAIL_LANGUAGES

    from frontdesk.inbox.email import quotes

    for name in ("DISCLAIMERS_REGEX", "HEADER_REGEX", "SIGNATURE_REGEX"):
        found[f"mailparser_reply.{name}"] = getattr(quotes._LIBRARY, name)
    for language in quotes._LIBRARY_LANGUAGES:  # quotes._library_sent_from
        sent_from = MAIL_LANGUAGES[language].get("sent_from", "")
        for n, pattern in enumerate([sent_from] if isinstance(sent_from, str) else sent_from):
            if pattern:
                found[f"mailparser_reply.{language}.sent_from.{n}"] = re.compile(pattern, re.I)
    return found


def literal_patterns() -> dict[str, tuple[str, int]]:
    """Patterns written as literals in calls (re.sub(r"...", ...)) anywhere in our code."""
    found: dict[str, tuple[str, int]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        visitor = PythonNodeVisitor()
        visitor.visit(ast.parse(path.read_bytes()))
        for regex in visitor.patterns:
            found[f"{relative}:{regex.lineno}"] = (regex.pattern, regex.flags)
    return found


def redos(pattern: str | bytes, flags: int = 0) -> list[str] | None:
    """regexploit's findings for a pattern, or None when it cannot read the pattern."""
    if isinstance(pattern, bytes):  # the same regex over Latin-1 text
        pattern = pattern.decode("latin-1")
    try:
        parsed = SreOpParser().parse_sre(pattern, flags)
    except re.error:
        return []  # a string that looked like a regex but is not one
    except (AttributeError, NotImplementedError, ValueError):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [str(finding) for finding in find(parsed)]


def test_there_are_patterns_to_check() -> None:
    patterns = compiled_patterns()
    assert len(patterns) > 40
    assert "mailparser_reply.SIGNATURE_REGEX" in patterns


@pytest.mark.parametrize("name", sorted(compiled_patterns()))
def test_no_compiled_pattern_can_backtrack_catastrophically(name: str) -> None:
    pattern = compiled_patterns()[name]
    findings = redos(pattern.pattern, pattern.flags)
    if findings is None:
        assert name in REVIEWED, f"regexploit cannot read {name}: review it and list it"
        return
    assert findings == [], f"{name}: {pattern.pattern!r}"


def test_no_literal_pattern_can_backtrack_catastrophically() -> None:
    problems = {}
    for where, (pattern, flags) in literal_patterns().items():
        findings = redos(pattern, flags)
        if findings:
            problems[where] = (pattern, findings)
    assert problems == {}


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"^(\w+\s?)*$", r"\s*.*\s*=\s*.*x"])
def test_the_check_sees_a_vulnerable_pattern(pattern: str) -> None:
    assert redos(pattern)

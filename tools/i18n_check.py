"""Are the translation catalogs in step with the code?

    .venv/bin/python tools/i18n_check.py            # report, exit 1 if anything is missing
    .venv/bin/python tools/i18n_check.py --quiet    # only the summary lines

Runs ``makemessages`` on a throw-away copy of the ``frontdesk`` package (the real
catalogs are not touched) and compares the result with ``frontdesk/locale``:

* strings in the code that a catalog does not have yet (run makemessages, translate),
* strings a catalog still has but the code no longer uses (run makemessages),
* untranslated and fuzzy entries,
* ``.mo`` files older than their ``.po`` (run compilemessages).

The tests in frontdesk/core/tests/test_i18n.py check the catalogs themselves; this
script is what tells you that someone added a string and nobody translated it.
"""

from __future__ import annotations

import argparse
import gettext
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "frontdesk"
LOCALE = PACKAGE / "locale"


def _unquote(token: str) -> str:
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], token.strip()[1:-1])


KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$")


def read_po(path: Path) -> dict[tuple[str | None, str], dict]:
    """{(msgctxt, msgid): {"fuzzy": bool, "msgstr": [..]}} without the header."""
    entries: dict[tuple[str | None, str], dict] = {}
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        key = None
        fuzzy = False
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                key = None
                fields = {}
                break
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
            elif line.startswith("#"):
                continue
            elif m := KEYWORD.match(line):
                key = m.group(1)
                fields[key] = _unquote(m.group(2))
            elif line.startswith('"') and key:
                fields[key] += _unquote(line)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        entries[(fields.get("msgctxt"), fields["msgid"])] = {
            "fuzzy": fuzzy,
            "plural": "msgid_plural" in fields,
            "msgstr": strs,
        }
    return entries


def mo_matches_po(mo: Path, entries: dict[tuple[str | None, str], dict]) -> bool:
    """Does the compiled catalog hold exactly the .po's (non-fuzzy) translations?"""
    if not mo.exists():
        return False
    with mo.open("rb") as handle:
        compiled = {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}
    expected: dict[object, str] = {}
    for (ctx, msgid), entry in entries.items():
        if entry["fuzzy"] or not all(entry["msgstr"]):
            continue
        key = msgid if ctx is None else f"{ctx}\x04{msgid}"
        if entry["plural"]:
            expected.update({(key, i): text for i, text in enumerate(entry["msgstr"])})
        else:
            expected[key] = entry["msgstr"][0]
    return compiled == expected


def fresh_catalogs(languages: list[str]) -> dict[str, dict]:
    """makemessages on a copy of the package: {path under frontdesk/: parsed new catalog}.

    Covers the project catalog (frontdesk/locale) and every app that has its own
    frontdesk/<app>/locale directory, as makemessages does."""
    tmp = Path(tempfile.mkdtemp(prefix="frontdesk-i18n-"))
    copy = tmp / "frontdesk"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdesk.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command
    from django.test.utils import override_settings

    django.setup()
    cwd = Path.cwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
            call_command(
                "makemessages",
                locale=languages,
                no_obsolete=True,
                ignore_patterns=["tests/*"],
                verbosity=0,
            )
        return {
            str(path.relative_to(copy)): read_po(path)
            for path in sorted(copy.glob("**/locale/*/LC_MESSAGES/django.po"))
        }
    finally:
        os.chdir(cwd)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="only print the summary")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdesk.settings")
    data_dir = tempfile.mkdtemp(prefix="frontdesk-i18n-data-")
    os.environ.setdefault("FRONTDESK_DATA_DIR", data_dir)
    try:
        return check(quiet=args.quiet)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def check(*, quiet: bool) -> int:
    import django
    from django.conf import settings

    django.setup()
    languages = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    fresh = fresh_catalogs(languages)
    failed = False
    expected = {f"locale/{lang}/LC_MESSAGES/django.po" for lang in languages}
    for name in sorted(expected | set(fresh)):
        po = PACKAGE / name
        mo = po.with_suffix(".mo")
        lang = name.removesuffix("/LC_MESSAGES/django.po")
        if not po.exists():
            print(f"{lang}: no catalog at {po.relative_to(ROOT)}")
            failed = True
            continue
        current = read_po(po)
        wanted = fresh.get(name, {})
        new = [k for k in wanted if k not in current]
        gone = [k for k in current if k not in wanted]
        untranslated = [k for k, v in current.items() if k in wanted and not all(v["msgstr"])]
        fuzzy = [k for k, v in current.items() if v["fuzzy"]]
        stale_mo = not mo_matches_po(mo, current)
        ok = not (new or untranslated or fuzzy or stale_mo)
        failed = failed or not ok
        print(
            f"{lang}: {len(wanted)} strings in the code, {len(current)} in the catalog; "
            f"{len(new)} new, {len(gone)} unused, {len(untranslated)} untranslated, "
            f"{len(fuzzy)} fuzzy{', .mo out of date' if stale_mo else ''}"
            f" -> {'OK' if ok else 'NEEDS WORK'}"
        )
        if not quiet:
            for label, keys in (
                ("new", new),
                ("unused", gone),
                ("untranslated", untranslated),
                ("fuzzy", fuzzy),
            ):
                for _ctx, msgid in keys:
                    print(f"    {label}: {msgid!r}")
    if failed:
        print(
            "\nTo update: cd frontdesk && ../.venv/bin/frontdesk makemessages "
            + " ".join(f"-l {lang}" for lang in languages)
            + " --no-obsolete --ignore 'tests/*'; translate; "
            "../.venv/bin/frontdesk compilemessages  (see docs/translating.md)"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

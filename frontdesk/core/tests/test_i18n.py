"""Translations: complete catalogs, intact placeholders, fresh .mo files, and the
customer acknowledgement actually going out in the customer's language."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from frontdesk.customers.services import do_create_customer
from frontdesk.tickets import acknowledgement
from frontdesk.tickets.choices import Priority, Status
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PACKAGE_DIR = Path(settings.BASE_DIR)
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# The project catalog plus any app's own (frontdesk/<app>/locale), for every language.
CATALOGS = sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/django.po"))
CATALOG_IDS = [str(p.relative_to(PACKAGE_DIR)) for p in CATALOGS]
PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %(name)s, %(count)d, %(value)r
    r"|%[sdif]"  # positional
    r"|\{\{\s*[\w.]+\s*\}\}"  # {{ ref }} left in a template string
)


# --- a tiny .po reader (polib is not a dependency) -------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _unquote(token: str) -> str:
    token = token.strip()
    assert token.startswith('"') and token.endswith('"'), token
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], token[1:-1])


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    keyword = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$")

    def start(lineno: int) -> Entry:
        nonlocal current
        if current is None:
            current = Entry(line=lineno)
            entries.append(current)
        return current

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            current, target = None, None
        elif line.startswith("#~"):
            continue  # obsolete entries are not compiled
        elif line.startswith("#,"):
            start(lineno).flags.update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            start(lineno)
        elif match := keyword.match(line):
            entry = start(lineno)
            name, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            if name == "msgstr":
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = value
            else:
                target = (name, 0)
                setattr(entry, name, value)
        elif line.startswith('"') and current is not None and target is not None:
            if target[0] == "msgstr":
                current.msgstr[target[1]] += _unquote(line)
            else:
                setattr(current, target[0], getattr(current, target[0]) + _unquote(line))
        else:
            raise AssertionError(f"{path}:{lineno}: cannot parse {raw!r}")
    return [e for e in entries if e.msgstr]


def catalog_language(path: Path) -> str:
    return path.parent.parent.name


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def header(entries: list[Entry]) -> dict[str, str]:
    first = entries[0]
    assert first.msgid == "" and first.msgctxt is None, "the catalog header must come first"
    pairs = (line.split(":", 1) for line in first.msgstr[0].splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def nplurals(entries: list[Entry]) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header(entries).get("Plural-Forms", ""))
    assert match, "Plural-Forms header is missing"
    return int(match.group(1))


def placeholders(text: str) -> list[str]:
    return sorted(re.sub(r"\s+", "", p) for p in PLACEHOLDER.findall(text))


# --- (a) the catalogs -------------------------------------------------------------------


def test_every_configured_language_has_a_catalog():
    assert TRANSLATED, "LANGUAGES lists no language besides the default"
    for lang in TRANSLATED:
        assert po_path(lang).is_file(), f"missing {po_path(lang)}"
        assert po_path(lang).with_suffix(".mo").is_file(), f"{lang}: run compilemessages"


def test_catalogs_are_only_for_configured_languages():
    assert CATALOGS
    assert {catalog_language(path) for path in CATALOGS} <= set(TRANSLATED)


@pytest.mark.parametrize("path", CATALOGS, ids=CATALOG_IDS)
def test_catalog_is_complete_and_not_fuzzy(path):
    lang = catalog_language(path)
    entries = read_po(path)
    meta = header(entries)
    assert meta.get("Language") == lang
    assert "fuzzy" not in entries[0].flags, f"{lang}: the header is fuzzy, msgfmt would drop it"
    count = nplurals(entries)
    problems = []
    for entry in entries[1:]:
        where = f"{lang} line {entry.line}: {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        if entry.msgid_plural is not None and sorted(entry.msgstr) != list(range(count)):
            problems.append(f"{where} has {len(entry.msgstr)} plural forms, expected {count}")
        if not all(entry.msgstr.values()):
            problems.append(f"{where} is untranslated")
    assert not problems, "\n".join(problems)
    if path.parent.parent.parent == LOCALE_DIR:
        assert len(entries) > 100


@pytest.mark.parametrize("path", CATALOGS, ids=CATALOG_IDS)
def test_placeholders_survive_translation(path):
    lang = catalog_language(path)
    problems = []
    for entry in read_po(path)[1:]:
        source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        expected = placeholders(source)
        for index, text in entry.msgstr.items():
            if text and placeholders(text) != expected:
                problems.append(
                    f"{lang} {entry.msgid[:50]!r} [{index}]: {placeholders(text)} != {expected}"
                )
        if entry.msgid.endswith("\n") != all(t.endswith("\n") for t in entry.msgstr.values()):
            problems.append(f"{lang} {entry.msgid[:50]!r}: trailing newline differs")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext is not installed")
@pytest.mark.parametrize("path", CATALOGS, ids=CATALOG_IDS)
def test_msgfmt_check_passes(path, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("path", CATALOGS, ids=CATALOG_IDS)
def test_compiled_catalog_matches_the_po_file(path):
    """The committed .mo holds exactly the .po's translations: run compilemessages."""
    lang = str(path.relative_to(PACKAGE_DIR))
    entries = read_po(path)
    expected: dict[object, str] = {}
    for entry in entries[1:]:
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(msgid, index)] = text
    assert path.with_suffix(".mo").is_file(), f"{lang}: run compilemessages"
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
    stale = sorted(str(k) for k in expected.keys() ^ catalog.keys())
    assert not stale, f"{lang}: .mo and .po disagree on {stale[:5]}; run compilemessages"
    changed = sorted(str(k) for k in expected if expected[k] != catalog[k])
    assert not changed, f"{lang}: .mo is older than .po for {changed[:5]}; run compilemessages"
    assert compiled.info().get("plural-forms") == header(entries)["Plural-Forms"]


# --- (b) the acknowledgement in the customer's language ---------------------------------

# The subject's and the body's wording in each language (default promise: 24 hours).
ACK_SUBJECT = {
    "tr": "Talebinizi aldık",
    "lv": "Esam saņēmuši Jūsu pieprasījumu",
    "sk": "Vašu požiadavku sme prijali",
    "sl": "Vašo zahtevo smo prejeli",
}
ACK_BODY = {
    "tr": [
        "Sayın",
        "teşekkür ederiz",
        "24 saat içinde",
        "yanıtlamanız yeterlidir",
        "Saygılarımızla",
    ],
    "lv": [
        "Labdien",
        "Paldies, ka sazinājāties",
        "24 stundu laikā",
        "atbildiet uz šo ziņojumu",
        "Ar cieņu",
    ],
    "sk": [
        "Dobrý deň",
        "Ďakujeme, že ste nás kontaktovali",
        "do 24 hodín",
        "odpovedzte na túto správu",
        "S pozdravom",
    ],
    "sl": [
        "Pozdravljeni",
        "Hvala, ker ste se obrnili na nas",
        "v 24 urah",
        "odgovorite na to sporočilo",
        "Lep pozdrav",
    ],
}
ENGLISH = [
    "We have received your request",
    "Thank you for contacting us",
    "What happens next",
    "Kind regards",
    "Hello",
]


def _ticket_for(lang: str, personas) -> Ticket:
    customer = do_create_customer(
        email=f"customer-{lang}@example.com", name=f"Customer {lang.upper()}", language=lang
    )
    return do_create_ticket(
        actor=customer,
        customer=customer,
        subject="Broken zipper",
        body="The zipper of my jacket broke after a week.",
        acknowledge=False,
    )


@pytest.mark.parametrize("lang", ["tr", "lv", "sk", "sl"])
def test_acknowledgement_is_in_the_customers_language(lang, personas):
    ticket = _ticket_for(lang, personas)
    subject, text, html = acknowledgement.render(ticket)
    assert subject.startswith(f"[{ticket.reference}] ")
    assert subject.endswith("Broken zipper")
    for part in (subject, text, html):
        for english in ENGLISH:
            assert english not in part, f"{lang}: English {english!r} in {part!r}"
    assert ACK_SUBJECT[lang] in subject, subject
    for word in ACK_BODY[lang]:
        assert word in text, f"{lang}: {word!r} missing from the text body:\n{text}"
        assert word in html, f"{lang}: {word!r} missing from the HTML body:\n{html}"
    assert ticket.reference in text and ticket.reference in html
    assert "Customer " + lang.upper() in text


def test_acknowledgement_html_declares_its_language(personas):
    _subject, _text, html = acknowledgement.render(_ticket_for("sk", personas))
    assert '<html lang="sk">' in html


def test_acknowledgement_follows_the_personas_languages(personas):
    for customer, word in ((personas.customer, "Sayın"), (personas.other_customer, "Hvala")):
        ticket = do_create_ticket(
            actor=customer,
            customer=customer,
            subject="Order",
            body="Where is it?",
            acknowledge=False,
        )
        _subject, text, _html = acknowledgement.render(ticket)
        assert word in text and "Thank you" not in text

    english = _ticket_for("en", personas)
    assert "Thank you for contacting us" in acknowledgement.render(english)[1]


@pytest.mark.parametrize(
    ("lang", "hours", "expected"),
    [
        ("lv", 1, "1 stundas laikā"),
        ("lv", 21, "21 stundas laikā"),
        ("lv", 48, "48 stundu laikā"),
        ("sk", 1, "do 1 hodiny"),
        ("sk", 3, "do 3 hodín"),
        ("sk", 8, "do 8 hodín"),
        ("sl", 1, "v 1 uri"),
        ("sl", 2, "v 2 urah"),
        ("sl", 101, "v 101 uri"),
        ("tr", 1, "1 saat içinde"),
        ("tr", 8, "8 saat içinde"),
    ],
)
def test_acknowledgement_promise_uses_the_right_plural(lang, hours, expected, personas):
    from frontdesk.accounts.models import Workspace

    workspace = Workspace.current()
    workspace.response_promise_hours = hours
    workspace.save()
    _subject, text, html = acknowledgement.render(_ticket_for(lang, personas))
    assert expected in text and expected in html


# --- (c) model metadata and choices -----------------------------------------------------


def test_choice_labels_and_verbose_names_are_translated():
    with translation.override("tr"):
        assert str(Status.PENDING.label) == "Beklemede"
        assert str(Priority.URGENT.label) == "Acil"
        assert str(Ticket._meta.verbose_name) == "talep"
        assert str(Ticket._meta.verbose_name_plural) == "talepler"
        assert str(Ticket._meta.get_field("status").verbose_name) == "durum"
    expected = {"lv": "Gaida", "sk": "Čakajúci", "sl": "V čakanju"}
    for lang, label in expected.items():
        with translation.override(lang):
            assert str(Status.PENDING.label) == label
    with translation.override("en"):
        assert str(Status.PENDING.label) == "Pending"


def test_language_names_are_translated():
    with translation.override("sl"):
        names = {code: str(name) for code, name in settings.LANGUAGES}
    assert names["sl"] == "slovenščina" and names["tr"] == "turščina"

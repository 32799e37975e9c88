"""Split a reply into what the sender wrote now and what they quoted or signed.

Library: mail-parser-reply (MIT, pure Python, no dependencies, maintained) over
quotequail. Both find "On … wrote:" headers; mail-parser-reply knows them and Outlook
header blocks in 13 languages (en, de, fr, es, it, nl, cs, da, sv, pl, ja, ko, zh) plus
signature closings and "Sent from my …" lines, while quotequail knows fewer languages,
no signatures, and needs lxml. Its HTML support we do not need: `bodytext.html_to_text`
already turns `<blockquote>`/`gmail_quote` into `> ` lines.

We use the library's compiled patterns (`HEADER_REGEX`, `SIGNATURE_REGEX`) on a view of
the text with the same lines, so a match maps back to a line of the original, and add:
headers in Turkish, Latvian, Slovak, Slovenian, Polish and Chinese (with its full-width
colon, `… 写道：`), Outlook "-----Original Message-----" and "From:/Sent:" blocks in those
languages (also when the block is the very first line of the text), a trailing
block of `> ` lines, and RFC 3676 "-- " signatures. Its signature closings ("Thanks,",
"Tak", "/Name") are prefix matches that would swallow real text ("Thanks, that fixed
it", "Take the…"), so a closing counts only when the rest of its line is empty or a
name.
"""

from __future__ import annotations

import re

from mailparser_reply.constants import MAIL_LANGUAGES
from mailparser_reply.parser import EmailMessage

# Polish is left out: its Outlook pattern fires on one "Data:" or "Do:" line.
_LIBRARY_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "cs", "da", "sv", "ja", "ko", "zh"]
_LIBRARY = EmailMessage(text="", languages=list(_LIBRARY_LANGUAGES), keep_hyphen_lists=True)
_LIBRARY_HEADER = _LIBRARY.HEADER_REGEX
_LIBRARY_SIGNATURE = _LIBRARY.SIGNATURE_REGEX

MAX_SCAN_CHARS = 30_000  # quote headers further down are not worth the regex time
MAX_LINE_CHARS = 300  # longer lines are never headers; bounds backtracking

_WROTE = re.compile(
    r"""^(?:>\s*)*(?:
        on\s.+\swrote\s?: |                            # English (Gmail, Apple Mail)
        .+<[^<>\s]+@[^<>\s]+>\s*(?:\)\s*)?wrote\s?: |  # "Name <a@b> wrote:"
        .+\s(?:şunu\s+)?yazdı\s?: |                    # Turkish
        .+\srakstīja\s?: |                             # Latvian
        .+\snapísal(?:\(a\)|a)?\s?: |                  # Slovak
        .+\snapisal(?:\(a\)|a)?\s?: |                  # Slovenian ("… je … napisal(a):")
        .+(?:写道|寫道)\s?[:：] |                        # Chinese ("… <a@b> 写道：")
        .+\s(?:napisał(?:a|\(a\))?|pisze)\s?:            # Polish ("… <a@b> napisał(a):")
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_ORIGINAL_MESSAGE = re.compile(
    r"^-{2,}\s*(?:original message|orijinal ileti|özgün ileti|özgün mesaj|asıl ileti|"
    r"sākotnējais ziņojums|sākotnējā ziņa|pôvodná správa|pôvodná zpráva|izvirno sporočilo|"
    r"ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|"
    r"oorspronkelijk bericht|původní zpráva|oryginalna wiadomość)\s*-{2,}$",
    re.IGNORECASE,
)
_FROM_LABEL = re.compile(
    r"^[>* ]*(?:from|kimden|gönderen|no|od|von|de|da|van|fra|från|发件人|寄件者)\s*[:：]\*?\s*\S",
    re.IGNORECASE,
)
_HEADER_LABEL = re.compile(
    r"^[>* ]*(?:sent|date|to|subject|cc|gönderildi|gönderilme tarihi|tarih|kime|konu|bilgi|"
    r"nosūtīts|datums|kam|tēma|kopija|odoslané|dátum|komu|predmet|kópia|poslano|datum|za|"
    r"zadeva|kp|gesendet|an|betreff|envoyé|à|objet|enviado|para|asunto|inviato|oggetto|"
    r"wysłano|wysłane|do|dw|temat|发送时间|发送日期|日期|收件人|抄送|主题|傳送時間|收件者|主旨)"
    r"\s*[:：]",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"^(?:-{2,}\s*)?(?:forwarded message|begin forwarded message|weitergeleitete nachricht|"
    r"iletilen ileti|iletilen mesaj|pārsūtīts ziņojums|pārsūtītā ziņa|preposlaná správa|"
    r"posredovano sporočilo|message transféré|mensaje reenviado|doorgestuurd bericht|"
    r"přeposlaná zpráva|videresendt meddelelse|vidarebefordrat meddelande)\b.*$",
    re.IGNORECASE,
)
_FORWARD_SUBJECT = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?(?:fwd?|wg|tr|rv|enc|[iİı]lt|pārs|pd|posl)\s*\.?:", re.IGNORECASE
)
_SEPARATOR_LINE = re.compile(r"^[_-]{20,}$")
_SENT_FROM = re.compile(
    r"^(?:sent from my|sent from (?:outlook|mail|yahoo)|get outlook for|"
    r".*(?:'umdan|'imden|cihazımdan) gönderildi|nosūtīts no man|"
    r"odoslané z|poslano iz|poslano z|poslano s)",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:>\s*)*(?:"
    + "|".join(
        pattern
        for language in _LIBRARY_LANGUAGES
        for pattern in MAIL_LANGUAGES[language].get("signatures", [])
    )
    + r"|lep pozdrav|s pozdravom|s pozdravem|saygılarımla|teşekkürler|ar cieņu|paldies)",
    re.IGNORECASE,
)


def is_forward_subject(subject: str) -> bool:
    """Whether a subject marks a forwarded mail ("Fwd:", "WG:", "İLT:"…)."""
    return bool(_FORWARD_SUBJECT.match(subject))


def split_reply(text: str, *, forwarded: bool = False) -> tuple[str, str]:
    """(visible text, removed text) of a plain-text body.

    Visible is empty only when the text opens with a quote header and the quote runs to
    the end; when anything else looks all quoted, the full text is shown.

    A forwarded mail (a forward marker line, or `forwarded=True` from its subject) is
    what the sender wants us to read, so nothing after the marker is removed.
    """
    lines = text.split("\n")
    view = [line.strip()[:MAX_LINE_CHARS] for line in lines]
    forward = next((i for i, line in enumerate(view) if _FORWARD.match(line)), len(view))
    # Our own patterns (Outlook blocks, "… wrote:" lines) are strict enough to trust on
    # the first line; the library's looser ones only below some text.
    header = min(_own_header(view), _original_message(view))
    cut = min(header, _library_header(view), _trailing_quote(view))
    if forwarded or forward < min(cut, len(view)):
        return text.strip() or text, ""
    cut = _signature(view, cut)
    visible = "\n".join(lines[:cut]).strip()
    removed = "\n".join(lines[cut:]).strip()
    if not visible:
        visible, removed = _bottom_post(lines, view)
    if not visible and header < len(view) and not any(view[:header]):
        # The text opens with a quote header ("Od: … Wysłane: …", "… 写道：") and nothing
        # follows the quote: the sender wrote nothing new in text (an attachment only).
        return "", text.strip()
    if not visible:
        return text.strip() or text, ""
    return visible, removed


def _own_header(view: list[str]) -> int:
    """First "On … wrote:" style line (possibly wrapped over two lines) or Outlook block."""
    for index, line in enumerate(view[:2000]):
        if not line:
            continue
        candidates = [line]
        if index + 1 < len(view) and view[index + 1]:
            candidates.append(line + " " + view[index + 1])
        for candidate in candidates:
            if (
                candidate.endswith((":", "："))
                and len(candidate) <= MAX_LINE_CHARS
                and any(ch.isdigit() or ch == "@" for ch in candidate)
                and _WROTE.match(candidate)
            ):
                return index
        if _FROM_LABEL.match(line) and _outlook_block(view, index):
            return _include_separator(view, index)
    return len(view)


def _outlook_block(view: list[str], index: int) -> bool:
    following = [line for line in view[index + 1 : index + 6] if line][:3]
    labels = [line for line in following if _HEADER_LABEL.match(line)]
    block = " ".join([view[index], *following])
    return bool(labels) and any(ch.isdigit() or ch == "@" for ch in block)


def _include_separator(view: list[str], index: int) -> int:
    """Move a cut up over blank lines to an Outlook `____` or "Original Message" line."""
    above = index - 1
    while above >= 0 and not view[above]:
        above -= 1
    if above >= 0 and (_SEPARATOR_LINE.match(view[above]) or _ORIGINAL_MESSAGE.match(view[above])):
        return above
    return index


def _original_message(view: list[str]) -> int:
    for index, line in enumerate(view):
        if line and _ORIGINAL_MESSAGE.match(line):
            return index
    return len(view)


def _compact(view: list[str], end: int) -> tuple[str, list[int]]:
    """view[:end] for the library's patterns, and the view line of each of its lines.

    Runs of blank lines and of spaces are collapsed: the library's patterns start with
    `\\s*`, which is quadratic on long whitespace runs.
    """
    lines: list[str] = []
    origin: list[int] = []
    size = 0
    for index, line in enumerate(view[:end]):
        if not line and lines and not lines[-1]:
            continue
        lines.append(" ".join(line.split()))
        origin.append(index)
        size += len(lines[-1]) + 1
        if size > MAX_SCAN_CHARS:
            break
    return "\n".join(lines), origin


def _library_header(view: list[str]) -> int:
    scan, origin = _compact(view, len(view))
    for match in _LIBRARY_HEADER.finditer(scan):
        start = match.start() + len(match.group()) - len(match.group().lstrip("\n"))
        block = match.group().strip("\n")
        first = block.split("\n", 1)[0]
        plausible = (
            first.rstrip().endswith(":")
            or _ORIGINAL_MESSAGE.match(first)
            or any(_FROM_LABEL.match(line) for line in block.split("\n"))
        )
        if plausible:
            return origin[scan.count("\n", 0, start)]
    return len(view)


def _trailing_quote(view: list[str]) -> int:
    """Start of a final run of `>` lines (and the header line just above it)."""
    index = len(view)
    quoted = False
    while index > 0 and (not view[index - 1] or view[index - 1].startswith(">")):
        quoted = quoted or view[index - 1].startswith(">")
        index -= 1
    if not quoted:
        return len(view)
    while index < len(view) and not view[index]:
        index += 1
    above = index - 1
    while above >= 0 and not view[above]:
        above -= 1
    if above >= 0 and view[above].endswith((":", "：")) and len(view[above]) <= 200:
        header = view[above]
        if any(ch.isdigit() or ch == "@" for ch in header) or _WROTE.match(header):
            return above
    return index


def _signature(view: list[str], end: int) -> int:
    """Line where the sender's signature starts within view[:end], or `end`."""
    for index in range(1, end):
        if view[index] in ("--", "-- ") and any(view[:index]):
            return index
    last_lines = [index for index in range(end) if view[index]][-3:]
    for index in last_lines:
        if index > 0 and _SENT_FROM.match(view[index]):
            return index
    scan, origin = _compact(view, end)
    match = _LIBRARY_SIGNATURE.search(scan)
    if not match:
        return end
    start = match.start() + len(match.group()) - len(match.group().lstrip())
    index = origin[scan.count("\n", 0, start)]
    if index == 0 or not _signature_accepted(view[index:end], view[index]):
        return end
    return index


def _signature_accepted(block: list[str], first: str) -> bool:
    if _SEPARATOR_LINE.match(first) or first in ("--", "__"):
        return True
    non_blank = [line for line in block if line]
    if _SENT_FROM.match(first) or _library_sent_from(first):
        return len(non_blank) <= 3
    closing = _CLOSING.match(first)
    if not closing or len(non_blank) > 15:
        return False
    words = first[closing.end() :].strip(" ,.!-–—:;").split()
    return len(words) <= 3 and all(
        w[:1].isupper() and not any(c.isdigit() for c in w) for w in words
    )


def _library_sent_from(line: str) -> bool:
    return any(
        pattern and re.match(pattern, line, re.IGNORECASE)
        for language in _LIBRARY_LANGUAGES
        for pattern in [MAIL_LANGUAGES[language].get("sent_from", "")]
    )


def _bottom_post(lines: list[str], view: list[str]) -> tuple[str, str]:
    """A reply written below the quote: header and `>` lines first, then the answer."""
    index = 0
    while index < len(view) and (not view[index] or view[index].startswith(">")):
        index += 1
    if index < len(view) and _WROTE.match(view[index]):
        index += 1
    while index < len(view) and (not view[index] or view[index].startswith(">")):
        index += 1
    if index == 0 or index >= len(view):
        return "", ""
    rest = split_reply("\n".join(lines[index:])) if index < len(lines) else ("", "")
    return rest[0], "\n".join(lines[:index]).strip()

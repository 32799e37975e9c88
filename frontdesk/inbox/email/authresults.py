"""`Authentication-Results` (RFC 8601): who vouches for the sender of an incoming mail.

Pure functions, no database. `parse` reads one header value; `verdict` decides, from the
headers of one mail, whether the receiving server the mailbox trusts verified the
domain of the `From:` address:

- only headers whose authserv-id is one the mailbox trusts count; any other is ignored
  (a sender can write any header it likes, naming any server);
- of those, only the topmost run (the trusted header nearest the top, and trusted
  headers directly below it) counts, and for each method the topmost result wins: the
  receiving server adds its header above everything the sender wrote;
- `dmarc=pass`, or an SPF/DKIM pass for the From domain (aligned), verifies the sender;
  `dmarc=fail`, or an aligned SPF/DKIM failure without an aligned pass, fails it;
  anything else (no trusted header, `none`, `temperror`, an unaligned pass) leaves the
  sender unverified.

Microsoft 365 writes its results without an authserv-id (`spf=fail (…) smtp.mailfrom=…;
dkim=none …;dmarc=fail action=none header.from=…`); such a header has the id `unnamed`
here, which a mailbox can choose to trust. The trusted server must remove headers that
claim its own id from incoming mail (RFC 8601 §5), as Gmail, Microsoft 365 and Fastmail do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

UNNAMED = "unnamed"
MAX_HEADERS = 50
MAX_CHARS = 8_000

_TOKEN = re.compile(
    r"""\s*([A-Za-z0-9_.\-/]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;"]*)""",
)
_SEPARATORS = re.compile(r"[\s,]+")
_MODIFIERS = frozenset({"reason", "action", "policy", "x-bits"})


class Status(StrEnum):
    VERIFIED = "verified"
    FAILED = "failed"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class Result:
    """One `method=result` with its properties (`header.from`, `smtp.mailfrom`…)."""

    method: str
    result: str
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Header:
    authserv_id: str
    results: list[Result]


@dataclass(frozen=True)
class Verdict:
    status: Status
    method: str = ""  # what decided it: "dmarc", "dkim", "spf"
    detail: str = ""  # e.g. "dmarc=fail header.from=example.com"

    @property
    def verified(self) -> bool:
        return self.status == Status.VERIFIED

    @property
    def failed(self) -> bool:
        return self.status == Status.FAILED


def _strip_comments(value: str) -> str:
    """The value without RFC 5322 comments (nested parentheses), quoted strings kept."""
    out: list[str] = []
    depth = 0
    quoted = False
    escaped = False
    for char in value:
        if escaped:
            escaped = False
            if depth == 0:
                out.append(char)
            continue
        if char == "\\":
            escaped = True
            if depth == 0:
                out.append(char)
            continue
        if quoted:
            quoted = char != '"'
            out.append(char)
        elif char == '"' and depth == 0:
            quoted = True
            out.append(char)
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append(" ")
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _split(value: str) -> list[str]:
    """Split on `;` outside quoted strings."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def parse(value: str) -> Header:
    """One header value; never raises (a malformed part is skipped)."""
    segments = _split(_strip_comments(value[:MAX_CHARS]))
    first = segments[0] if segments else ""
    if "=" in first:  # no authserv-id: Microsoft 365
        authserv_id, statements = UNNAMED, segments
    else:
        words = first.split()
        authserv_id = words[0].lower() if words else ""
        statements = segments[1:]
    results: list[Result] = []
    for statement in statements:
        tokens = [(key.lower(), _unquote(raw)) for key, raw in _TOKEN.findall(statement)]
        if not tokens:
            continue  # "none", or garbage
        # Some servers (Microsoft) leave out the ';' between results: start a new one at
        # every key without a dot that is not a known modifier.
        current: Result | None = None
        for key, raw in tokens:
            if "." in key or key in _MODIFIERS:
                if current is not None:
                    current.properties.setdefault(key, raw.lower())
                continue
            method = key.split("/", 1)[0]
            current = Result(method=method, result=raw.lower())
            results.append(current)
    return Header(authserv_id=authserv_id, results=results)


def trusted_ids(setting: str) -> frozenset[str]:
    """The mailbox setting (ids separated by spaces or commas) as a set of lower-case ids."""
    return frozenset(item.lower() for item in _SEPARATORS.split(setting.strip()) if item)


def _domain(value: str) -> str:
    """The domain of `user@domain`, `@domain` or `domain`, lower-case."""
    return value.strip().strip("<>").rpartition("@")[2].strip().rstrip(".").lower()


def aligned(domain: str, from_domain: str) -> bool:
    """Relaxed alignment without a public-suffix list: equal, or one inside the other.

    `mail.example.com` aligns with `example.com`; two sibling subdomains do not (that only
    makes a sender unverified, never verified wrongly).
    """
    if not domain or not from_domain:
        return False
    return (
        domain == from_domain
        or domain.endswith("." + from_domain)
        or from_domain.endswith("." + domain)
    )


def _trusted_run(values: list[tuple[int, str]], trusted: frozenset[str]) -> list[Header]:
    """The topmost trusted header and the trusted headers directly below it."""
    run: list[Header] = []
    previous = -2
    for position, value in values[:MAX_HEADERS]:
        header = parse(value)
        if header.authserv_id not in trusted:
            if run:
                break
            continue
        if run and position != previous + 1:
            break
        run.append(header)
        previous = position
    return run


def _first_results(run: list[Header]) -> dict[str, list[Result]]:
    """method -> its results in the header nearest the top that reports that method."""
    found: dict[str, list[Result]] = {}
    for header in run:
        here: dict[str, list[Result]] = {}
        for result in header.results:
            here.setdefault(result.method, []).append(result)
        for method, results in here.items():
            found.setdefault(method, results)
    return found


def verdict(
    headers: list[tuple[int, str]], *, trusted: frozenset[str], from_address: str
) -> Verdict:
    """Was the From domain verified by the trusted server? `headers`: (position, value)
    of every Authentication-Results header, top to bottom."""
    from_domain = _domain(from_address)
    if not trusted or not from_domain:
        return Verdict(Status.UNVERIFIED)
    results = _first_results(_trusted_run(headers, trusted))
    for dmarc in results.get("dmarc", []):
        header_from = _domain(dmarc.properties.get("header.from", "")) or from_domain
        if header_from != from_domain:
            continue  # about another From than the one we read
        detail = f"dmarc={dmarc.result} header.from={header_from}"
        if dmarc.result == "pass":
            return Verdict(Status.VERIFIED, "dmarc", detail)
        if dmarc.result == "fail":
            return Verdict(Status.FAILED, "dmarc", detail)
    passed: Verdict | None = None
    failed: Verdict | None = None
    for method, keys in (("dkim", ("header.d", "header.i")), ("spf", ("smtp.mailfrom",))):
        for item in results.get(method, []):
            domain = next((_domain(item.properties[k]) for k in keys if k in item.properties), "")
            if method == "spf" and not domain:
                domain = _domain(item.properties.get("smtp.helo", ""))
            if not aligned(domain, from_domain):
                continue
            detail = f"{method}={item.result} {domain}"
            if item.result == "pass" and passed is None:
                passed = Verdict(Status.VERIFIED, method, detail)
            elif item.result == "fail" and failed is None:
                failed = Verdict(Status.FAILED, method, detail)
    return passed or failed or Verdict(Status.UNVERIFIED)

"""Bytes to text for mail: declared charsets, their real-world supersets, and fallbacks.

Mail declares charsets loosely: `ks_c_5601-1987` means Microsoft's cp949, `iso-8859-1`
usually means windows-1252, `shift_jis` means cp932, and some labels are bogus (`none`,
`unknown-8bit`). `decode_bytes` never raises: it tries the declared charset and its
supersets strictly, then UTF-8, then decodes with replacement characters.
"""

from __future__ import annotations

import codecs
import re

# Labels Python does not know, or knows as a narrower charset than mailers really use.
_LABEL_ALIASES = {
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "ks_c_5601-1989": "cp949",
    "x-sjis": "cp932",
    "sjis": "cp932",
    "x-euc-jp": "euc_jp",
    "iso-8859-8-i": "iso8859_8",
    "iso-8859-6-i": "iso8859_6",
    "x-mac-roman": "mac_roman",
    "x-mac-cyrillic": "mac_cyrillic",
    "x-mac-ce": "mac_latin2",
    "x-gbk": "gbk",
    "cp-850": "cp850",
    "utf8mb4": "utf-8",
    "unicode": "utf-8",
}

# Codec name (as `codecs.lookup` spells it) -> codecs to try, the widest last.
_SUPERSETS = {
    "ascii": ("ascii", "utf-8", "cp1252"),
    "iso8859-1": ("cp1252", "iso8859-1"),
    "iso8859-9": ("cp1254", "iso8859-9"),
    "tis-620": ("cp874", "tis-620"),
    "euc_kr": ("cp949",),
    "shift_jis": ("cp932", "shift_jis_2004"),
    "iso2022_jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_2004"),
    "euc_jp": ("euc_jp", "euc_jis_2004"),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "big5": ("cp950", "big5hkscs"),
}

_CLEAN_LABEL = re.compile(r"[^a-z0-9_.:+-]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:+-]{1,40})""", re.I
)


def _codec_chain(charset: str | None) -> tuple[str, ...]:
    """Codecs to try for a declared charset; empty when the label is unknown or missing."""
    if not charset:
        return ()
    label = _CLEAN_LABEL.sub("", charset.strip().strip("'\"").lower())
    label = _LABEL_ALIASES.get(label, label)
    if not label:
        return ()
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return ()
    if not _is_text_codec(name):
        return ()
    return _SUPERSETS.get(name, (name,))


def _is_text_codec(name: str) -> bool:
    """Refuse bytes-to-bytes codecs (base64, zlib, rot13…) that a hostile label could name."""
    try:
        return codecs.lookup(name)._is_text_encoding  # type: ignore[attr-defined,no-any-return]
    except (LookupError, AttributeError):
        return False


def known_charset(charset: str | None) -> bool:
    """Whether `charset` names a text codec we can decode."""
    return bool(_codec_chain(charset))


def decode_bytes(data: bytes, charset: str | None = None, fallback: str | None = None) -> str:
    """Decode `data` to text; never raises.

    Order: the declared charset and its supersets (strict), UTF-8 (strict), then the
    declared charset — or `fallback`, or windows-1252 — with replacement characters.
    """
    if not data:
        return ""
    chain = _codec_chain(charset)
    tried: set[str] = set()
    for name in (*chain, "utf-8"):
        if name in tried:
            continue
        tried.add(name)
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    last = chain[0] if chain else (_codec_chain(fallback) or ("cp1252",))[0]
    if last in ("ascii", "utf-8"):
        last = "utf-8"
    return data.decode(last, errors="replace")


def html_meta_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in a <meta> tag, if any (first 4 KiB)."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def unescape_raw(value: str, charset: str | None = None) -> str:
    """Header text that still holds raw 8-bit bytes (as surrogate escapes) -> real text.

    RFC 6532 allows UTF-8 in headers; older mailers put their body charset there.
    """
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    try:
        data = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(data, charset)

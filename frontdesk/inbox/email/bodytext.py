"""Plain text from mail bodies: HTML to text (quotes marked with `> `), format=flowed.

The HTML converter uses the stdlib's tolerant `html.parser`; it keeps the reader's
view of the mail: paragraphs and line breaks, list items, and quoted blocks
(`<blockquote>`, Gmail's `gmail_quote`, Yahoo's `yahoo_quoted`) prefixed with `> ` so
that the reply splitter in `quotes.py` treats HTML and plain text alike.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_HTML_CHARS = 2_000_000

_BLOCK_TAGS = {
    "address", "article", "aside", "div", "dl", "dt", "dd", "fieldset", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "tr", "ul", "blockquote", "center", "title",
}  # fmt: skip
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre"}
_SKIP_TAGS = {"script", "style", "head", "template", "noscript", "svg", "object", "xml"}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr"}
_QUOTE_CLASSES = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.current_depth = 0
        self.stack: list[tuple[str, bool]] = []  # (tag, opens a quote)
        self.quote_depth = 0
        self.skip_depth = 0
        self.pre_depth = 0

    def newline(self, *, force: bool = False) -> None:
        text = "".join(self.current).strip(" ")
        if text or force:
            self.lines.append(("> " * self.current_depth + text).rstrip())
        self.current = []
        self.current_depth = self.quote_depth

    def blank_line(self) -> None:
        self.newline()
        if self.lines and self.lines[-1].strip("> "):
            self.lines.append(("> " * self.quote_depth).rstrip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
            return
        if tag == "br":
            self.newline(force=True)
            return
        if tag in _VOID_TAGS:
            if tag == "hr":
                self.newline()
            return
        attributes = {name: value or "" for name, value in attrs}
        css_class = attributes.get("class", "")
        quote = tag == "blockquote" or any(name in css_class for name in _QUOTE_CLASSES)
        if tag in _PARAGRAPH_TAGS or tag == "blockquote":
            self.blank_line()
        elif tag in _BLOCK_TAGS:
            self.newline()
        if tag in ("div", "blockquote", "pre") or quote:
            self.stack.append((tag, quote))
            self.quote_depth += quote
            self.current_depth = self.quote_depth
        if tag == "pre":
            self.pre_depth += 1
        if tag == "li":
            self.current.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _PARAGRAPH_TAGS or tag == "blockquote":
            self.blank_line()
        elif tag in _BLOCK_TAGS:
            self.newline()
        elif tag in ("td", "th"):
            self.current.append(" ")
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        for index in range(len(self.stack) - 1, max(-1, len(self.stack) - 50), -1):
            if self.stack[index][0] == tag:
                self.quote_depth -= sum(quote for _tag, quote in self.stack[index:])
                del self.stack[index:]
                break
        if not self.current:
            self.current_depth = self.quote_depth

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if not self.current:
            self.current_depth = self.quote_depth
        if self.pre_depth:
            first, *rest = data.split("\n")
            self.current.append(first)
            for line in rest:
                self.newline(force=True)
                self.current.append(line)
            return
        text = _SPACES.sub(" ", data)
        if not self.current or self.current[-1].endswith(" ") or not self.current[-1]:
            text = text.lstrip(" ")
        if text:
            self.current.append(text)


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML mail body; quoted blocks prefixed with `> `."""
    writer = _TextWriter()
    try:
        writer.feed(html[:MAX_HTML_CHARS])
        writer.close()
    except Exception:  # html.parser is tolerant, but never let markup break a mail.
        return _SPACES.sub(" ", re.sub(r"<[^>]*>", " ", html[:MAX_HTML_CHARS])).strip()
    writer.newline()
    while writer.lines and not writer.lines[-1].strip("> "):
        writer.lines.pop()
    text = "\n".join(writer.lines)
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def unflow(text: str, *, delsp: bool = False) -> str:
    """Join the soft line breaks of a `format=flowed` body (RFC 3676)."""
    out: list[str] = []
    paragraph = ""
    paragraph_quotes = -1
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):  # space-stuffing
            content = content[1:]
        if paragraph_quotes not in (-1, depth):
            out.append(">" * paragraph_quotes + (" " if paragraph_quotes else "") + paragraph)
            paragraph, paragraph_quotes = "", -1
        flowed = content.endswith(" ") and content != "-- "
        if flowed:
            paragraph += content[:-1] if delsp else content
            paragraph_quotes = depth
            continue
        paragraph += content
        out.append(">" * depth + (" " if depth and paragraph else "") + paragraph)
        paragraph, paragraph_quotes = "", -1
    if paragraph_quotes != -1:
        out.append(">" * paragraph_quotes + (" " if paragraph_quotes else "") + paragraph)
    return "\n".join(out)

"""Read a raw message without trusting it (issue: hostile mail). Pure Python, no app needed.

Whatever arrives, parsing returns something staff can read and never raises: malformed MIME is
read as far as it goes and flagged, headers in any charset are decoded or replaced, an HTML-only
body becomes plain text (it is never rendered), and nesting and attachment counts are bounded so a
crafted message cannot exhaust the worker. What is not unpacked stays in the stored raw message."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

MAX_DEPTH = 8  # multipart nesting we walk; deeper parts stay in the raw message
MAX_TEXT_CHARS = 100_000  # body text kept for reading and triage
MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")


@dataclass
class Attachment:
    filename: str | None
    data: bytes


@dataclass
class ParsedMail:
    from_address: str = ""
    from_name: str = ""
    reply_to: str = ""
    subject: str = ""
    message_id: str = ""
    references: list[str] = field(default_factory=list)  # In-Reply-To first, then References
    text: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    problems: set[str] = field(default_factory=set)


def parse(raw: bytes, max_attachments: int) -> ParsedMail:
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(raw)
    except Exception:  # the parser is lenient; anything it still cannot take is kept raw
        return ParsedMail(problems={"malformed"})
    mail = ParsedMail()
    _read_headers(message, mail)
    if message.defects:
        mail.problems.add("malformed")
    texts: list[str] = []
    htmls: list[str] = []
    _walk(message, 0, mail, texts, htmls, max_attachments)
    body = "\n\n".join(t for t in texts if t.strip()) or "\n\n".join(html_to_text(h) for h in htmls)
    if not texts and htmls:
        mail.problems.add("html_only")
    mail.text = body[:MAX_TEXT_CHARS]
    if len(body) > MAX_TEXT_CHARS:
        mail.problems.add("text_truncated")
    return mail


def parse_headers(raw_header: bytes) -> ParsedMail:
    """Only the header block: for a message too large to take in whole."""
    return parse(raw_header + b"\r\n", max_attachments=0)


def decode_text(value) -> str:
    """A header value in any charset (RFC 2047), as one line; undecodable bytes are replaced."""
    if value is None:
        return ""
    try:
        text = str(make_header(decode_header(str(value))))
    except (LookupError, UnicodeError, ValueError, TypeError):
        text = str(value).encode("ascii", "replace").decode("ascii")
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _read_headers(message: Message, mail: ParsedMail) -> None:
    name, address = parseaddr(decode_text(message.get("From")))
    mail.from_name = name[:200]
    mail.from_address = address.strip()[:254] if "@" in address else ""
    reply_to = [addr for _name, addr in getaddresses([decode_text(message.get("Reply-To"))]) if "@" in addr]
    mail.reply_to = reply_to[0][:254] if reply_to else ""
    mail.subject = decode_text(message.get("Subject"))[:500]
    mail.message_id = next(iter(_ids(message.get("Message-ID"))), "")
    mail.references = _ids(message.get("In-Reply-To")) + _ids(message.get("References"))


def _ids(value) -> list[str]:
    return MESSAGE_ID.findall(str(value or ""))[:50]


def _walk(part: Message, depth: int, mail: ParsedMail, texts: list, htmls: list, max_attachments: int):
    if depth > MAX_DEPTH:
        mail.problems.add("nested_too_deep")
        return
    if part.is_multipart():
        payload = part.get_payload()
        for child in payload if isinstance(payload, list) else []:
            _walk(child, depth + 1, mail, texts, htmls, max_attachments)
        return
    content_type = part.get_content_type()
    is_attachment = part.get_filename() is not None or part.get_content_disposition() == "attachment"
    if not is_attachment and content_type == "text/plain":
        texts.append(_decoded_payload(part, mail))
    elif not is_attachment and content_type == "text/html":
        htmls.append(_decoded_payload(part, mail))
    else:
        _keep_attachment(part, mail, max_attachments)


def _keep_attachment(part: Message, mail: ParsedMail, max_attachments: int) -> None:
    data = part.get_payload(decode=True)
    if not data:
        return
    if len(mail.attachments) >= max_attachments:
        mail.problems.add("too_many_attachments")
        return
    mail.attachments.append(Attachment(decode_text(part.get_filename()) or None, data))


def _decoded_payload(part: Message, mail: ParsedMail) -> str:
    data = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        mail.problems.add("unknown_charset")
        return data.decode("utf-8", "replace")


class _TextOnly(HTMLParser):
    """Keeps the words of an HTML body; scripts, styles and markup are dropped, never run."""

    SKIP = {"script", "style", "head", "title"}
    BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    reader = _TextOnly()
    with contextlib.suppress(Exception):  # a broken document still gives the words read so far
        reader.feed(html)
        reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).splitlines())
    return "\n".join(line for line in lines if line)

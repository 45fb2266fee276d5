"""The IMAP side: connect as configured (``DSAR_MAILBOX_*``), list what is new, fetch it, and mark
it done on the server. imap-tools gives the connection, login, folders, flags and moves; the two
things it does not fetch (INTERNALDATE and the size before the body) are asked with plain UID FETCH.

Reading never marks a message \\Seen by itself (BODY.PEEK): it is flagged only after the portal
committed it, so a crash in between loses nothing."""

from __future__ import annotations

import re
import ssl
from dataclasses import dataclass
from datetime import datetime

from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted

DONE_FLAG = "$DsarStored"  # our own keyword: the portal has this message (RFC 3501 §2.3.2)
_FETCHED = re.compile(rb"UID (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


class MailboxError(RuntimeError):
    """The server could not be reached or refused a command."""


@dataclass
class Envelope:
    uid: int
    received_at: datetime  # INTERNALDATE: when the server received it
    size: int


def connect(config) -> BaseMailBox:
    host, port = config["MAILBOX_HOST"], int(config["MAILBOX_PORT"])
    timeout = float(config["MAILBOX_TIMEOUT"])
    security = config["MAILBOX_SECURITY"]
    context = ssl.create_default_context(cafile=config.get("MAILBOX_CA_FILE") or None)
    if security == "tls":
        box = MailBox(host, port, timeout=timeout, ssl_context=context)
    elif security == "starttls":
        box = MailBoxStartTls(host, port, timeout=timeout, ssl_context=context)
    else:  # "none": only a loopback server (config.py refuses anything else)
        box = MailBoxUnencrypted(host, port, timeout=timeout)
    box.login(config["MAILBOX_USERNAME"], config["MAILBOX_PASSWORD"], initial_folder=config["MAILBOX_FOLDER"])
    return box


def uidvalidity(box: BaseMailBox, folder: str) -> int:
    return int(box.folder.status(folder, ["UIDVALIDITY"])["UIDVALIDITY"])


def envelopes_after(box: BaseMailBox, last_uid: int) -> list[Envelope]:
    """The messages with a UID above ``last_uid``, in UID order. ``n:*`` always names the last
    message even when n is above it (RFC 3501 §6.4.8), so that one is filtered out."""
    status, data = box.client.uid("FETCH", f"{last_uid + 1}:*", "(UID INTERNALDATE RFC822.SIZE)")
    if status != "OK":
        raise MailboxError(f"UID FETCH failed: {data!r}")
    found = []
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if not isinstance(line, bytes):
            continue
        uid, date, size = _FETCHED.search(line), _INTERNALDATE.search(line), _SIZE.search(line)
        if uid and date and size and int(uid.group(1)) > last_uid:
            found.append(Envelope(int(uid.group(1)), parse_internaldate(date.group(1)), int(size.group(1))))
    return sorted(found, key=lambda env: env.uid)


def parse_internaldate(value: bytes) -> datetime:
    """``"17-Jul-1996 02:44:25 -0700"`` (the day may be space-padded), offset included."""
    return datetime.strptime(value.decode("ascii").strip(), "%d-%b-%Y %H:%M:%S %z")


def fetch_raw(box: BaseMailBox, uid: int, headers_only: bool = False) -> bytes:
    section = "BODY.PEEK[HEADER]" if headers_only else "BODY.PEEK[]"
    status, data = box.client.uid("FETCH", str(uid), f"({section})")
    if status != "OK":
        raise MailboxError(f"UID FETCH {uid} failed: {data!r}")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    raise MailboxError(f"message {uid} has gone from the server")


def mark_done(box: BaseMailBox, uid: int, move_to: str | None) -> None:
    """Flag (and, when configured, move) a message the portal has committed."""
    box.flag(str(uid), [DONE_FLAG, "\\Seen"], True)
    if move_to:
        box.move(str(uid), move_to)

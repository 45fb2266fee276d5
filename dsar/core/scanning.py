"""Malware scanning of uploads through clamd (security.md U-12).

Every upload is scanned before it is accepted. clamd's INSTREAM command takes the bytes over a
socket, so nothing is written to disk for the scan. Configuration (``DSAR_CLAMD_ADDRESS``):

- ``unix:/run/clamav/clamd.ctl`` or ``127.0.0.1:3310``: scan with that clamd;
- empty (development default): nothing is scanned and files are marked ``unscanned``;
- ``none``: an operator's explicit choice to run production without a scanner.

A scanner that cannot be reached is not "clean": callers hold the file and never serve it until a
later scan passes.
"""

from __future__ import annotations

import logging
import socket
import struct
from dataclasses import dataclass
from enum import StrEnum

from flask import current_app

log = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024


class Verdict(StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"
    UNAVAILABLE = "unavailable"  # configured but unreachable or erroring: hold the file
    UNSCANNED = "unscanned"  # no scanner configured


@dataclass(frozen=True)
class ScanResult:
    verdict: Verdict
    signature: str | None = None


def scan(data: bytes) -> ScanResult:
    """The verdict for these bytes under the configured scanner."""
    address = (current_app.config.get("CLAMD_ADDRESS") or "").strip()
    if address in ("", "none"):
        return ScanResult(Verdict.UNSCANNED)
    try:
        reply = _instream(address, data, float(current_app.config["CLAMD_TIMEOUT"]))
    except OSError as exc:
        log.error("malware scanner unreachable at %s: %s", address, exc)
        return ScanResult(Verdict.UNAVAILABLE)
    return parse_reply(reply)


def parse_reply(reply: str) -> ScanResult:
    """clamd answers ``stream: OK``, ``stream: <signature> FOUND`` or ``... ERROR``."""
    body = reply.strip("\0\n ").partition(": ")[2]
    if body == "OK":
        return ScanResult(Verdict.CLEAN)
    if body.endswith(" FOUND"):
        return ScanResult(Verdict.INFECTED, body.removesuffix(" FOUND"))
    log.error("malware scanner error: %s", reply[:200])
    return ScanResult(Verdict.UNAVAILABLE)


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("unix:"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: object = address.removeprefix("unix:")
    else:
        host, _, port = address.rpartition(":")
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        target = (host.strip("[]"), int(port))
    sock.settimeout(timeout)
    try:
        sock.connect(target)
    except OSError:
        sock.close()
        raise
    return sock


def _instream(address: str, data: bytes, timeout: float) -> str:
    """clamd's INSTREAM: length-prefixed chunks, a zero-length chunk, then one NUL-ended reply."""
    with _connect(address, timeout) as sock:
        sock.sendall(b"zINSTREAM\0")
        for start in range(0, len(data), CHUNK_BYTES):
            chunk = data[start : start + CHUNK_BYTES]
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            received = sock.recv(4096)
            if not received:
                break
            reply += received
    return reply.decode("utf-8", "replace")

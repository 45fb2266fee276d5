"""Sending a file so that what is recorded matches what was delivered.

A WSGI server iterates a response after the view has returned and its request context is gone, so
everything the bytes need is resolved in the view: the file is opened there (a missing file is an
error page, not a broken stream) and its size becomes the Content-Length. The outcome is reported
once the server is done with the response: *complete* only when it asked for more after the last
chunk, that is when every byte was handed over; a client that went away leaves it incomplete. The
report runs in a request context rebuilt from the same request, so it can write the timeline and the
audit trail with who and from where, as the view itself would have.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import quote

from flask import Flask, Response, current_app, request

CHUNK_BYTES = 256 * 1024

# Called with (complete, bytes_sent) inside an app context, after the response was closed.
OnFinished = Callable[[bool, int], None]


def attachment_headers(name: str, content_type: str) -> dict[str, str]:
    """RFC 6266 download headers for a stored file: an attachment under its cleaned name, never
    rendered or sniffed by the browser (security.md U-11)."""
    return {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "Content-Type": content_type,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "no-store",
    }


class TrackedBody:
    """The response body: the file's bytes in chunks, then one report of how it went."""

    def __init__(self, handle, size: int, on_finished: OnFinished, app: Flask, environ: dict):
        self._handle = handle
        self.size = size
        self._on_finished = on_finished
        self._app = app
        self._environ = environ
        self._sent = 0
        self._exhausted = False
        self._closed = False

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self._handle.read(CHUNK_BYTES):
            self._sent += len(chunk)
            yield chunk
        self._exhausted = True  # the server came back for more after the last chunk: all handed over

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._handle.close()
        with self._app.request_context(self._environ):
            self._on_finished(self._exhausted and self._sent == self.size, self._sent)


class Sized(Protocol):
    """A reader from the file store (dsar/core/storage): the plaintext, decrypted as it is read."""

    size: int

    def read(self, size: int = -1) -> bytes: ...
    def close(self) -> None: ...


def send_tracked(source: Path | bytes | Sized, headers: dict[str, str], on_finished: OnFinished) -> Response:
    """The response for one file (a stored path, bytes already in memory, or a reader the file store
    opened in the view), reporting its outcome."""
    if isinstance(source, Path):
        handle: BinaryIO | Sized = source.open("rb")
        size = os.fstat(handle.fileno()).st_size
    elif isinstance(source, bytes):
        handle, size = io.BytesIO(source), len(source)
    else:
        handle, size = source, source.size
    headers = {**headers, "Content-Length": str(size)}
    if request.method == "HEAD":  # headers only: nothing was delivered, nothing to record
        handle.close()
        response = Response(headers=headers)
        response.headers["Content-Length"] = str(size)
        return response
    body = TrackedBody(handle, size, on_finished, current_app._get_current_object(), dict(request.environ))
    response = Response(body, headers=headers, direct_passthrough=True)
    response.headers["Content-Length"] = str(size)
    return response

"""One entry point per untrusted-image task, isolated in the sandbox unless configured otherwise.

``ID_SANDBOX`` is on by default (security.md U-06); the test suite turns it off for speed, except in
the tests that prove the isolation itself. The inspection's time limit (``ID_INSPECTION_TIMEOUT``)
is enforced only in the sandbox, where the child can be killed."""

from __future__ import annotations

import base64
from collections.abc import Callable

from flask import current_app

from dsar.identity import inspection, sandbox, sanitise
from dsar.identity.inspection import Inspection

SANITISE_TIMEOUT = 20  # seconds: decoding one image or PDF page takes well under one


class InspectionFailed(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _isolated() -> bool:
    return bool(current_app.config["ID_SANDBOX"])


def sanitise_upload(data: bytes) -> sanitise.CleanImage:
    """Validate and re-encode; raises ``sanitise.RejectedUpload`` with a code for the person."""
    sanitise.sniff(data)  # cheap checks first, without starting a process
    if not _isolated():
        return sanitise.sanitise(data)
    try:
        result = sandbox.run("sanitise", data, SANITISE_TIMEOUT)
    except sandbox.SandboxRefusal as exc:
        raise sanitise.RejectedUpload(exc.code) from exc
    except sandbox.SandboxError as exc:
        raise sanitise.RejectedUpload("unreadable") from exc
    return sanitise.CleanImage(
        base64.b64decode(result["image"]), result["width"], result["height"], result["source"]
    )


def inspect_clean(data: bytes, progress: Callable[[str], None] | None = None) -> Inspection:
    """Inspect a sanitised JPEG; raises ``InspectionFailed`` on timeout or crash."""
    if not _isolated():
        return inspection.inspect(sanitise.load_clean(data), progress)
    try:
        result = sandbox.run("inspect", data, current_app.config["ID_INSPECTION_TIMEOUT"], progress)
    except (sandbox.SandboxError, sandbox.SandboxRefusal) as exc:
        raise InspectionFailed(exc.code) from exc
    return Inspection.from_dict(result)

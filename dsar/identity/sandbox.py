"""Run the untrusted-image work in a child process with a memory cap and a wall-clock limit.

security.md U-06 and Pillow's handbook: decoders are C code fed by strangers, so decoding and
inspection happen in a separate process whose address space is capped (RLIMIT_AS) and which is
killed when it runs over time. A crash, a hang or memory exhaustion there becomes a refusal, never
a dead web worker. The child reads the bytes on stdin and answers with JSON lines on stdout:
progress lines (``{"stage": ...}``) and one final line (``{"ok": ...}``).

Run as ``python -m dsar.identity.sandbox sanitise|inspect``.

Inspections go to a long-lived server instead (fork_server.py): starting a fresh interpreter that
imports onnxruntime and OpenCV and loads the models cost most of each inspection's time. Its children
run the same ``work`` as the fresh process below, under the same limits, and answer with the same
lines. Sanitising keeps the fresh process: it imports no model, starts quickly, and its 1 GiB cap
would not fit in a fork of a server that has the models mapped.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMITS_MB = {"sanitise": 1024, "inspect": 3072}  # onnxruntime reserves address space


class SandboxError(Exception):
    """The child failed: ``code`` is "timeout" or "crashed"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class SandboxRefusal(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def run(task: str, data: bytes, timeout: float, progress: Callable[[str], None] | None = None) -> dict:
    """Run ``task`` on ``data`` in a child process; returns its result dict.

    Raises ``SandboxRefusal`` (the file was refused, with its code) or ``SandboxError`` ("timeout",
    "crashed")."""
    if task == "inspect":
        # Cycle: the server runs this module's children (limits, protocol, ``work``).
        from dsar.identity import fork_server

        return fork_server.run(task, data, timeout, progress)
    return run_fresh(task, data, timeout, progress)


def answer_of(message: dict, progress: Callable[[str], None] | None) -> dict | None:
    """One line from a child: reports progress (None), returns the result or raises the refusal."""
    if "stage" in message:
        if progress:
            progress(message["stage"])
        return None
    if not message["ok"]:
        raise SandboxRefusal(message["code"])
    return message["result"]


def run_fresh(task: str, data: bytes, timeout: float, progress: Callable[[str], None] | None = None) -> dict:
    """The task in a fresh interpreter that imports and loads everything itself."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")])}
    env["OMP_NUM_THREADS"] = env.get("OMP_NUM_THREADS", "2")
    child = subprocess.Popen(  # noqa: S603 - fixed argv: this interpreter and our own module
        [sys.executable, "-m", "dsar.identity.sandbox", task],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=str(PROJECT_ROOT),
        env=env,
    )
    lines: queue.Queue = queue.Queue()
    errors: list[bytes] = []

    def feed():
        try:
            child.stdin.write(data)
            child.stdin.close()
        except OSError:
            pass  # the child died early; its exit status tells why

    def read_stdout():
        for raw in child.stdout:
            lines.put(raw)
        lines.put(None)

    def read_stderr():
        errors.append(child.stderr.read()[-4000:])

    for target in (feed, read_stdout, read_stderr):
        threading.Thread(target=target, daemon=True).start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SandboxError("timeout")
            try:
                raw = lines.get(timeout=remaining)
            except queue.Empty as exc:
                raise SandboxError("timeout") from exc
            if raw is None:
                break
            result = answer_of(json.loads(raw), progress)
            if result is not None:
                return result
        child.wait(timeout=5)
        log.error("sandbox %s ended without an answer (status %s): %s", task, child.returncode, errors[-1:])
        raise SandboxError("crashed")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


# --- the child side ------------------------------------------------------------------------------


def limit_memory(task: str) -> None:
    import resource

    limit = MEMORY_LIMITS_MB[task] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def work(task: str, data: bytes, answer: Callable[[dict], None]) -> None:
    """The child's whole job, once its limits are set: answer progress lines, then one final line."""
    # Not a cycle: the parsers load only after the memory limit is set, so they count against it.
    from dsar.identity import sanitise

    try:
        if task == "sanitise":
            clean = sanitise.sanitise(data)
            result = {
                "image": base64.b64encode(clean.data).decode(),
                "width": clean.width,
                "height": clean.height,
                "source": clean.source,
            }
        else:
            # Not a cycle: the models load under the memory limit too (or were loaded by the server).
            from dsar.identity import inspection

            image = sanitise.load_clean(data)
            result = inspection.inspect(image, lambda stage: answer({"stage": stage})).to_dict()
    except sanitise.RejectedUpload as exc:
        answer({"ok": False, "code": exc.code})
        return
    except MemoryError:
        answer({"ok": False, "code": "too_many_pixels"})
        return
    import resource

    result["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    answer({"ok": True, "result": result})


def _answer(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _child(task: str) -> int:
    limit_memory(task)
    work(task, sys.stdin.buffer.read(), _answer)
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1]))

"""The inspection sandbox as a long-lived server that loaded the models once and forks per image.

A fresh interpreter per inspection spent most of each inspection importing onnxruntime and OpenCV
and loading the models. The server does that once; each inspection runs in a child forked from it,
which shares the loaded models copy-on-write and keeps security.md U-06's isolation: its own address
space capped with RLIMIT_AS, killed by the server at its deadline, reading only its own image from
its own connection, and gone when it has answered. A crash, hang or memory exhaustion ends that
child; the server, the caller and the next inspection carry on.

The server is a fresh interpreter (``python -m dsar.identity.fork_server SOCKET``), never a fork of
its caller: gunicorn and rq workers have threads, locks and database connections that a fork must
not copy into a child that decodes a stranger's file. It listens on a Unix socket in a directory
only this user can enter, runs no thread of its own, and exits when its owner does (its stdin is a
pipe from the owner, which then reads end-of-file).

One server per process that asks for one, started on the first inspection and started again when it
has died. rq forks a work horse per job: ``flask dsar worker`` starts the server itself before its
first inspection job and checks it before every later one (cli.py), so the horses use their
parent's server instead of each loading the models for one job.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from dsar.identity import sandbox

log = logging.getLogger(__name__)

START_TIMEOUT = 60  # seconds for a new server to import and load everything
KILL_GRACE = 1.0  # the server kills a child this long after the caller's deadline: the caller
# has given up by then and reports "timeout", never a "crash" caused by the kill itself
HEADER_LIMIT = 4096
TICK = 0.2  # how often the server looks at its children's deadlines


# --- the caller's side -----------------------------------------------------------------------------


@dataclass
class _Server:
    path: str
    process: subprocess.Popen | None = field(default=None, repr=False)
    owner: int = field(default_factory=os.getpid)


_lock = threading.Lock()
_server: _Server | None = None


def _start() -> _Server:
    directory = tempfile.mkdtemp(prefix="dsar-sandbox-")  # mode 0700: nobody else can connect
    path = os.path.join(directory, "socket")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(sandbox.PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = "1"  # no library thread pools in a process that forks
    process = subprocess.Popen(  # noqa: S603 - fixed argv: this interpreter and our own module
        [sys.executable, "-m", "dsar.identity.fork_server", path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=str(sandbox.PROJECT_ROOT),
        env=env,
    )
    ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
    if not ready or process.stdout.readline().strip() != b"ready":
        process.kill()
        process.wait()
        shutil.rmtree(directory, ignore_errors=True)
        log.error("the inspection sandbox server did not start")
        raise sandbox.SandboxError("crashed")
    return _Server(path, process)


def _alive(server: _Server) -> bool:
    if server.owner == os.getpid():
        return server.process.poll() is None
    # Inherited from the process that forked us (an rq work horse): that parent checks it.
    return os.path.exists(server.path)


def _stop(server: _Server) -> None:
    if server.owner == os.getpid() and server.process is not None:
        if server.process.poll() is None:
            server.process.kill()
        server.process.wait()
    shutil.rmtree(os.path.dirname(server.path), ignore_errors=True)


def ensure_running() -> None:
    """Start this process's server, or start it again if it died (rq's worker calls this before
    every inspection job, so its work horses find a live server)."""
    global _server
    with _lock:
        if _server is not None and _alive(_server):
            return
        if _server is not None:
            log.warning("the inspection sandbox server had stopped: starting a new one")
            if _server.owner == os.getpid():
                _stop(_server)
        _server = _start()


def shutdown() -> None:
    global _server
    with _lock:
        if _server is not None and _server.owner == os.getpid():
            _stop(_server)
        _server = None


atexit.register(shutdown)


def _connect() -> socket.socket:
    global _server
    ensure_running()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(_server.path)
    except OSError:
        conn.close()
        with _lock:  # it died between the check and the call: a new one of our own
            if _server.owner == os.getpid():
                _stop(_server)
            _server = _start()
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(_server.path)
        except OSError as exc:
            conn.close()
            raise sandbox.SandboxError("crashed") from exc
    return conn


def run(task: str, data: bytes, timeout: float, progress: Callable[[str], None] | None = None) -> dict:
    """``sandbox.run`` for a task the server knows: the same answers and the same errors."""
    deadline = time.monotonic() + timeout
    conn = _connect()
    with conn:
        header = json.dumps({"task": task, "size": len(data), "timeout": timeout}).encode() + b"\n"
        reader = conn.makefile("rb")
        try:
            conn.settimeout(max(0.01, deadline - time.monotonic()))
            conn.sendall(header + data)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise sandbox.SandboxError("timeout")
                conn.settimeout(remaining)
                raw = reader.readline()
                if not raw:
                    log.error("sandbox %s ended without an answer", task)
                    raise sandbox.SandboxError("crashed")
                result = sandbox.answer_of(json.loads(raw), progress)
                if result is not None:
                    return result
        except TimeoutError as exc:
            raise sandbox.SandboxError("timeout") from exc
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise sandbox.SandboxError("crashed") from exc
        finally:
            reader.close()


# --- the server's side -----------------------------------------------------------------------------


def _read_header(conn: socket.socket) -> tuple[dict, bytes]:
    """The request line (the caller writes it at once); what came after it is the image's start."""
    conn.settimeout(5)
    buffer = b""
    while b"\n" not in buffer:
        chunk = conn.recv(HEADER_LIMIT)
        if not chunk or len(buffer) > HEADER_LIMIT:
            raise ValueError("no request line")
        buffer += chunk
    line, _, rest = buffer.partition(b"\n")
    request = json.loads(line)
    if request.get("task") not in sandbox.MEMORY_LIMITS_MB:
        raise ValueError("unknown task")
    return request, rest


def _die_with_server() -> None:
    """A child outlives a killed server only until the kernel tells it (Linux prctl)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child(listener: socket.socket, conn: socket.socket, request: dict, rest: bytes) -> None:
    """In the forked child: limits first, then the image, then the same work as a fresh process."""
    status = 1
    try:
        listener.close()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _die_with_server()
        sandbox.limit_memory(request["task"])
        conn.settimeout(None)
        chunks, size = [rest], len(rest)
        while size < request["size"]:
            chunk = conn.recv(min(1 << 20, request["size"] - size))
            if not chunk:
                raise ConnectionError("short image")
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
        del chunks, rest

        def answer(message: dict) -> None:
            conn.sendall((json.dumps(message) + "\n").encode())

        sandbox.work(request["task"], data, answer)
        status = 0
    except BaseException:  # nothing may leave a forked child but its exit
        log.exception("sandbox child failed")
    finally:
        os._exit(status)


def _reap(children: dict[int, float]) -> None:
    now = time.monotonic()
    for pid, deadline in list(children.items()):
        if now > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            del children[pid]


def _accept(listener: socket.socket, children: dict[int, float]) -> None:
    conn, _ = listener.accept()
    with conn:
        try:
            request, rest = _read_header(conn)
        except (OSError, ValueError):
            return  # not one of our callers, or one that went away: nothing to do
        pid = os.fork()
        if pid == 0:
            _child(listener, conn, request, rest)
        children[pid] = time.monotonic() + float(request["timeout"]) + KILL_GRACE


def _give_back_free_memory() -> None:
    """Loading the models leaves freed heap behind; every child would count it as its own."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)


def serve(path: str) -> int:
    # Waits for the server process: only it loads the engines and models, the callers never do.
    from dsar.identity import inspection

    inspection.warm_up()
    _give_back_free_memory()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    children: dict[int, float] = {}
    lifeline = sys.stdin.buffer
    try:
        while True:
            readable, _, _ = select.select([listener, lifeline], [], [], TICK)
            if lifeline in readable and not os.read(lifeline.fileno(), 1):
                return 0  # the owner has gone
            if listener in readable:
                _accept(listener, children)
            _reap(children)
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        listener.close()
        shutil.rmtree(os.path.dirname(path), ignore_errors=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    sys.exit(serve(sys.argv[1]))

"""Real services on loopback for the tests: an SMTP server (aiosmtpd) and redis-server processes."""

from __future__ import annotations

import asyncio
import email
import getpass
import os
import shutil
import socket
import subprocess
import time
from email.message import Message
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller


def worker_suffix() -> str:
    """ "_gw0", "_gw1" ... in a pytest-xdist worker, "" otherwise: what two workers running side by
    side must not share (a PostgreSQL database) carries it in its name."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"_{worker}" if worker else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Collector:
    def __init__(self):
        self.messages: list[Message] = []
        self.fail_next = 0  # answer "451 try again" to this many deliveries
        self.delay = 0.0  # seconds to wait before accepting each message (a slow server)

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_next:
            self.fail_next -= 1
            return "451 4.3.0 try again later"
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


class SmtpSink:
    def __init__(self):
        self.port = free_port()
        self.collector = _Collector()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[Message]:
        return self.collector.messages

    def start(self) -> None:
        if self.controller.loop.is_closed():  # stopped before: aiosmtpd closed its loop on stop
            self.controller.loop = asyncio.new_event_loop()
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def config(self) -> dict:
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port, "SMTP_TIMEOUT": 5}

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


class RedisServer:
    """A private redis-server on a free port, which a test may stop and start again."""

    def __init__(self, tmp_path):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed (Debian package redis-server)")
        self.binary = binary
        self.port = free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def message_ids(sink: SmtpSink) -> list[str]:
    return [str(message["Message-ID"]) for message in sink.messages]


CLAMD = "/usr/sbin/clamd"

# The EICAR test string: every scanner flags it, and it is harmless by design.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class ClamdServer:
    """Debian's real clamd on a private socket. Its signature database is one rule written here (the
    EICAR string), because the official databases are downloaded from the network."""

    def __init__(self, directory: Path):
        if not Path(CLAMD).exists():
            pytest.skip(f"{CLAMD} is not installed (Debian package clamav-daemon)")
        self.dir = directory
        self.socket = directory / "clamd.sock"
        self.process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"unix:{self.socket}"

    def start(self) -> None:
        (self.dir / "db").mkdir(exist_ok=True)
        (self.dir / "db" / "eicar.ndb").write_text(f"Eicar-Test-Signature:0:*:{EICAR.hex()}\n")
        config = self.dir / "clamd.conf"
        config.write_text(
            f"Foreground yes\nLocalSocket {self.socket}\nDatabaseDirectory {self.dir / 'db'}\n"
            f"LogFile {self.dir / 'clamd.log'}\nStreamMaxLength 12M\nUser {getpass.getuser()}\n"
        )
        self.process = subprocess.Popen([CLAMD, "-c", str(config)], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"clamd exited: {(self.dir / 'clamd.log').read_text()[-500:]}")
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.connect(str(self.socket))
                    probe.sendall(b"zPING\0")
                    if probe.recv(16).startswith(b"PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("clamd did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

"""The portal deployed as the README's production section says, as separate processes on loopback.

gunicorn (2 workers, 4 threads, TLS with a throwaway certificate, since production requires an https
base URL), ``flask dsar worker`` and ``flask dsar cron`` run the repository's own code with production
settings; a real redis-server, a real clamd and a real SMTP server (aiosmtpd) sit beside them. No test
code runs inside these processes: the tests see them only over HTTP, SMTP, Redis and the database."""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import create_engine, make_url, text

from tests.support.readme import production_process
from tests.support.services import ClamdServer, RedisServer, SmtpSink, free_port, worker_suffix

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOOPBACK = ipaddress.ip_address("127.0.0.1")


def throwaway_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, standing in for the reverse proxy's."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(LOOPBACK)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def fresh_database(base_url: str | None, directory: Path, suffix: str = "deployed") -> str:
    """SQLite in the given folder, or an empty PostgreSQL database of its own next to the suite's."""
    if not base_url:
        return f"sqlite:///{directory / 'portal.db'}"
    return sibling_database(base_url, f"{make_url(base_url).database}_{suffix}{worker_suffix()}")


def sibling_database(base_url: str, name: str) -> str:
    """An empty PostgreSQL database called ``name`` on ``base_url``'s server (dropped first if it
    was there)."""
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return engine.url.set(database=name).render_as_string(hide_password=False)


class Deployment:
    """Start, stop and restart the portal's processes; run its commands as an operator does."""

    def __init__(
        self, directory: Path, database_url: str, smtp: SmtpSink, redis: RedisServer, clamd: ClamdServer
    ):
        self.dir = directory
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.smtp, self.redis = smtp, redis
        self.cert, self.key = throwaway_certificate(directory)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DSAR_")},
            "DSAR_ENV": "production",
            "DSAR_SECRET_KEY": secrets.token_hex(32),
            "DSAR_AUDIT_KEY": secrets.token_hex(32),
            "DSAR_ID_ENCRYPTION_KEYS": "k1:" + base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "DSAR_DATABASE_URL": database_url,
            "DSAR_REDIS_URL": redis.url,
            "DSAR_BASE_URL": self.url,
            "DSAR_SMTP_HOST": "127.0.0.1",
            "DSAR_SMTP_PORT": str(smtp.port),
            "DSAR_SMTP_TIMEOUT": "5",
            "DSAR_CLAMD_ADDRESS": clamd.address,
            "DSAR_UPLOAD_DIR": str(directory / "uploads"),
            "DSAR_SOURCE_FILES_DIR": str(directory / "uploads" / "source-files"),
            # The periodic tick every 2 s instead of a minute, so retries show within a test's patience.
            "DSAR_SWEEP_INTERVAL": "2",
            # A delivery whose job Redis lost is queued again after 30 s instead of two minutes (an
            # operator's setting): the outage journey waits for it once. Its claim still keeps it
            # from going out twice, which that journey checks.
            "DSAR_DISPATCH_STALE_SECONDS": "30",
            # Every journey files from 127.0.0.1: room for all of them under the per-address limit.
            "DSAR_RATELIMIT_SUBMIT": "200 per hour",
            "PYTHONUNBUFFERED": "1",
        }
        self.processes: dict[str, subprocess.Popen] = {}

    # Operator commands, exactly as the README shows them.
    def flask(self, *args: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "app", *args],
            cwd=PROJECT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def commands(self) -> dict[str, list[str]]:
        """The README's own command lines, with our port, and TLS in place of the reverse proxy."""
        found = {}
        for name in ("web", "worker", "cron"):
            words = [w.replace(".venv/bin/", f"{BIN}/") for w in shlex.split(production_process(name))]
            found[name] = words
        web = found["web"]
        web[web.index("--bind") + 1] = f"127.0.0.1:{self.port}"
        web[-1:-1] = ["--certfile", str(self.cert), "--keyfile", str(self.key)]
        # One control socket per deployment, not the shared default in $HOME.
        web[-1:-1] = ["--control-socket", str(self.dir / "gunicorn.ctl")]
        return found

    def start(self, name: str) -> None:
        log = (self.dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            self.commands()[name], cwd=PROJECT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        if name == "web":
            self._wait_until_serving()

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def kill(self, name: str) -> None:
        self.stop(name, signal.SIGKILL)

    def alive(self, name: str) -> bool:
        process = self.processes.get(name)
        return process is not None and process.poll() is None

    def log(self, name: str) -> str:
        path = self.dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _wait_until_serving(self, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.processes["web"].poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log('web')[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                if self.http().get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except (OSError, requests.RequestException):
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer:\n{self.log('web')[-3000:]}")

    def http(self) -> requests.Session:
        """A client of its own (no cookies shared), trusting the throwaway certificate."""
        session = requests.Session()
        session.verify = str(self.cert)
        session.trust_env = False  # no proxy, and no CA bundle from the environment overriding ours
        return session

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

"""Debian's dovecot-imapd on a free loopback port, with a throwaway maildir, configuration and user
database in a temp dir. Messages are delivered the way a mail server files them: APPEND over IMAP,
with the arrival time as INTERNALDATE."""

from __future__ import annotations

import os
import pwd
import socket
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

from tests.support.services import free_port

DOVECOT = "/usr/sbin/dovecot"
PASSWORD = "mailbox-secret"
USERS = [f"privacy{number}" for number in range(1, 201)]  # one fresh mailbox per test
_users = iter(USERS)


class DovecotServer:
    def __init__(self, directory: Path, tls: bool = False):
        if not Path(DOVECOT).exists():
            pytest.skip(f"{DOVECOT} is not installed (Debian package dovecot-imapd)")
        self.dir = directory
        self.port = free_port()
        self.tls_port = free_port() if tls else 0
        self.users = directory / "users"
        self.certificate = directory / "cert.pem"

    def _tls_settings(self) -> str:
        """A throwaway certificate for 127.0.0.1: STARTTLS on the IMAP port, TLS on the IMAPS one."""
        if not self.tls_port:
            return "ssl = no\n"
        key = self.dir / "key.pem"
        command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        command += ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        command += ["-keyout", str(key), "-out", str(self.certificate)]
        subprocess.run(command, check=True, capture_output=True)
        return f"ssl = yes\nssl_cert = <{self.certificate}\nssl_key = <{key}\n"

    def _accounts(self) -> tuple[str, str, int, int]:
        """(login user, internal user, uid, gid) of the mail processes. As root, dovecot runs its
        parts as its own unprivileged users; otherwise everything runs as the current user."""
        if os.geteuid() == 0:
            mail = pwd.getpwnam("dovecot")
            return "dovenull", "dovecot", mail.pw_uid, mail.pw_gid
        me = pwd.getpwuid(os.geteuid())
        return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid

    def start(self) -> None:
        login_user, internal_user, uid, gid = self._accounts()
        self.uid, self.gid = uid, gid
        (self.dir / "mail").mkdir()
        os.chown(self.dir / "mail", uid, gid)
        # All users up front: dovecot re-reads the file by modification time, to the second.
        self.users.write_text(
            "".join(f"{name}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{self.dir}/mail/{name}\n" for name in USERS)
        )
        (self.dir / "dovecot.conf").write_text(
            f"""base_dir = {self.dir}/run
state_dir = {self.dir}/state
log_path = {self.dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
{self._tls_settings()}disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_login_user = {login_user}
default_internal_group = {pwd.getpwnam(internal_user).pw_name}
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.users}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.users}
}}
mail_location = maildir:{self.dir}/mail/%u
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
"""
        )
        subprocess.run([DOVECOT, "-c", str(self.dir / "dovecot.conf")], check=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe:
                    if probe.recv(64).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not start: {(self.dir / 'dovecot.log').read_text()[-500:]}")

    def stop(self) -> None:
        subprocess.run([DOVECOT, "-c", str(self.dir / "dovecot.conf"), "stop"], check=False)

    def new_mailbox(self) -> Mailbox:
        return Mailbox(self, next(_users))


class Mailbox:
    """One user's mailbox on the server: what the portal reads, and how tests deliver to it."""

    def __init__(self, server: DovecotServer, user: str):
        self.server, self.user = server, user

    def config(self, **overrides) -> dict:
        return {
            "MAILBOX_HOST": "127.0.0.1",
            "MAILBOX_PORT": self.server.port,
            "MAILBOX_SECURITY": "none",
            "MAILBOX_USERNAME": self.user,
            "MAILBOX_PASSWORD": PASSWORD,
            "MAILBOX_ADDRESS": "privacy@example.org",
            **overrides,
        }

    def open(self) -> MailBoxUnencrypted:
        return MailBoxUnencrypted("127.0.0.1", self.server.port).login(self.user, PASSWORD)

    def deliver(self, raw: bytes, at: datetime | None = None, folder: str = "INBOX") -> None:
        with self.open() as box:
            box.append(raw, folder, dt=at)

    def flags(self) -> dict[int, tuple[str, ...]]:
        with self.open() as box:
            return {int(msg.uid): msg.flags for msg in box.fetch(mark_seen=False, headers_only=True)}

    def create_folder(self, name: str) -> None:
        with self.open() as box:
            box.folder.create(name)

    def count(self, folder: str = "INBOX") -> int:
        with self.open() as box:
            return box.folder.status(folder)["MESSAGES"]

    def reset_uidvalidity(self) -> None:
        """What a server restore does: the folder gets a new UIDVALIDITY and its messages new UIDs."""
        maildir = self.server.dir / "mail" / self.user
        for name in ("dovecot-uidlist", "dovecot.index", "dovecot.index.cache", "dovecot.index.log"):
            (maildir / name).unlink(missing_ok=True)
        time.sleep(1.1)  # UIDVALIDITY is a timestamp in seconds: make sure it differs

"""The store's upkeep: ``flask dsar rotate-keys``, ``flask dsar storage migrate`` and the periodic
rescan of held files, one loop each for every kind of stored file.

Core knows no feature: each feature registers the function that re-encrypts its blobs under the
newest key (``register_rotation``) and, where it kept files in clear before the store, the one that
encrypts them in place (``register_migration``). Those functions pick their rows and hand them to
the loops here with a ``Blobs`` that says how to reach a row's blob. Each loop commits per blob, so
an interrupted run loses nothing and a re-run continues where it stopped (security.md S-04)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import click
from flask import Flask, current_app

from dsar.core import crypto
from dsar.core.db import db
from dsar.core.jobs import resolve
from dsar.core.storage import screening, store

ROTATIONS = "dsar_key_rotations"
MIGRATIONS = "dsar_plain_migrations"


@dataclass(frozen=True)
class Blobs:
    """How the loops reach the blob of one kind's row: its stored name and the owner its encryption
    is bound to; ``label`` names the kind in progress lines ("case files: re-encrypted 3 of 9")."""

    kind: store.Kind
    label: str
    name: Callable[[Any], str]
    owner: Callable[[Any], str]

    def read(self, row) -> bytes:
        return store.read(self.kind, self.name(row), self.owner(row), row.key_id)

    def reseal(self, row, key_id: str | None) -> str:
        return store.reseal(self.kind, self.name(row), self.owner(row), key_id)


def current_key() -> str:
    """The key id new blobs are sealed under; rows under any other need ``reseal_rows``."""
    return crypto.key_ring(current_app.config).current


def reseal_rows(blobs: Blobs, rows: Sequence, echo) -> int:
    """Re-encrypt each row's blob under the newest key and keep the new key id on the row."""
    for done, row in enumerate(rows, start=1):
        row.key_id = blobs.reseal(row, row.key_id)
        db.session.commit()
        echo(f"{blobs.label}: re-encrypted {done} of {len(rows)}")
    return len(rows)


def encrypt_plain_rows(blobs: Blobs, rows: Sequence, echo, gone: Callable[[Any], None]) -> int:
    """Encrypt in place the blobs of rows kept in clear; ``gone(row)`` marks a row whose file is no
    longer there (nothing is left to protect)."""
    for done, row in enumerate(rows, start=1):
        try:
            row.key_id = blobs.reseal(row, store.PLAIN)
        except store.Unreadable:
            gone(row)
        db.session.commit()
        echo(f"{blobs.label}: encrypted {done} of {len(rows)}")
    return len(rows)


def rescan_rows(
    blobs: Blobs,
    rows: Sequence,
    infected: Callable[[Any, str], None],
    released: Callable[[Any], None],
) -> int:
    """Scan held files again (security.md U-12): a clean one gets its new scan status and
    ``released(row)``, an infected one ``infected(row, signature)``; while the scanner is still
    down a row stays held. Returns how many were released."""
    count = 0
    for row in rows:
        try:
            status = screening.rescan_status(blobs.read(row))
        except screening.Infected as found:
            infected(row, found.signature)
        else:
            if status is None:
                continue
            row.scan_status = status
            released(row)
            count += 1
        db.session.commit()
    return count


def register_rotation(app: Flask, label: str, func_path: str) -> None:
    """``func_path`` names ``f(echo) -> int``: re-encrypt what an older key holds, return how many."""
    app.extensions.setdefault(ROTATIONS, []).append((label, func_path))


def register_migration(app: Flask, label: str, func_path: str) -> None:
    """``func_path`` names ``f(echo) -> int``: encrypt files still stored in clear, return how many."""
    app.extensions.setdefault(MIGRATIONS, []).append((label, func_path))


def _run(registry: str, echo) -> dict[str, int]:
    return {label: resolve(path)(echo) for label, path in current_app.extensions.get(registry, [])}


def rotate_all(echo=lambda _line: None) -> dict[str, int]:
    return _run(ROTATIONS, echo)


def migrate_all(echo=lambda _line: None) -> dict[str, int]:
    return _run(MIGRATIONS, echo)


@click.command("rotate-keys")
def rotate_keys_command():
    """Re-encrypt every stored file and secret with the first key of DSAR_ID_ENCRYPTION_KEYS.

    Put the new key first (``new:base64,old:base64``), run this until every line says 0, then
    remove the old key. Safe to interrupt and run again."""
    for label, count in rotate_all(click.echo).items():
        click.echo(f"{label}: {count} re-encrypted")
    click.echo("Nothing is left under an older key.")


@click.group("storage")
def storage_cli():
    """The file store."""


@storage_cli.command("migrate")
def migrate_command():
    """Encrypt in place the files stored in clear before every kind was encrypted. Safe to run again."""
    for label, count in migrate_all(click.echo).items():
        click.echo(f"{label}: {count} encrypted")
    click.echo("Every stored file is encrypted.")


def init_app(app: Flask, commands: click.Group) -> None:
    """Adds the commands to ``commands``, the ``flask dsar`` group (dsar/cli.py, which imports the
    accounts feature: core does not import it)."""
    commands.add_command(rotate_keys_command)
    commands.add_command(storage_cli)

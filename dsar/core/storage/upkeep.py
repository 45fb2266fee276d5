"""``flask dsar rotate-keys`` and ``flask dsar storage migrate``: one command each for every kind
of stored file and secret.

Core knows no feature: each feature registers the function that re-encrypts its blobs under the
newest key (``register_rotation``) and, where it kept files in clear before the store, the one that
encrypts them in place (``register_migration``). Each function commits per blob, so an interrupted
run loses nothing and a re-run continues where it stopped (security.md S-04)."""

from __future__ import annotations

import click
from flask import Flask, current_app

from dsar.core.jobs import resolve

ROTATIONS = "dsar_key_rotations"
MIGRATIONS = "dsar_plain_migrations"


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

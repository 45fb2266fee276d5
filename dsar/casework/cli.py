"""``flask dsar rotate-attachment-keys``."""

from __future__ import annotations

import click


@click.command("rotate-attachment-keys")
def rotate_attachment_keys_command():
    """Re-encrypt every internal attachment with the first key of DSAR_ID_ENCRYPTION_KEYS.

    Run it together with ``rotate-id-keys`` before removing an old key. Safe to interrupt."""
    from dsar.casework import attachments

    total = attachments.rotate_keys(click.echo)
    click.echo(f"{total} attachments re-encrypted; none left under an older key.")


def init_app(app) -> None:
    from dsar.cli import dsar_cli

    dsar_cli.add_command(rotate_attachment_keys_command)

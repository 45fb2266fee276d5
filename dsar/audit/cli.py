"""``flask dsar audit verify`` and ``flask dsar audit anchor``: the chain checked and anchored from
the command line, and the head of the chain written out to be kept off the box (security.md Z-05)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from dsar.core.audit import audit_key, verify
from dsar.core.audit_anchor import AnchorError, parse_anchor, take_anchor

audit_cli = AppGroup("audit", help="The tamper-evident audit trail.")


@audit_cli.command("verify")
@click.option("--anchor", "anchor_line", default=None, help='An anchor line from "dsar audit anchor".')
def audit_verify_command(anchor_line):
    """Walk the HMAC chain; exit non-zero and name the first bad entry when anything was altered.
    With --anchor, the trail must still hold the entry that anchor names, at its place."""
    try:
        anchor = parse_anchor(audit_key(), anchor_line) if anchor_line is not None else None
    except AnchorError as exc:
        click.echo(f"audit anchor refused: {exc}")
        raise SystemExit(1) from exc
    verdict = verify(anchor=anchor)
    if verdict.ok:
        held = f", including entry {anchor.count} of the anchor" if anchor else ""
        click.echo(f"audit trail intact: {verdict.checked} entries{held}")
        return
    where = f"entry {verdict.first_bad_id}" if verdict.first_bad_id else "the end of the trail"
    click.echo(
        f"audit trail broken at {where}: {verdict.problem} ({verdict.checked} entries verified before it)"
    )
    raise SystemExit(1)


@audit_cli.command("anchor")
def audit_anchor_command():
    """Print one line naming the verified head of the trail (entry count, MAC, time), authenticated
    with the audit key. Keep it where the database cannot reach it; verify later with --anchor."""
    try:
        click.echo(take_anchor())
    except AnchorError as exc:
        click.echo(str(exc))
        raise SystemExit(1) from exc

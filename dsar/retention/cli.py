"""``flask dsar purge``: the retention purge by hand, or a dry run that only lists."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from dsar.retention import service


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="List what would be purged; change nothing.")
@with_appcontext  # added to the dsar group from outside it, so not wrapped by AppGroup.command
def purge_command(dry_run):
    """Purge closed cases past DSAR_RETENTION_YEARS that no legal hold keeps (rules 6.2)."""
    found = service.candidates()
    for item in found:
        held = "" if item.due else f"  kept by legal hold until {_until(item.held_until)}"
        closed = f"{item.case.closed_at:%Y-%m-%d}"
        click.echo(f"{item.case.reference}  closed {closed}  kept until {item.retention_end}{held}")
    due = [item for item in found if item.due]
    if dry_run:
        click.echo(f"dry run: would purge {len(due)}, kept by a legal hold {len(found) - len(due)}")
        return
    purged = service.purge_expired(limit=None)
    click.echo(f"purged: {len(purged)}")


def _until(day) -> str:
    return "it is lifted" if day.year == 9999 else f"{day.isoformat()}"

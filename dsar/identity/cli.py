"""``flask dsar inspect-id`` (keys are rotated by ``flask dsar rotate-keys``, dsar/core/storage)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from dsar.cli import dsar_cli
from dsar.identity import inspection, sanitise


@click.command("inspect-id")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def inspect_id_command(path: Path, as_json: bool):
    """Run the upload checks and the redaction inspection on FILE (nothing is stored)."""
    started = time.perf_counter()
    try:
        clean = sanitise.sanitise(path.read_bytes())
    except sanitise.RejectedUpload as exc:
        if as_json:
            click.echo(json.dumps({"refused": exc.code}))
        else:
            click.echo(f"refused: {exc.code}")
        sys.exit(2)
    result = inspection.inspect(sanitise.load_clean(clean.data))
    report = {
        **result.flags(),
        "source": clean.source,
        "width": clean.width,
        "height": clean.height,
        "seconds": round(time.perf_counter() - started, 3),
    }
    if as_json:
        click.echo(json.dumps(report))
        return
    for key, value in report.items():
        click.echo(f"{key}: {value}")


def init_app(app) -> None:
    dsar_cli.add_command(inspect_id_command)

"""``flask dsar seed-demo`` and ``flask dsar export``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from dsar.cli import dsar_cli
from dsar.core import audit
from dsar.core.db import db
from dsar.exports import demo
from dsar.exports.service import Progress, build_bundle


@click.command("seed-demo")
def seed_demo_command():
    """Create a demo customer database as a data source; prints a demo person's e-mail last."""
    directory = Path(current_app.config["UPLOAD_DIR"]) / "demo"
    source = demo.seed(directory)
    db.session.commit()
    click.echo(f"Data source {source.name!r} ({source.location_hint}) with {len(source.queries)} datasets.")
    click.echo("Try: flask --app app dsar export --email <address> --out bundle.zip")
    click.echo(demo.DEMO_EMAIL)


@click.command("export")
@click.option("--email", default=None)
@click.option("--customer-number", default=None)
@click.option("--phone", default=None)
@click.option("--scope", type=click.Choice(["access", "portability"]), default="access")
@click.option("--language", type=click.Choice(["nl", "fr", "en"]), default=None)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def export_command(email, customer_number, phone, scope, language, out: Path):
    """Build the bundle for one person from every configured source (to check the sources)."""
    identifiers = {
        key: value.strip()
        for key, value in {"email": email, "customer_number": customer_number, "phone": phone}.items()
        if value and value.strip()
    }
    if not identifiers:
        raise click.UsageError("give at least one of --email, --customer-number, --phone")
    if out.exists():
        raise click.UsageError(f"{out} exists already")

    def report(state: dict) -> None:
        for entry in state.values():
            if entry.get("status") in ("done", "failed"):
                reason = f" ({entry['reason']})" if entry.get("reason") else ""
                click.echo(f"  {entry['name']}: {entry['status']}, {entry['rows']} rows{reason}", err=True)

    language = language or current_app.config["DEFAULT_LANGUAGE"]
    result, left_out = build_bundle(out, identifiers, scope, language, "-", Progress(report))
    # An export of someone's data from the command line is itself an access to personal data.
    audit.record("exports.cli_export", None, None, scope=scope, sha256=result.sha256)
    db.session.commit()
    for item in left_out:
        click.echo(f"left out: {item['dataset']} ({item['reason']})")
    click.echo(f"{out}: {result.size} bytes, SHA-256 {result.sha256}")


def init_app(app) -> None:
    dsar_cli.add_command(seed_demo_command)
    dsar_cli.add_command(export_command)

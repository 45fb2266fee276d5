"""``flask dsar ...``: setting up, staff accounts, workers, sweeps and deadline checks."""

from __future__ import annotations

import signal
import time
from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from dsar.accounts import service as accounts
from dsar.core.access import ROLES
from dsar.core.cron import CoalescingCronScheduler
from dsar.core.db import db
from dsar.core.jobs import PERIODIC_TIMEOUT, RESULT_TTL, RqRunner
from dsar.core.periodic import tick
from workflows.deadlines import Calendar
from workflows.explain import explain_deadlines

dsar_cli = AppGroup("dsar", help="DSAR portal commands.")
RECONNECT_SECONDS = 5


@dsar_cli.command("init")
def init_command():
    """Migrate the database and create a first admin when there is none (prints it once)."""
    upgrade()
    if accounts.staff_count() == 0:
        password = accounts.generate_password()
        accounts.create_staff("admin@example.org", "Administrator", "admin", password)
        db.session.commit()
        click.echo("Created the first admin account; this password is shown only once:")
        click.echo("  e-mail:   admin@example.org")
        click.echo(f"  password: {password}")


@dsar_cli.command("create-staff")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.password_option(help="At least 12 characters.")
def create_staff_command(email, name, role, password):
    """Create a staff account."""
    try:
        accounts.create_staff(email, name, role, password)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {role} {email}")


@dsar_cli.command("sweep")
def sweep_command():
    """Run the periodic work once (outbox relay, deadline sweeps); safe to run from cron."""

    if tick():
        click.echo("sweep done")
    else:
        click.echo("sweep skipped: another process is running the periodic work")


@dsar_cli.command("deadlines")
@click.argument("received_at")
@click.option("--country", default=None, help="Holiday calendar (BE, NL, ...); default DSAR_HOLIDAY_COUNTRY.")
@click.option("--paused-days", default=0, type=click.IntRange(min=0), help="Counted paused calendar days.")
def deadlines_command(received_at, country, paused_days):
    """Print every legal date for a receipt time, with the reasons (e.g. 2026-01-31T23:30Z)."""

    try:
        when = datetime.fromisoformat(received_at.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO 8601 time: {received_at}", param_hint="RECEIVED_AT") from exc
    cal = Calendar.for_country(country or current_app.config["HOLIDAY_COUNTRY"])
    click.echo(f"Calendar {cal.version}")
    for item in explain_deadlines(when, cal, paused_days):
        when_text = f"{item.date:%a} {item.date.day} {item.date:%b %Y}"
        click.echo(f"\n{item.label}: {when_text} ({item.date.isoformat()})")
        for step in item.steps:
            click.echo(f"  - {step}")


@dsar_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst):
    """Run an rq worker (with the scheduler that rq's retries need)."""
    from redis.exceptions import RedisError
    from rq import Worker

    runner = _rq_runner()
    worker_class = _sandboxed_worker_class(Worker) if current_app.config["ID_SANDBOX"] else Worker
    # rq's worker quits when Redis goes away during a job: start a new one once Redis is back, so
    # one Redis restart does not stop every mail and inspection for good. The lost job is not
    # lost work: the outbox relay and the sweeps dispatch it again from the database.
    while True:
        # Mail and case jobs first: the periodic queue is served only when they are done, so a slow
        # sweep never holds up an answer on its way to the requester.
        queues = [runner.queue(), runner.queue(runner.periodic_queue_name)]
        worker = worker_class(queues, connection=runner.connection)
        try:
            worker.work(with_scheduler=True, burst=burst, logging_level="INFO")  # every job in the log
            return
        except RedisError as exc:
            click.echo(f"Redis unavailable ({exc}); the worker starts again in 5 s", err=True)
        # rq's handlers only ask its (gone) worker to stop: a stop during the pause ends the process.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        time.sleep(RECONNECT_SECONDS)


def _sandboxed_worker_class(base):
    """An rq worker that keeps one inspection sandbox server for all its inspection jobs.

    rq runs each job in a work horse forked for that job: a server the horse started would load
    the models for one job and end with it. This worker starts the server itself before the first
    inspection job (its horses inherit it), and again before a later one if it has died. Other jobs
    never wait for it."""
    # Waits until a worker starts: every other command (and the web) runs without the sandbox parts.
    from dsar.identity import fork_server
    from dsar.identity.jobs import SANDBOXED_JOBS

    class SandboxedWorker(base):
        def execute_job(self, job, queue):
            if job.func_name in SANDBOXED_JOBS:
                fork_server.ensure_running()
            return super().execute_job(job, queue)

    return SandboxedWorker


@dsar_cli.command("cron")
def cron_command():
    """Run rq's cron scheduler: enqueues the periodic tick every DSAR_SWEEP_INTERVAL seconds."""
    from redis.exceptions import RedisError
    from rq.exceptions import StopRequested

    runner = _rq_runner()
    # rq's scheduler leaves its loop on the first Redis error: without this loop one Redis restart
    # would stop the outbox relay and the deadline sweeps for good.
    while True:
        scheduler = CoalescingCronScheduler(connection=runner.connection)
        # rq's cron takes the function itself (a dotted name crashes it), and the tick's own time
        # limit: a sweep over a large backlog outlives rq's 180-second default.
        # Ticks have a queue of their own, which workers serve after mail and case jobs.
        scheduler.register(
            tick,
            queue_name=runner.periodic_queue_name,
            interval=current_app.config["SWEEP_INTERVAL"],
            job_timeout=PERIODIC_TIMEOUT,
            result_ttl=RESULT_TTL,
        )
        try:
            scheduler.start()
            return  # stopped on request (SIGTERM, SIGINT)
        except RedisError as exc:
            click.echo(f"Redis unavailable ({exc}); the cron scheduler starts again in 5 s", err=True)
        try:
            time.sleep(RECONNECT_SECONDS)
        except StopRequested:  # rq's signal handler, still installed
            return


def _rq_runner():

    runner = current_app.extensions["dsar_jobs"]
    if not isinstance(runner, RqRunner):
        raise click.ClickException(
            "Set DSAR_REDIS_URL to run rq workers; without it the web process runs jobs itself."
        )
    return runner


def init_app(app: Flask) -> None:
    app.cli.add_command(dsar_cli)

"""Background jobs, enqueued only after the commit that created their data.

Operations call ``dispatch("dsar.x.jobs.do_thing", some_id)``; nothing leaves the process until the
surrounding transaction commits (a worker could otherwise run before the row exists), and a rollback
drops the intent. Job arguments are ids, never personal data (security.md R-05: rq keeps failed jobs).

Three runners execute the very same job functions:
- ``RqRunner``: rq workers on Redis (production, ``DSAR_REDIS_URL``);
- ``ThreadRunner``: an in-process worker thread, so every feature works on a bare machine;
- ``ManualRunner``: queued until ``drain()`` is called, for deterministic tests.
Mail never depends on the runner alone: the outbox relay re-dispatches what was not delivered.
"""

from __future__ import annotations

import functools
import importlib
import logging
import queue
import threading
import time
from collections.abc import Callable

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from dsar.core.db import db

log = logging.getLogger(__name__)

PENDING_KEY = "dsar_pending_jobs"
RETRY_INTERVALS = [10, 30, 60, 300, 900]
RESULT_TTL = 24 * 3600  # security.md R-05: results kept one day at most
FAILURE_TTL = 30 * 24 * 3600  # failed jobs kept 30 days, not rq's default year
DEFAULT_TIMEOUT = 300
# Jobs that legitimately run longer than rq's limit above (a large export, for instance).
JOB_TIMEOUTS: dict[str, int] = {}
# The periodic tick walks every open case; after a backlog that takes minutes, not seconds.
PERIODIC_TIMEOUT = 1800
JOB_TIMEOUTS["dsar.core.periodic.tick"] = PERIODIC_TIMEOUT


def dispatch(func_path: str, *ids: int | str) -> None:
    """Queue ``func_path(*ids)`` to run after the current transaction commits."""
    db.session.info.setdefault(PENDING_KEY, []).append((func_path, ids))


@event.listens_for(Session, "after_commit")
def _release_after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING_KEY, [])
    if pending and has_app_context():
        runner = current_app.extensions["dsar_jobs"]
        for func_path, ids in pending:
            runner.submit(func_path, ids)


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def resolve(func_path: str) -> Callable:
    module_name, _, attr = func_path.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


_worker_app: Flask | None = None


def worker_app() -> Flask:
    """The app a bare rq worker process uses, built once per process from the environment."""
    global _worker_app
    if _worker_app is None:
        # Cycle: the app factory imports every feature, and they import this module.
        from dsar import create_app

        _worker_app = create_app()
    return _worker_app


def job(func: Callable) -> Callable:
    """Mark a job entry point: it runs inside an app context whoever calls it."""

    @functools.wraps(func)
    def entry(*args):
        if has_app_context():
            return func(*args)
        with worker_app().app_context():
            return func(*args)

    return entry


def run_in_context(app: Flask, func_path: str, ids: tuple) -> None:
    with app.app_context():
        try:
            resolve(func_path)(*ids)
        finally:
            db.session.remove()


class ManualRunner:
    """Keeps jobs until ``drain()``; tests use it to run the real jobs at a point they choose."""

    def __init__(self, app: Flask):
        self.app = app
        self.queued: list[tuple[str, tuple]] = []

    def submit(self, func_path: str, ids: tuple) -> None:
        self.queued.append((func_path, ids))

    def drain(self) -> int:
        ran = 0
        while self.queued:
            func_path, ids = self.queued.pop(0)
            run_in_context(self.app, func_path, ids)
            ran += 1
        return ran


class ThreadRunner:
    """One background thread runs jobs in order, retrying failures on ``RETRY_INTERVALS``."""

    def __init__(self, app: Flask):
        self.app = app
        self.jobs: queue.Queue = queue.Queue()
        self._started = False
        self._lock = threading.Lock()

    def submit(self, func_path: str, ids: tuple, attempt: int = 0) -> None:
        self._ensure_started()
        self.jobs.put((func_path, ids, attempt))

    def _ensure_started(self) -> None:
        with self._lock:
            if not self._started:
                threading.Thread(target=self._work, name="dsar-jobs", daemon=True).start()
                self._started = True

    def _work(self) -> None:
        while True:
            func_path, ids, attempt = self.jobs.get()
            try:
                run_in_context(self.app, func_path, ids)
            except Exception:
                log.exception("job %s%s failed (attempt %d)", func_path, ids, attempt + 1)
                self._retry_later(func_path, ids, attempt)
            finally:
                self.jobs.task_done()

    def _retry_later(self, func_path: str, ids: tuple, attempt: int) -> None:
        if attempt < len(RETRY_INTERVALS):
            timer = threading.Timer(RETRY_INTERVALS[attempt], self.submit, (func_path, ids, attempt + 1))
            timer.daemon = True
            timer.start()

    def wait_idle(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self.jobs.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)

    def start_ticker(self, interval: int) -> None:
        """Run the periodic work (outbox relay, deadline sweep) every ``interval`` seconds."""

        def tick_forever():
            while True:
                self.submit("dsar.core.periodic.tick", ())
                time.sleep(interval)

        threading.Thread(target=tick_forever, name="dsar-ticker", daemon=True).start()


class RqRunner:
    """Enqueues on Redis for rq workers. If Redis is down the job is not lost: the data is in the
    database and the periodic relay dispatches it again once Redis is back."""

    def __init__(self, redis_url: str, queue_name: str = "dsar"):
        from redis import Redis

        self.connection = Redis.from_url(
            redis_url, socket_connect_timeout=1, socket_timeout=3, health_check_interval=30
        )
        self.queue_name = queue_name

    @property
    def periodic_queue_name(self) -> str:
        return f"{self.queue_name}-periodic"

    def queue(self, name: str | None = None):
        from rq import Queue

        return Queue(name or self.queue_name, connection=self.connection)

    def submit(self, func_path: str, ids: tuple) -> None:
        from redis.exceptions import RedisError
        from rq import Retry

        try:
            self.queue().enqueue(
                func_path,
                *ids,
                retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
                result_ttl=RESULT_TTL,
                failure_ttl=FAILURE_TTL,
                job_timeout=JOB_TIMEOUTS.get(func_path, DEFAULT_TIMEOUT),
            )
        except RedisError:
            log.warning("Redis unavailable; %s%s will be relayed later", func_path, ids)


def init_app(app: Flask) -> None:
    kind = app.config.get("JOB_RUNNER") or ("rq" if app.config["REDIS_URL"] else "thread")
    runners = {
        "rq": lambda: RqRunner(app.config["REDIS_URL"]),
        "thread": lambda: ThreadRunner(app),
        "manual": lambda: ManualRunner(app),
    }
    runner = app.extensions["dsar_jobs"] = runners[kind]()
    app.extensions.setdefault("dsar_periodic", [])
    if isinstance(runner, ThreadRunner) and not app.config["TESTING"] and app.config["SWEEP_INTERVAL"]:
        _start_ticker_on_first_request(app, runner)


def _start_ticker_on_first_request(app: Flask, runner: ThreadRunner) -> None:
    """Without Redis the web process itself runs the periodic tick (started lazily, so CLI
    commands that build the app start no threads)."""
    started = threading.Event()

    @app.before_request
    def _start_ticker():
        if not started.is_set():
            started.set()
            runner.start_ticker(app.config["SWEEP_INTERVAL"])


def register_periodic(app: Flask, func_path: str) -> None:
    """Features register the idempotent work the periodic tick runs (relay, deadline sweeps)."""
    app.extensions.setdefault("dsar_periodic", []).append(func_path)

"""``flask dsar cron`` and ``flask dsar worker`` as an operator runs them stay up when Redis
restarts: the cron goes on enqueueing the periodic tick (the outbox relay and the deadline sweeps),
the worker goes on running jobs. rq's own cron scheduler leaves its loop on the first Redis error
and rq's worker quits when Redis goes away during a job; the journeys against the deployed portal
found both processes gone after a Redis restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from redis import Redis
from rq import Queue

from tests.conftest import TEST_SECRET

PROJECT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).parent / "flask"
PATIENCE = 120.0  # seconds; a condition, never a measured duration


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {PATIENCE}s: {what}")


def ticks_queued(redis_url: str) -> int:
    try:
        return Redis.from_url(redis_url, socket_connect_timeout=1).llen(
            "rq:queue:dsar-periodic"
        )  # the queue of the ticks
    except OSError:
        return 0


def portal_env(migrated, redis_server, tmp_path) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DSAR_")},
        "DSAR_SECRET_KEY": TEST_SECRET,
        "DSAR_DATABASE_URL": migrated,
        "DSAR_REDIS_URL": redis_server.url,
        "DSAR_SWEEP_INTERVAL": "1",
        "DSAR_UPLOAD_DIR": str(tmp_path / "uploads"),
    }


def test_cron_survives_a_redis_restart_and_enqueues_the_tick_again(migrated, redis_server, tmp_path):
    env = portal_env(migrated, redis_server, tmp_path)
    log = tmp_path / "cron.log"
    with log.open("wb") as out:
        cron = subprocess.Popen(
            [str(FLASK), "--app", "app", "dsar", "cron"], cwd=PROJECT, env=env, stdout=out, stderr=out
        )
    try:
        wait_until(lambda: ticks_queued(redis_server.url) > 0, "a tick enqueued")
        redis_server.stop()
        wait_until(
            lambda: "Redis unavailable" in log.read_text() or cron.poll() is not None, "the outage seen"
        )
        redis_server.start()  # empty: this redis-server keeps nothing on disk
        wait_until(lambda: ticks_queued(redis_server.url) > 0 or cron.poll() is not None, "a tick after")
        assert cron.poll() is None, log.read_text()[-3000:]
        assert ticks_queued(redis_server.url) > 0
    finally:
        if cron.poll() is None:
            cron.send_signal(signal.SIGTERM)
            cron.wait(30)
    assert cron.returncode == 0, log.read_text()[-3000:]  # a requested stop is a clean exit


def test_the_worker_survives_redis_going_away_during_a_job(migrated, redis_server, tmp_path):
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [str(FLASK), "--app", "app", "dsar", "worker"],
            cwd=PROJECT,
            env=portal_env(migrated, redis_server, tmp_path),
            stdout=out,
            stderr=out,
        )
    try:
        queue = Queue("dsar", connection=Redis.from_url(redis_server.url))
        slow = queue.enqueue("time.sleep", 8)  # a job still running when Redis goes
        wait_until(lambda: slow.get_status(refresh=True) == "started", "the job started")
        redis_server.stop()
        wait_until(lambda: "Redis unavailable" in log.read_text() or worker.poll() is not None, "outage seen")
        redis_server.start()
        queue = Queue("dsar", connection=Redis.from_url(redis_server.url))
        after = queue.enqueue("time.sleep", 0)
        wait_until(lambda: after.get_status(refresh=True) == "finished" or worker.poll() is not None, "a job")
        assert worker.poll() is None, log.read_text()[-3000:]
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(60)

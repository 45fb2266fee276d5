"""``flask dsar cron`` as an operator runs it stays up when Redis restarts, and goes on enqueueing
the periodic tick (the outbox relay and the deadline sweeps) once Redis is back. rq's own cron
scheduler leaves its loop on the first Redis error; the journeys against the deployed portal found
the process gone after a Redis restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from redis import Redis

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
        return Redis.from_url(redis_url, socket_connect_timeout=1).llen("rq:queue:dsar")
    except OSError:
        return 0


def test_cron_survives_a_redis_restart_and_enqueues_the_tick_again(migrated, redis_server, tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DSAR_")},
        "DSAR_SECRET_KEY": TEST_SECRET,
        "DSAR_DATABASE_URL": migrated,
        "DSAR_REDIS_URL": redis_server.url,
        "DSAR_SWEEP_INTERVAL": "1",
        "DSAR_UPLOAD_DIR": str(tmp_path / "uploads"),
    }
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

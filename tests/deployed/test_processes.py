"""The production processes start and stay up: gunicorn answers over TLS, the worker and the cron
scheduler keep running and the periodic tick really runs."""

from __future__ import annotations

import time

import pytest

pytestmark = [pytest.mark.deployed, pytest.mark.timeout(900)]


def wait_for_log(deployment, name: str, text: str, seconds: float = 180) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in deployment.log(name):
            return True
        time.sleep(0.5)
    return False


def test_web_worker_and_cron_start_and_stay_up(deployment):
    client = deployment.http()
    assert client.get(deployment.url + "/healthz").status_code == 200
    assert client.get(deployment.url + "/readyz").status_code == 200
    registered = "to run on dsar-periodic every 2 seconds"
    assert wait_for_log(deployment, "cron", registered), deployment.log("cron")[-3000:]
    # The worker picks up the tick the cron scheduler enqueued, and runs it to the end.
    assert wait_for_log(deployment, "worker", "Job OK"), deployment.log("worker")[-3000:]
    assert "periodic.tick" in deployment.log("worker")
    for name in ("web", "worker", "cron"):
        assert deployment.alive(name), f"{name} exited:\n{deployment.log(name)[-3000:]}"

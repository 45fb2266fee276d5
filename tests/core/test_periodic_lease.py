"""One periodic tick at a time across processes and threads: a database lease, not Redis."""

from __future__ import annotations

import threading

import pytest

from dsar.core.db import db
from dsar.core.periodic import tick

started = threading.Event()
finish = threading.Event()
runs: list[str] = []


def slow_task() -> None:
    """A periodic task that stays busy until the test lets it finish."""
    runs.append(threading.current_thread().name)
    started.set()
    finish.wait(timeout=60)


def test_a_second_tick_skips_its_turn_while_the_first_one_runs_then_the_next_one_runs(make_app):
    runs.clear()
    started.clear()
    finish.clear()
    first_app, second_app = make_app(), make_app()  # two workers, each with its own ticker
    for app in (first_app, second_app):
        app.extensions["dsar_periodic"] = [f"{__name__}.slow_task"]

    def first_worker():
        with first_app.app_context():
            tick()
            db.session.remove()

    first = threading.Thread(target=first_worker, name="first")
    first.start()
    assert started.wait(timeout=60)
    with second_app.app_context():
        assert tick() is False  # the first worker's tick holds the lease
        finish.set()
        first.join()
        assert tick() is True  # released: the next tick runs
    assert runs == ["first", "MainThread"]


def test_a_tick_whose_task_fails_still_releases_the_lease(make_app):
    app = make_app()
    app.extensions["dsar_periodic"] = [f"{__name__}.failing_task"]
    with app.app_context():
        for _ in range(2):  # the second tick runs (and fails) too: the first one let go
            with pytest.raises(RuntimeError, match="the task failed"):
                tick()


def failing_task() -> None:
    raise ValueError("the task failed")

"""The inspection sandbox server (fork_server.py): one inspection per forked child, so a child that
dies or overruns becomes a refusal for its own image only, and the next image is inspected as usual
by the same server."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from dsar.identity import fork_server, sandbox, sanitise
from tests.identity import cards


def clean(layout: str, hidden=()) -> bytes:
    return sanitise.sanitise(cards.to_png(cards.make(layout, hidden).image)).data


def server_pid() -> int:
    fork_server.ensure_running()
    return fork_server._server.process.pid


def children_of(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


@pytest.fixture(scope="module")
def shown():
    return clean("be_eid")


@pytest.fixture(scope="module")
def redacted():
    return clean("nl_id", cards.FIELDS)


def test_two_inspections_in_a_row_each_get_their_own_answer(shown, redacted):
    first = sandbox.run("inspect", shown, timeout=120)
    second = sandbox.run("inspect", redacted, timeout=120)
    assert first["face_visible"] and first["national_number_visible"] and not first["properly_redacted"]
    assert second["properly_redacted"] and second["regions"] == []


def test_a_child_killed_mid_inspection_is_a_crash_and_the_server_inspects_the_next_image(shown, redacted):
    pid = server_pid()
    stages = []

    def kill_the_child(stage):
        stages.append(stage)
        for child in children_of(pid):
            os.kill(child, signal.SIGKILL)  # as the kernel's out-of-memory killer would

    with pytest.raises(sandbox.SandboxError) as failure:
        sandbox.run("inspect", shown, timeout=120, progress=kill_the_child)
    assert failure.value.code == "crashed" and stages == ["text"]

    assert server_pid() == pid
    assert sandbox.run("inspect", redacted, timeout=120)["properly_redacted"] is True


def test_a_child_over_its_time_limit_is_killed_and_the_server_carries_on(redacted):
    pid = server_pid()
    with pytest.raises(sandbox.SandboxError) as failure:
        sandbox.run("inspect", redacted, timeout=0.2)
    assert failure.value.code == "timeout"
    assert server_pid() == pid
    assert sandbox.run("inspect", redacted, timeout=120)["properly_redacted"] is True


def test_a_dead_server_is_started_again(redacted):
    old = server_pid()
    os.kill(old, signal.SIGKILL)
    fork_server._server.process.wait()
    assert sandbox.run("inspect", redacted, timeout=120)["properly_redacted"] is True
    assert server_pid() != old


def test_a_fork_of_the_caller_uses_its_parents_server(redacted):
    """rq forks a work horse per job: the horse reaches the server its worker started."""
    pid = server_pid()
    read, write = os.pipe()
    horse = os.fork()
    if horse == 0:  # pragma: no cover - the child reports through the pipe
        try:
            answer = sandbox.run("inspect", redacted, timeout=120)
            own = fork_server._server.owner == os.getppid()
            os.write(write, b"ok" if answer["properly_redacted"] and own else b"no")
        finally:
            os._exit(0)
    os.close(write)
    assert os.read(read, 2) == b"ok"
    os.waitpid(horse, 0)
    os.close(read)
    assert server_pid() == pid


def test_the_rq_worker_starts_the_server_before_an_inspection_job_and_again_if_it_died():
    from types import SimpleNamespace

    from dsar.cli import _sandboxed_worker_class

    class Worker:
        def execute_job(self, job, queue):
            return "ran"

    worker = _sandboxed_worker_class(Worker)()
    old = fork_server._server.process
    old.kill()
    old.wait()
    assert worker.execute_job(SimpleNamespace(func_name="another.job"), None) == "ran"
    assert fork_server._server.process is old  # other jobs never wait for a server
    inspection = SimpleNamespace(func_name="dsar.identity.jobs.inspect_id_copy")
    assert worker.execute_job(inspection, None) == "ran"
    assert fork_server._server.process is not old and fork_server._server.process.poll() is None

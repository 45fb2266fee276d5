"""Every shell command the README shows is run here, in a subprocess, as an operator would paste it:
a documented command that crashes fails the suite.

The commands run in order in one operator's folder (the checkout's files linked into a temporary
folder, so what they write, such as ``bundle.zip``, lands there) on a database of their own. The
only changes made to a line are the ones an operator makes too: their own database, Redis, SMTP and
clamd addresses instead of the example hosts, their key instead of ``...``, and a smaller size for
the benchmarks. A few lines run elsewhere, named in ``RUN_ELSEWHERE`` with where; a new README
command that is neither run here nor listed there fails ``test_every_readme_command_is_covered``."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.identity import cards
from tests.support import readme
from tests.support.deployment import PROJECT, fresh_database

pytestmark = pytest.mark.timeout(900)

PG_EXAMPLE = "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/test"
ROLES_SCRIPT = (
    'psql "$OWNER_DATABASE_URL" -v owner_role=dsar_owner -v app_role=dsar_app -f scripts/postgres_roles.sql'
)
TESTS_COMMAND = "the README's test command: .ci/run runs it, on SQLite and on PostgreSQL"
RUN_ELSEWHERE = {
    "make test": TESTS_COMMAND,
    "make e2e": "the journeys and browser tests, which make test runs too",
    "make lock": "regenerates the lock files from the index; tests/docs/test_lock_files.py checks them",
    "make bench": "runs bench/run_all.py for hours; the benchmark scripts it runs are run here, smaller",
    "SMALL=1 make bench": "bench/run_all.py at 10,000 cases; the scripts it runs are run here, smaller",
    f"DSAR_TEST_DATABASE_URL={PG_EXAMPLE} make test": TESTS_COMMAND,
    "python3 -m venv .venv && .venv/bin/pip install --require-hashes --no-deps -r requirements.lock": (
        "the Makefile's setup recipe runs these two steps (checked below), and every test run starts with it"
    ),
    readme.production_process("web"): "tests/support/deployment.py starts this very line (tests/deployed)",
    ROLES_SCRIPT: ("tests/core/test_postgres_roles.py runs it with psql against a role of its own"),
    readme.production_process("worker"): "tests/support/deployment.py starts this very line (tests/deployed)",
    readme.production_process("cron"): "tests/support/deployment.py starts this very line (tests/deployed)",
    ".venv/bin/python scripts/screenshots.py screenshots/": (
        "tests/e2e/test_screenshots_script.py runs it (Chromium, a throwaway database)"
    ),
}
# Benchmarks run with a small workload: the figures are not the point here, the command is.
SMALLER = {
    "bench/queue_100k.py": ["--cases", "400", "--runs", "2"],
    "bench/inspect_ids.py": ["--isolated", "1", "--limit", "4"],
    "bench/sweep_scale.py": ["--cases", "300"],
    "bench/intake_burst.py": ["--seconds", "1"],
    "bench/mail_burst.py": ["--submissions", "40", "--every", "10"],
}
OPTIONAL = re.compile(r" \[[^\]]*\]")  # a synopsis' optional parts: the operator leaves them out


# The integrator's curl walkthrough needs a running portal and an API token: its own test runs it.
API_WALKTHROUGH = "$PORTAL/api/v1"
API_TEST = "tests/api/test_readme_walkthrough.py"


def run_elsewhere(command: str) -> bool:
    return command in RUN_ELSEWHERE or command == "make run" or API_WALKTHROUGH in command


def operator_commands() -> list:
    """Each command once, on embedded defaults; a command written for PostgreSQL in the PostgreSQL pass."""
    return [
        pytest.param(c, marks=pytest.mark.postgres) if "--database-url postgresql" in c else c
        for c in readme.commands()
        if not run_elsewhere(c)
    ]


def test_every_readme_command_is_covered():
    """A command is run by this module, started by the deployment, or is the test command itself."""
    documented = set(readme.commands())
    assert not set(RUN_ELSEWHERE) - documented, "RUN_ELSEWHERE names a command the README no longer shows"
    makefile = (PROJECT / "Makefile").read_text()
    assert API_WALKTHROUGH in (PROJECT / API_TEST).read_text() or "README" in (PROJECT / API_TEST).read_text()
    assert "-m venv $(VENV)" in makefile
    assert "pip install --quiet --require-hashes --no-deps -r requirements.lock" in makefile


@pytest.fixture(scope="module")
def operator(tmp_path_factory):
    """The operator's folder and environment: the checkout linked in, a database of their own."""
    folder = tmp_path_factory.mktemp("operator")
    for entry in PROJECT.iterdir():
        if entry.name not in {".git", "instance", "uploads", "bundle.zip", "portable.zip"}:
            (folder / entry.name).symlink_to(entry)
    (folder / "uploads").mkdir()
    database_url = fresh_database(os.environ.get("DSAR_TEST_DATABASE_URL"), folder, suffix="operator")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DSAR_")}
    env.update(
        DSAR_DATABASE_URL=database_url,
        DSAR_UPLOAD_DIR=str(folder / "uploads"),
        DSAR_SOURCE_FILES_DIR=str(folder / "uploads" / "source-files"),
        DSAR_AUDIT_KEY="operator-audit-key-" + "z" * 32,
        DSAR_SECRET_KEY="operator-secret-key-" + "s" * 32,
    )
    # What `make run` did first on this operator's machine: migrations and the first admin.
    subprocess.run(
        [".venv/bin/flask", "--app", "app", "dsar", "init"], cwd=folder, env=env, check=True, timeout=600
    )
    (folder / "scan.jpg").write_bytes(cards.to_jpeg(cards.make("be_eid", hidden=("photo",)).image))
    return folder, env


def _as_the_operator_types_it(command: str, folder: Path, env: dict) -> str:
    command = OPTIONAL.sub("", command)
    command = command.replace("DSAR_AUDIT_KEY=...", f"DSAR_AUDIT_KEY={env['DSAR_AUDIT_KEY']}")
    if '--anchor "dsar-audit-anchor' in command:  # the line `dsar audit anchor` printed
        anchor = (
            _run(".venv/bin/flask --app app dsar audit anchor", folder, env).stdout.strip().splitlines()[-1]
        )
        command = re.sub(r'--anchor "[^"]*"', f"--anchor {shlex.quote(anchor)}", command)
    pg = os.environ.get("DSAR_TEST_DATABASE_URL")
    if "--database-url postgresql" in command:
        if not pg:
            pytest.skip("the PostgreSQL variant runs in the suite's PostgreSQL pass")
        own = fresh_database(pg, Path("/nonexistent"), suffix="queue_bench")
        command = re.sub(r"--database-url \S+", f"--database-url {own}", command)
    for script, extra in SMALLER.items():
        if script in command:
            command += " " + " ".join(extra)
    return command


def _audit_export(folder: Path, env: dict) -> None:
    """The JSON-lines file an auditor downloads at Staff -> Audit trail, for verify_audit_export.py."""
    script = (
        "from dsar import create_app\n"
        "from werkzeug.datastructures import MultiDict\n"
        "from dsar.audit.views import AuditFilter, _lines\n"
        "app = create_app()\n"
        "with app.test_request_context():\n"
        "    lines = ''.join(_lines(AuditFilter.from_args(MultiDict()), 'jsonl'))\n"
        "open('audit-trail.jsonl', 'w').write(lines)\n"
    )
    subprocess.run(
        [str(folder / ".venv/bin/python"), "-c", script], cwd=folder, env=env, check=True, timeout=300
    )


@pytest.mark.parametrize("command", operator_commands())
def test_readme_command_runs(operator, command):
    folder, env = operator
    if "verify_audit_export.py" in command:
        _audit_export(folder, env)
    line = _as_the_operator_types_it(command, folder, env)
    result = _run(line, folder, env)
    assert result.returncode == 0, (
        f"{line}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"
    )
    if "inspect-id" in line and "--json" in line:
        assert json.loads(result.stdout)["face_visible"] is False
    if " export " in line and "--out" in line:
        assert (folder / line.split("--out ")[1].split()[0]).stat().st_size > 0


def _run(line: str, folder: Path, env: dict) -> subprocess.CompletedProcess:
    answers = "correct horse battery staple\n" * 2 if "create-staff" in line else ""
    return subprocess.run(
        ["bash", "-c", f"set -euo pipefail\n{line}"],
        cwd=folder,
        env=env,
        input=answers,
        capture_output=True,
        text=True,
        timeout=800,
    )


def test_make_run_serves_the_portal(tmp_path):
    """`make run` on embedded defaults: it sets up, migrates, creates a first admin (printed once, on
    the machine's first run only) and serves port 5000."""
    if _port_in_use(5000):
        pytest.skip("port 5000 is taken on this machine")
    folder = tmp_path / "checkout"
    folder.mkdir()
    for entry in PROJECT.iterdir():
        if entry.name not in {".git", "instance", "uploads"}:
            (folder / entry.name).symlink_to(entry)
    (folder / "uploads").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DSAR_")}
    env["DSAR_UPLOAD_DIR"] = str(folder / "uploads")
    process = subprocess.Popen(
        ["make", "run"],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        answered = _wait_for("http://127.0.0.1:5000/", seconds=600, process=process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode(errors="replace")
    assert answered is not None and answered.status_code == 200, output[-3000:]
    assert "dsar init" in output, output[-2000:]  # migrations and the first admin, then the server


def _port_in_use(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(url: str, seconds: float, process: subprocess.Popen):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            return requests.get(url, timeout=5)
        except requests.RequestException:
            time.sleep(0.5)
    return None

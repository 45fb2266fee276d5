"""Make sure the Debian programs the tests drive are there: Chromium for the browser tests
(Playwright cannot download browsers here), clamd for the malware-scan tests and dovecot for the
mailbox tests. Installs them with apt-get when running as root; otherwise says how, and those tests
report themselves as skipped. Then installs the npm packages the browser tests inject into pages
(axe-core, pinned in package-lock.json) with `npm ci` when node_modules lacks them: nothing is
downloaded while the tests run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

NEEDED = {
    "/usr/bin/chromium": "chromium",
    "/usr/sbin/clamd": "clamav-daemon",
    "/usr/sbin/dovecot": "dovecot-imapd",  # the IMAP server the mailbox tests read
    "/usr/bin/openssl": "openssl",  # its throwaway TLS certificate
    "/usr/bin/curl": "curl",  # the README's API walkthrough, run as an integrator would
    "/usr/bin/jq": "jq",
    "/usr/bin/npm": "npm",  # installs axe-core for the accessibility walk (tests/e2e/test_page_walk.py)
}
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"


def main() -> int:
    install_debian_packages()
    install_npm_packages()
    return 0


def install_debian_packages() -> None:
    missing = [package for path, package in NEEDED.items() if not os.path.exists(path)]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"Missing Debian packages for some tests: {' '.join(missing)} (those tests are skipped).")
        return
    print(f"Installing Debian packages for the tests: {' '.join(missing)} ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)  # noqa: S603,S607


def install_npm_packages() -> None:
    """`npm ci` installs exactly what package-lock.json pins, checked against its integrity hashes."""
    if AXE.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        print("npm is missing: the accessibility walk is skipped.")
        return
    print("Installing the npm packages for the browser tests (npm ci) ...", flush=True)
    subprocess.run(  # noqa: S603
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], check=True, cwd=PROJECT
    )


if __name__ == "__main__":
    sys.exit(main())

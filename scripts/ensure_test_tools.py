"""Make sure the Debian programs the tests drive are there: Chromium for the browser tests
(Playwright cannot download browsers here), clamd for the malware-scan tests and dovecot for the
mailbox tests. Installs them with apt-get when running as root; otherwise says how, and those tests
report themselves as skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

NEEDED = {
    "/usr/bin/chromium": "chromium",
    "/usr/sbin/clamd": "clamav-daemon",
    "/usr/sbin/dovecot": "dovecot-imapd",  # the IMAP server the mailbox tests read
    "/usr/bin/openssl": "openssl",  # its throwaway TLS certificate
    "/usr/bin/curl": "curl",  # the README's API walkthrough, run as an integrator would
    "/usr/bin/jq": "jq",
}


def main() -> int:
    missing = [package for path, package in NEEDED.items() if not os.path.exists(path)]
    if not missing:
        return 0
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"Missing Debian packages for some tests: {' '.join(missing)} (those tests are skipped).")
        return 0
    print(f"Installing Debian packages for the tests: {' '.join(missing)} ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)  # noqa: S603,S607
    return 0


if __name__ == "__main__":
    sys.exit(main())

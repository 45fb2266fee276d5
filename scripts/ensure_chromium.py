"""Make sure Debian's Chromium is there for the browser tests (Playwright cannot download browsers
here). Installs it with apt-get when running as root; otherwise says how, and the browser tests
report themselves as skipped with that reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"{CHROMIUM} is missing: install Debian's 'chromium' package to run the browser tests.")
        return 0
    print("Installing Debian's chromium for the browser tests ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)  # noqa: S607
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""scripts/screenshots.py, run as the README shows it: a picture of each page asked for, at the desk
and the phone width, in each language asked for."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
PROJECT = Path(__file__).resolve().parents[2]


def png_width(path: Path) -> int:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", data[16:20])[0]


def test_the_screenshots_script_takes_each_page_at_both_widths(tmp_path):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("/usr/bin/chromium is not installed (Debian package chromium)")
    command = [sys.executable, "scripts/screenshots.py", str(tmp_path / "shots"), "--languages", "fr"]
    command += ["--pages", "form", "case"]
    subprocess.run(command, cwd=PROJECT, check=True, capture_output=True, timeout=500)
    taken = {path.name: png_width(path) for path in (tmp_path / "shots").iterdir()}
    assert taken == {
        "fr-form-1280.png": 1280,
        "fr-form-390.png": 390,
        "fr-case-1280.png": 1280,
        "fr-case-390.png": 390,
    }

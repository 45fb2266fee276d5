"""The hash-locked install files agree with the pins people edit: a pin changed in requirements*.txt
without `make lock` fails here instead of installing something else than the README promises."""

from __future__ import annotations

import re

import pytest

from tests.support.deployment import PROJECT

PIN = re.compile(r"^([A-Za-z0-9_.\[\]-]+)==([^\s;#]+)", re.M)


def pins(path) -> dict[str, str]:
    found = {}
    for name, version in PIN.findall(path.read_text()):
        found[re.sub(r"\[.*\]", "", name).lower().replace("_", "-")] = version
    return found


@pytest.mark.parametrize(
    ("wanted", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_every_pin_is_in_the_lock_file_at_the_same_version_with_hashes(wanted, lock):
    locked = pins(PROJECT / lock)
    expected = pins(PROJECT / wanted)
    if wanted == "requirements-dev.txt":
        expected |= pins(PROJECT / "requirements.txt")
    assert {name: locked.get(name) for name in expected} == expected
    text = (PROJECT / lock).read_text()
    unhashed = [
        b.split()[0] for b in re.split(r"\n(?=[A-Za-z0-9])", text) if "==" in b and "--hash=sha256:" not in b
    ]
    assert not unhashed

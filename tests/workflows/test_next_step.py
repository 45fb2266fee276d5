"""The next step shown at the top of a staff case page."""

from __future__ import annotations

import pytest

from workflows.next_step import NextStep, next_step


@pytest.mark.parametrize(
    ("state", "role", "undecided", "expected"),
    [
        ("received", "controller", 1, NextStep.CONFIRM_EMAIL),
        ("awaiting_verification", "controller", 1, NextStep.VERIFY_IDENTITY),
        ("awaiting_information", "controller", 1, NextStep.WAIT_FOR_INFORMATION),
        ("in_progress", "controller", 2, NextStep.DECIDE),
        ("extended", "controller", 1, NextStep.DECIDE),
        ("in_progress", "controller", 0, NextStep.ANSWER),
        ("in_progress", "processor", 1, NextStep.FORWARD),
        ("forwarded", "processor", 1, NextStep.WAIT_FOR_CONTROLLER),
        ("answered", "controller", 0, NextStep.CLOSE),
        ("closed", "controller", 0, NextStep.NOTHING),
    ],
)
def test_the_next_step_follows_the_state_the_role_and_the_undecided_rights(state, role, undecided, expected):
    assert next_step(state, role, undecided) == expected

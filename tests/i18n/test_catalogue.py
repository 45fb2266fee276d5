"""Every code the portal stores or the rules return has words, in Dutch and French too: a new state,
event or refusal without them fails here before a reader meets the raw code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dsar.core import vocabulary
from dsar.core.mail import MailStatus
from workflows.reasons import TEXTS
from workflows.states import CaseRole, CaseState, Move, Right, StaffRole

ROOT = Path(__file__).resolve().parents[2]
# Event kinds built from a code at run time: the prefix and the codes that can follow it.
COMPOSED_EVENTS = {
    "closed_as_": ("duplicate", "spam"),
    "art12_5_": ("approved", "rejected"),
    "fee_": ("paid", "withdrawn", "waived"),
}


def recorded_event_kinds() -> set[str]:
    """The kinds passed to record_event() anywhere in the portal (literal strings in its 2nd argument)."""
    kinds = set()
    for path in (ROOT / "dsar").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            func = getattr(node, "func", None)
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if isinstance(node, ast.Call) and name == "record_event" and len(node.args) > 1:
                kinds |= {
                    n.value
                    for n in ast.walk(node.args[1])
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)
                }
    return kinds


def test_every_recorded_event_kind_has_a_label():
    kinds = recorded_event_kinds()
    assert "submitted" in kinds and "acknowledgement_queued" in kinds  # the scan finds them
    expanded = set()
    for kind in kinds:
        if kind in COMPOSED_EVENTS:
            expanded |= {kind + suffix for suffix in COMPOSED_EVENTS[kind]}
        elif kind != "notice_":  # sweep notices are worded through vocabulary.NOTICES
            expanded.add(kind)
    assert sorted(expanded - set(vocabulary.EVENTS)) == []


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        ("state", CaseState),
        ("case_role", CaseRole),
        ("staff_role", StaffRole),
        ("move", Move),
        ("right", Right),
        ("mail_status", MailStatus),
    ],
)
def test_every_enum_value_has_a_label(kind, codes):
    assert sorted(set(codes) - set(vocabulary.KINDS[kind])) == []


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_label_and_phrase_is_translated(language):
    catalogue = read_po((ROOT / f"dsar/translations/{language}/LC_MESSAGES/messages.po").open("rb"))
    labels = [label._args[0] for words in vocabulary.KINDS.values() for label in words.values()]
    missing = [
        msgid
        for msgid in [*labels, *TEXTS.values()]
        if not (catalogue.get(msgid) and catalogue.get(msgid).string and not catalogue.get(msgid).fuzzy)
    ]
    assert missing == []


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_letter_text_is_translated_in_its_context(language):
    from dsar.letters.texts import COURTS, TEXTS

    catalogue = read_po((ROOT / f"dsar/translations/{language}/LC_MESSAGES/messages.po").open("rb"))
    missing = [
        context
        for context, english in [*TEXTS.values(), *COURTS.values()]
        if not (catalogue.get(english, context=context) and catalogue.get(english, context=context).string)
    ]
    assert missing == []

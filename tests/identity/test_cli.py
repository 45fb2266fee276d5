"""``flask dsar inspect-id FILE --json`` and ``flask dsar rotate-keys`` for operators."""

from __future__ import annotations

import json

from tests.identity import cards

FLAGS = (
    "face_visible",
    "document_number_visible",
    "national_number_visible",
    "mrz_visible",
    "properly_redacted",
)


def test_inspect_id_prints_one_json_object(app, tmp_path):
    path = tmp_path / "id-card.jpg"
    shown_bsn = cards.make("nl_id", hidden=("photo", "document_number", "mrz"))
    path.write_bytes(cards.to_jpeg(shown_bsn.image))
    result = app.test_cli_runner().invoke(args=["dsar", "inspect-id", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {key: report[key] for key in FLAGS} == {
        "face_visible": False,
        "document_number_visible": False,
        "national_number_visible": True,
        "mrz_visible": False,
        "properly_redacted": False,
    }


def test_inspect_id_refuses_what_the_upload_refuses(app, tmp_path):
    path = tmp_path / "card.png"
    path.write_bytes(b"GIF89a" + b"\x00" * 40)
    result = app.test_cli_runner().invoke(args=["dsar", "inspect-id", str(path), "--json"])
    assert result.exit_code == 2 and json.loads(result.output) == {"refused": "type"}


def test_rotate_keys_reports_what_it_did_for_id_copies(app):
    result = app.test_cli_runner().invoke(args=["dsar", "rotate-keys"])
    assert result.exit_code == 0 and "ID copies: 0 re-encrypted" in result.output

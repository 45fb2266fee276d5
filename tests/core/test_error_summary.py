"""A form sent back with errors opens on a summary whose entries link to the fields; each invalid
field says so (aria-invalid) and points at its message (aria-describedby)."""

from __future__ import annotations

import re


def test_the_summary_links_every_invalid_field_and_the_fields_point_at_their_message(forms):
    page = forms.submit_request(name="", email="not an address").get_data(as_text=True)
    start = page.index('<div class="error-summary"')
    summary = page[start : page.index("</div>", start)]
    assert 'tabindex="-1"' in summary and 'role="alert"' in summary
    assert "Please correct the fields marked below. Nothing was sent yet." in summary
    assert set(re.findall(r'<a href="#(\w+)">', summary)) == {"name", "email"}
    for field in ("name", "email"):
        tag = re.search(rf'<input[^>]*id="{field}"[^>]*>', page).group(0)
        described = re.search(r'aria-describedby="([^"]*)"', tag).group(1).split()
        assert 'aria-invalid="true"' in tag and f"{field}-error" in described
        assert f'<p class="error" id="{field}-error">' in page
    assert "js/error-summary.js" in page  # moves the focus to the summary


def test_a_hint_and_an_error_are_both_described(forms):
    page = forms.submit_request(email="").get_data(as_text=True)
    tag = re.search(r'<input[^>]*id="email"[^>]*>', page).group(0)
    assert 'aria-describedby="email-hint email-error"' in tag


def test_a_valid_page_has_no_summary_and_no_invalid_field(client):
    page = client.get("/").get_data(as_text=True)
    assert "error-summary" not in page and "aria-invalid" not in page

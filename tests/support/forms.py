"""Filling in the real forms: fetch the page, keep its CSRF token and signed start time, post."""

from __future__ import annotations

import re
from html import unescape

HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|started)"[^>]*value="([^"]*)"', re.S)
HIDDEN_REVERSED = re.compile(r'<input[^>]*value="([^"]*)"[^>]*name="(csrf_token|started)"', re.S)


def hidden_fields(html: str) -> dict[str, str]:
    found = {name: unescape(value) for name, value in HIDDEN.findall(html)}
    found.update({name: unescape(value) for value, name in HIDDEN_REVERSED.findall(html)})
    return found


def valid_request(**overrides) -> dict:
    data = {
        "rights": ["access", "erasure"],
        "access_scope": "All invoices since 2024",
        "erasure_scope": "My newsletter profile",
        "name": "An Peeters",
        "email": "an.peeters@example.org",
    }
    data.update(overrides)
    return data


class FormClient:
    def __init__(self, client):
        self.client = client

    def tokens(self, path: str) -> dict[str, str]:
        page = self.client.get(path)
        assert page.status_code == 200, page.status_code
        return hidden_fields(page.get_data(as_text=True))

    def post(self, path: str, data: dict, form_path: str | None = None, **kwargs):
        return self.client.post(path, data={**self.tokens(form_path or path), **data}, **kwargs)

    def submit_request(self, lang: str | None = None, **overrides):
        path = "/" + (f"?lang={lang}" if lang else "")
        return self.post(path, valid_request(**overrides))

"""Submit a page's form as a browser would: every field with the value the page gave it."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormValues(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.values = form_id, form_id is None, []
        self._textarea = self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button"):
                self.values.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, None]
        elif (
            tag == "option" and self._select is not None and (self._select[1] is None or "selected" in attrs)
        ):
            self._select[1] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.values.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.values.append((self._select[0], self._select[1] or ""))
            self._select = None
        elif tag == "form" and self.form_id is not None:
            self.inside = False


def form_values(html: str, form_id: str | None = None) -> list[tuple[str, str]]:
    reader = _FormValues(form_id)
    reader.feed(html)
    return reader.values


def as_form_data(values: list[tuple[str, str]]) -> dict:
    data: dict = {}
    for name, value in values:
        data.setdefault(name, []).append(value.removeprefix("\r\n").removeprefix("\n") if value else value)
    return {name: items if len(items) > 1 else items[0] for name, items in data.items()}

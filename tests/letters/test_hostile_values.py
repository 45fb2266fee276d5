"""Whatever a requester or staff member typed is printed literally: markup, entities, control
characters, formula prefixes and very long strings never restyle the letter, fetch anything, crash
it or run off the page (security.md V-05)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from dsar.letters.content import build
from dsar.letters.model import LetterKind, RightOutcome
from dsar.letters.render import markup_safe, render_pdf
from tests.letters.pdfs import ink_in_right_margin, page_count, pdf_text, sample_input
from tests.support.services import free_port

# (typed value, what the reader must see)
HOSTILE = [
    ("<b>bold</b> and <i>italic</i>", "<b>bold</b> and <i>italic</i>"),
    ('<font color="red" size="40">big</font>', '<font color="red" size="40">big</font>'),
    ("Tom & Jerry &amp; &#169; &nbsp; &unknown;", "Tom & Jerry &amp; &#169; &nbsp; &unknown;"),
    ("</para><para>x</para>", "</para><para>x</para>"),
    ("<![CDATA[x]]> <!-- c --> <br/>", "<![CDATA[x]]> <!-- c --> <br/>"),
    ('<a href="javascript:alert(1)">click</a>', '<a href="javascript:alert(1)">click</a>'),
    ('=HYPERLINK("http://x.test","y")', '=HYPERLINK("http://x.test","y")'),
    ("+31 6 1234", "+31 6 1234"),
    ("-2+3", "-2+3"),
    ("@SUM(A1:A9)", "@SUM(A1:A9)"),
    ("ctrl\x00\x01\x07\x08\x0b\x0c\x1b[31m\x7f\x85end", "ctrl[31mend"),
    ("bidi \u202egnp.exe\u202c done", "bidi gnp.exe done"),
    ("Zoë, François, Ærø, Łódź, €5 ‘quoted’ — “done”", "Zoë, François, Ærø, Łódź, €5 ‘quoted’ — “done”"),
]


def render_with(value: str, kind: LetterKind = LetterKind.REFUSAL) -> bytes:
    return render_pdf(
        build(
            sample_input(
                kind,
                requester_name=value,
                outcomes=[RightOutcome("access", "Access", "refused", "Refused", "Art. 12(5) GDPR", value)],
                extension_note=value,
            )
        )
    )


@pytest.mark.parametrize(("value", "seen"), HOSTILE)
def test_a_hostile_value_is_printed_literally(value, seen):
    text = pdf_text(render_with(value))
    assert seen in text
    if "<b>" in value:
        assert text.count("<b>bold</b>") >= 2  # the name and the reasons, both literal


def test_markup_is_escaped_before_reportlab_sees_it():
    assert markup_safe('<b>x</b> & "y"') == "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;"
    assert markup_safe("line 1\nline 2\r\nline 3") == "line 1<br/>line 2<br/>line 3"
    assert markup_safe("a\x00b\x1bc\u202ed\ud800e") == "abcde"


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        _Counter.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_an_image_tag_in_a_name_fetches_nothing():
    port = free_port()
    server = HTTPServer(("127.0.0.1", port), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        value = f'<img src="http://127.0.0.1:{port}/x.png" width="10" height="10"/>'
        text = pdf_text(render_with(value))
    finally:
        server.shutdown()
        server.server_close()
    assert _Counter.hits == []
    assert value in text


@pytest.mark.parametrize("kind", [LetterKind.REFUSAL, LetterKind.EXTENSION])
def test_a_10000_character_word_wraps_inside_the_margins(kind):
    value = "#" * 10_000
    pdf = render_with(value, kind)
    assert pdf_text(pdf).count("#") == 3 * 10_000  # name, salutation and reasons or note, all complete
    assert page_count(pdf) > 1
    assert not ink_in_right_margin(pdf)


def test_characters_no_font_has_do_not_crash_the_letter():
    text = pdf_text(render_with("名前 🙂 \U0001d54f"))
    assert "Gegevensbeschermingsautoriteit" in text


def test_a_long_text_with_spaces_and_entities_renders():
    value = ("Ça & <co> " * 2000).strip()
    text = pdf_text(render_with(value))
    assert "Ça & <co> Ça & <co>" in text


def test_an_ordinary_letter_stays_inside_the_margins():
    assert not ink_in_right_margin(render_pdf(build(sample_input(LetterKind.ACCESS))))

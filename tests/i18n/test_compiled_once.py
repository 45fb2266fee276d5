"""A worker compiles each template once and serves every reader with it: the words on a page must
still be those of each reader's language, never those of the first reader's."""

from __future__ import annotations

from tests.accounts.test_sign_in import sign_in

QUEUE_ROLE_FILTER = {
    "en": "We are the controller",
    "nl": "Wij zijn verwerkingsverantwoordelijke",
    "fr": "Nous sommes responsable du traitement",
}


def test_the_queue_compiled_for_an_english_reader_speaks_dutch_and_french_to_the_next_ones(
    forms, client, staff
):
    staff("handler")
    sign_in(forms)
    pages = {
        language: client.get(f"/staff/cases?lang={language}").get_data(as_text=True)
        for language in QUEUE_ROLE_FILTER
    }
    for language, words in QUEUE_ROLE_FILTER.items():
        assert words in pages[language], language
    assert QUEUE_ROLE_FILTER["en"] not in pages["nl"] + pages["fr"]

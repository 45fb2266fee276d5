"""In a real browser, the language buttons on the public form keep what the person typed and ticked,
with JavaScript (only the ticked rights' sections show) and without it (every section shows, each
labelled with the right it belongs to)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False])
def test_switching_language_keeps_the_typed_request(live_server, browser, javascript):
    context = browser.new_context(java_script_enabled=javascript, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/?lang=en")
    page.check("input[name=rights][value=erasure]")
    page.fill("#erasure_scope", "Mijn nieuwsbriefprofiel")
    page.fill("#name", "Zoë Janssens")
    page.fill("#email", "zoe@example.org")
    assert page.locator("fieldset[data-right=access]").is_visible() is not javascript

    page.click("button.language-switch[value=nl]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "nl"
    assert page.input_value("#name") == "Zoë Janssens" and page.input_value("#email") == "zoe@example.org"
    assert page.input_value("#erasure_scope") == "Mijn nieuwsbriefprofiel"
    assert page.is_checked("input[name=rights][value=erasure]")
    assert "Zoë" not in page.url and "zoe" not in page.url  # nothing personal in the address
    assert page.locator(".flash.error").count() == 0
    if not javascript:
        assert page.locator(".right-hint").first.is_visible()
    else:
        assert not page.locator("fieldset[data-right=access]").is_visible()
    context.close()

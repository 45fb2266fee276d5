"""Every page opened by a signed link refuses a bad link the same way (dsar/core/link_pages.py):
expired gives 410 and the "expired" page, tampered, signed for another purpose or pointing at
nothing gives 404 and the "not valid" page, in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from dsar.core.links import LinkPurpose, link_days, make_token

# Each link page, with the purpose its links are signed for.
PAGES = {
    "/confirm/{}": LinkPurpose.CONFIRM_EMAIL,
    "/status/{}": LinkPurpose.STATUS,
    "/reply/{}": LinkPurpose.REPLY,
    "/id/{}": LinkPurpose.ID_COPY,
    "/controller/{}": LinkPurpose.CONTROLLER,
    "/download/{}": LinkPurpose.DOWNLOAD,
    "/transmission/confirm/{}": LinkPurpose.TRANSMISSION_CONFIRM,
    "/transmission/{}": LinkPurpose.TRANSMISSION,
}
# Pages that are part of a link page (an image, a progress poll) answer a bare 404 instead.
INNER = {
    "identity.progress",
    "identity.progress_status",
    "identity.preview",
    "identity.accept",
    "identity.redo",
}
EXPIRED = {"nl": "Deze link is verlopen", "fr": "Ce lien a expiré", "en": "This link has expired"}
INVALID = {
    "nl": "Deze link is niet geldig",
    "fr": "Ce lien n'est pas valable",
    "en": "This link is not valid",
}
NOBODY = "0" * 32  # a well-formed public id that belongs to nothing


def _get(client, path: str, lang: str):
    return client.get(path, headers={"Accept-Language": lang})


def test_the_table_covers_every_link_page(app):
    pages = {
        rule.rule.replace("<token>", "{}")
        for rule in app.url_map.iter_rules()
        if rule.arguments == {"token"} and rule.endpoint not in INNER
    }
    assert pages == set(PAGES)


@pytest.mark.parametrize("lang", ["nl", "fr"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_an_expired_link_explains_itself(client, app, page, lang):
    days = link_days(PAGES[page])
    with time_machine.travel(datetime.now(UTC) - timedelta(days=days + 1)):
        token = make_token(PAGES[page], NOBODY)
    response = _get(client, page.format(token), lang)
    assert response.status_code == 410
    assert EXPIRED[lang] in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["nl", "fr"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_tampered_link_is_not_valid(client, app, page, lang):
    token = make_token(PAGES[page], NOBODY)
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    response = _get(client, page.format(tampered), lang)
    assert response.status_code == 404
    assert INVALID[lang] in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["nl", "fr"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_link_signed_for_another_purpose_is_not_valid(client, app, page, lang):
    other = next(purpose for purpose in LinkPurpose if purpose != PAGES[page])
    response = _get(client, page.format(make_token(other, NOBODY)), lang)
    assert response.status_code == 404
    assert INVALID[lang] in response.get_data(as_text=True)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_good_link_to_nothing_reveals_nothing(client, app, page):
    response = _get(client, page.format(make_token(PAGES[page], NOBODY)), "en")
    assert response.status_code == 404
    assert INVALID["en"] in response.get_data(as_text=True)


def test_inner_pages_of_a_bad_link_are_a_bare_404(client, app):
    token = make_token(LinkPurpose.STATUS, NOBODY)  # wrong purpose for the ID pages
    for path in (f"/id/{token}/copies/x/status", f"/id/{token}/copies/x/preview"):
        response = client.get(path)
        assert response.status_code == 404
        assert INVALID["en"] not in response.get_data(as_text=True)

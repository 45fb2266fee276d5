"""The redaction editor in a real browser: the person picks a photo of their card, draws black
boxes, rotates, and only the flattened image leaves the browser; the server's inspection then
accepts it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dsar.core.db import db
from dsar.identity import service
from dsar.identity.models import CopyStatus, IdCopy
from tests.identity import cards
from tests.identity.conftest import the_case, upload_link
from tests.support.forms import FormClient

pytestmark = pytest.mark.browser


def test_boxes_drawn_in_the_browser_are_what_reaches_the_server(live_server, browser, tmp_path):
    app = live_server.app
    with app.app_context():
        FormClient(app.test_client()).submit_request()
        service.request_id_copy(the_case(), "policy")
        db.session.commit()
        link = upload_link()
    card = cards.make("be_eid")  # nothing blacked out yet: the person does it in the editor
    picture = tmp_path / "my-card.png"
    picture.write_bytes(cards.to_png(card.image))

    page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 1800})
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + link + "?lang=en")
    assert not page.locator("#redact-editor").is_visible()
    page.set_input_files("input[type=file]", str(picture))
    canvas = page.locator("#redact-canvas")
    canvas.wait_for(state="visible")

    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    scale = box["width"] / card.image.width
    for name in ("photo", "document_number", "national_number"):
        x0, y0, x1, y1 = card.regions[name]
        page.mouse.move(box["x"] + (x0 - 10) * scale, box["y"] + (y0 - 10) * scale)
        page.mouse.down()
        page.mouse.move(box["x"] + (x1 + 10) * scale, box["y"] + (y1 + 10) * scale, steps=5)
        page.mouse.up()

    page.get_by_role("button", name="Rotate right").click()
    assert canvas.evaluate("c => [c.width, c.height]") == [card.image.height, card.image.width]
    page.get_by_role("button", name="Rotate left").click()
    assert canvas.evaluate("c => [c.width, c.height]") == [card.image.width, card.image.height]

    with page.expect_request(lambda request: request.method == "POST") as sent:
        page.get_by_role("button", name="Send my redacted copy").click()
    assert sent.value.headers.get("accept") == "application/json"  # the editor's upload, not the form's

    page.locator(".id-done").wait_for(timeout=90_000)
    assert "Thank you" in page.locator(".id-done").inner_text()
    assert not [text for text in problems if "Content Security Policy" in text]
    with app.app_context():
        # The picture chosen shows the photo and both numbers: had it left the browser, the
        # inspection would have refused it. What arrived is the flattened, blacked-out canvas.
        [copy] = db.session.scalars(select(IdCopy)).all()
        assert copy.status == CopyStatus.STORED and copy.findings["properly_redacted"] is True
        assert copy.source == "upload"


PIXEL = "(c, [x, y]) => Array.from(c.getContext('2d').getImageData(x, y, 1, 1).data)"
BLACK = [0, 0, 0, 255]


def test_boxes_are_added_moved_and_resized_with_the_keyboard_alone(live_server, browser, tmp_path):
    app = live_server.app
    with app.app_context():
        FormClient(app.test_client()).submit_request()
        service.request_id_copy(the_case(), "policy")
        db.session.commit()
        link = upload_link()
    card = cards.make("be_eid")
    picture = tmp_path / "my-card.png"
    picture.write_bytes(cards.to_png(card.image))

    page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 1800})
    page.goto(live_server.url + link + "?lang=en")
    page.set_input_files("input[type=file]", str(picture))
    canvas = page.locator("#redact-canvas")
    canvas.wait_for(state="visible")
    width, height = canvas.evaluate("c => [c.width, c.height]")
    step = max(2, round(max(width, height) / 100))

    page.get_by_role("button", name="Add a box").focus()
    page.keyboard.press("Enter")  # a box in the middle, and the focus on the picture
    assert page.evaluate("document.activeElement.id") == "redact-canvas"
    assert "Box 1 of 1 chosen" in page.locator(".editor-status").inner_text()
    w, h = round(width / 4), round(height / 8)
    x, y = round((width - w) / 2), round((height - h) / 2)
    assert canvas.evaluate(PIXEL, [x + 1, y + 1]) == BLACK

    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowDown")
    moved_x = x - 5 * step
    assert canvas.evaluate(PIXEL, [moved_x + 1, y + 1]) == BLACK  # moved left
    assert canvas.evaluate(PIXEL, [moved_x + w + 1, y + 1]) != BLACK  # its old right edge is uncovered
    assert canvas.evaluate(PIXEL, [moved_x + 1, y + h + 3 * step - 2]) == BLACK  # and it grew taller

    page.keyboard.press("Delete")
    assert canvas.evaluate(PIXEL, [moved_x + 1, y + 1]) != BLACK

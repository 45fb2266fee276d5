"""A person walks every public and staff page in Dutch and in French, at 1280 px, in Chromium, and
sees neither a code (`in_progress`), nor an English sentence, nor a page wider than the screen; and
axe-core finds no accessibility violation of serious or critical impact.

axe-core is the npm package pinned in package-lock.json (scripts/ensure_test_tools.py installs it
with `npm ci`); it is injected from node_modules, so nothing is downloaded while the test runs."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.walk import seed, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
WIDER_THAN_THE_SCREEN = "document.documentElement.scrollWidth - window.innerWidth"
# A code as the database stores it: two or more lower-case words joined by underscores.
RAW_KEY = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
# Words that belong to no Dutch or French sentence (and that the portal's English texts use a lot);
# "deadline", "download", "filter" and "e-mail" are left out on purpose: Dutch uses them as they are.
ENGLISH = re.compile(
    r"\b(the|and|your|with|which|please|should|been|this|that|from|there|days? left|sign out|"
    r"requests?|requester|cases?|received|select|submit|nobody|anyone|none|yes|no|not|"
    r"overdue|assignee|reference|state|due)\b",
    re.I,
)
# What a person types literally is not a sentence: API scopes such as cases:read.
LITERAL = re.compile(r"\b[\w.-]+:[\w:.-]+")
# Pages whose text the walk does not check (only their layout and accessibility): none; a page that
# must show stored names verbatim would be listed here with the reason.
CODES_SHOWN: set[str] = set()
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
}"""


def findings_on(page, url: str, language: str, words: bool = True) -> list[str]:
    response = page.goto(url + ("&" if "?" in url else "?") + f"lang={language}")
    found = [] if response.status == 200 else [f"HTTP {response.status}"]
    if (overflow := page.evaluate(WIDER_THAN_THE_SCREEN)) > 0:
        found.append(f"{overflow} px wider than the screen")
    text = LITERAL.sub(" ", page.locator("body").inner_text()) if words else ""
    found += [f"code {key!r}" for key in sorted(set(RAW_KEY.findall(text)))]
    if language != "en":
        found += [f"English {word!r}" for word in sorted({m.lower() for m in ENGLISH.findall(text)})]
    page.add_script_tag(path=str(AXE))
    found += [f"axe {violation}" for violation in page.evaluate(AXE_RUN)]
    return found


@pytest.fixture
def walk(live_server):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run scripts/ensure_test_tools.py (npm ci)")
    return seed(live_server.app)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_page_is_worded_fits_1280_px_and_passes_axe(live_server, browser, walk, language):
    findings = {}
    # axe-core is injected as an inline script: the portal's CSP rightly forbids that, so only this
    # test's browser context is told to let it through.
    visitor = browser.new_context(viewport=DESKTOP, locale=f"{language}-BE", bypass_csp=True)
    page = visitor.new_page()
    for name, link in walk.public.items():
        url = link if link.startswith("http") else live_server.url + link
        findings[name] = findings_on(page, url, language)
    staff = browser.new_context(viewport=DESKTOP, locale=f"{language}-BE", bypass_csp=True)
    desk = staff.new_page()
    sign_in(desk, live_server.url, live_server.app, language)
    for name, path in walk.staff.items():
        findings[name] = findings_on(desk, live_server.url + path, language, name not in CODES_SHOWN)
    report = [f"{name}: {'; '.join(found)}" for name, found in findings.items() if found]
    assert not report, "\n".join(report)


def test_an_error_summary_takes_the_focus_and_its_links_lead_to_the_fields(live_server, browser):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run scripts/ensure_test_tools.py (npm ci)")
    page = browser.new_context(viewport=DESKTOP, locale="nl-BE", bypass_csp=True).new_page()
    page.goto(live_server.url + "/?lang=nl")
    page.locator("#request-form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    # The summary is in the page before its script runs: give the script its moment, then check.
    page.wait_for_load_state("load")
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("document.activeElement.className === 'error-summary'", timeout=5_000)
    assert page.evaluate("document.activeElement.className") == "error-summary"
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_RUN) == []  # the invalid fields and their messages pass axe too
    page.locator(".error-summary a[href='#email']").click()
    assert page.evaluate("document.activeElement.id") == "email"

"""Screenshots of the main pages at 1280 px (a desk) and 390 px (a phone) in each language.

    .venv/bin/python scripts/screenshots.py OUTPUT_FOLDER [--languages nl fr en] [--pages form cases]

The portal runs on loopback on a throwaway SQLite database filled with a few requests, a client
controller and a signed-in admin (tests/support/walk.py), and Debian's Chromium takes the pictures:
OUTPUT_FOLDER/<language>-<page>-<width>.png. Needs the development packages (make setup-dev) and
/usr/bin/chromium; nothing is downloaded."""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

WIDTHS = {1280: 900, 390: 844}  # viewport width -> height
PUBLIC = ("form", "status")
STAFF = ("cases", "case", "processor_case", "mailbox")
PAGES = PUBLIC + STAFF


def portal(folder: Path):
    """The portal on a migrated SQLite database in ``folder``, filled for the pictures."""
    from flask_migrate import upgrade

    from dsar import create_app

    config = {
        "TESTING": True,
        "SECRET_KEY": "screenshots-" + "s" * 40,
        "AUDIT_KEY": "screenshots-audit-" + "a" * 40,
        "DATABASE_URL": f"sqlite:///{folder / 'portal.db'}",
        "JOB_RUNNER": "manual",
        "MIN_FILL_SECONDS": 0,
        "UPLOAD_DIR": str(folder / "uploads"),
        "SMTP_HOST": "",
        "REDIS_URL": "",
        "RATELIMIT_ENABLED": False,
        "ORGANISATION_NAME": "Voorbeeld BV",
    }
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


def serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, app.config["BASE_URL"]


def shrink(path: Path) -> None:
    """A palette of 256 colours: a third of the size, small enough to keep in the repository."""
    from PIL import Image

    with Image.open(path) as picture:
        small = picture.convert("RGB").quantize(colors=256)
    small.save(path, optimize=True)


def shoot(output: Path, languages: list[str], pages: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
    from tests.support.walk import seed, sign_in

    taken = []
    with tempfile.TemporaryDirectory() as folder:
        app = portal(Path(folder))
        server, base = serve(app)  # first: the links the seed hands out name this address
        walk = seed(app)
        links = {**walk.public, **walk.staff}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for language in languages:
                    for width, height in WIDTHS.items():
                        context = browser.new_context(viewport={"width": width, "height": height})
                        page = context.new_page()
                        if any(name in STAFF for name in pages):
                            sign_in(page, base, app, language)
                        for name in pages:
                            link = links[name]
                            url = link if link.startswith("http") else base + link
                            page.goto(url + ("&" if "?" in url else "?") + f"lang={language}")
                            path = output / f"{language}-{name}-{width}.png"
                            page.screenshot(path=str(path))
                            shrink(path)
                            taken.append(path)
                        context.close()
                browser.close()
        finally:
            server.shutdown()
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="folder for the PNG files")
    parser.add_argument("--languages", nargs="+", default=["nl", "fr", "en"], choices=["nl", "fr", "en"])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=PAGES)
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    for path in shoot(args.output, args.languages, args.pages):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

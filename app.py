"""The WSGI entry point: ``flask --app app run`` and ``gunicorn app:app``."""

from dsar import create_app

app = create_app()

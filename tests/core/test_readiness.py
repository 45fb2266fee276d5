"""Health and readiness, and what people see while the database is down (security.md R-09)."""

from __future__ import annotations


def test_with_the_database_down_pages_say_so_without_details_and_readiness_fails(make_app, tmp_path):
    app = make_app(DATABASE_URL=f"sqlite:///{tmp_path}/missing-dir/dsar.db")
    client = app.test_client()

    assert client.get("/healthz").status_code == 200  # the process itself is up
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json() == {"status": "unavailable"}
    page = client.get("/")
    body = page.get_data(as_text=True)
    assert page.status_code == 503 and "Please try again in a few minutes" in body
    assert "Traceback" not in body and "sqlite" not in body.lower() and "missing-dir" not in body


def test_readiness_passes_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json() == {"status": "ready"}

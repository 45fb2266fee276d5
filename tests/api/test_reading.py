"""Following cases through the API: one case with its deadlines, outcomes and timeline; open cases
a keyset page at a time; a client controller's forwarded requests and its instruction. Scopes,
revoked and rotated tokens, rate limits, no cookies, and CSRF untouched on the browser side."""

from __future__ import annotations

from sqlalchemy import select

from dsar.api.clients import get_client, revoke_client, rotate_secret
from dsar.api.models import ApiClient
from dsar.cases.models import Case
from dsar.controllers.service import forward_case
from dsar.core.db import db
from tests.api.conftest import bearer
from tests.api.test_filing import BODY, problem_fields
from tests.controllers.test_forwarding import add_controller
from tests.support.signin import sign_in


def file(client, token, **overrides) -> str:
    response = client.post("/api/v1/requests", json={**BODY, **overrides}, headers=bearer(token))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["reference"]


def test_a_case_reads_with_status_deadlines_outcomes_and_timeline_without_personal_data(client, api_token):
    reference = file(client, api_token("requests:create"))
    response = client.get(f"/api/v1/cases/{reference}", headers=bearer(api_token("cases:read")))

    assert response.status_code == 200
    document = response.get_json()
    db.session.expire_all()
    case = db.session.scalars(select(Case)).one()
    assert document["state"] == case.state
    assert document["deadlines"]["one_month_due"] == case.one_month_due.isoformat()
    assert document["deadlines"]["extended"] is False
    assert [o["right"] for o in document["outcomes"]] == ["access", "erasure"]
    assert [o["outcome"] for o in document["outcomes"]] == [None, None]
    assert document["timeline"][0]["kind"] == "submitted"
    assert "an.peeters" not in response.get_data(as_text=True)  # no requester data in cases:read
    assert "An Peeters" not in response.get_data(as_text=True)


def test_open_cases_come_in_keyset_pages_by_due_date_with_filters(client, api_token):
    filer, reader = api_token("requests:create"), api_token("cases:read")
    references = [file(client, filer, email=f"p{n}@example.org") for n in range(5)]
    file(client, filer, rights=["objection"], objection_processing="Profiling", email="o@example.org")

    seen, after = [], None
    while True:
        query = "?limit=2&right=access" + (f"&after={after}" if after else "")
        page = client.get(f"/api/v1/cases{query}", headers=bearer(reader)).get_json()
        assert len(page["items"]) <= 2
        seen += [item["reference"] for item in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert sorted(seen) == sorted(references)  # each once, the objection filtered out
    assert len(seen) == len(set(seen))

    bad = client.get("/api/v1/cases?state=lost&limit=500&colour=red", headers=bearer(reader))
    assert bad.status_code == 400 and set(problem_fields(bad)) == {"/colour"}
    bad = client.get("/api/v1/cases?state=lost&limit=500", headers=bearer(reader))
    assert bad.status_code == 400 and set(problem_fields(bad)) == {"/state"}


def test_each_call_needs_a_valid_token_with_the_right_scope(client, api_token):
    filer = api_token("requests:create")
    reference = file(client, filer)

    assert client.get("/api/v1/cases").status_code == 401
    assert client.get("/api/v1/cases").headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/cases", headers=bearer("dsar_abc_def")).status_code == 401
    assert client.get(f"/api/v1/cases/{reference}", headers=bearer(filer)).status_code == 403
    reader = api_token("cases:read")
    assert client.post("/api/v1/requests", json=BODY, headers=bearer(reader)).status_code == 403
    assert client.get("/api/v1/cases/AAAA-0000", headers=bearer(reader)).status_code == 404
    assert client.get("/api/v1/no-such-thing", headers=bearer(reader)).mimetype == "application/problem+json"


def test_every_api_route_refuses_a_call_without_a_token_or_without_its_scope(app, client, api_token):
    """The declared policy of tests/accounts/test_route_access.py (API): only the document is open."""
    reference = file(client, api_token("requests:create"))
    unrelated = api_token("controller:424242")
    values = {"reference": reference, "controller_id": 1}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api.") or rule.endpoint == "api.openapi":
            continue
        path = rule.build(values, append_unknown=False)[1]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            anonymous = client.open(path, method=method, json={})
            assert anonymous.status_code == 401, (method, path)
            outside_scope = client.open(path, method=method, json={}, headers=bearer(unrelated))
            assert outside_scope.status_code == 403, (method, path)
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_a_rotated_secret_replaces_the_old_one_and_a_revoked_client_is_refused(client, api_token, staff):
    token = api_token("cases:read", name="CRM")
    assert client.get("/api/v1/cases", headers=bearer(token)).status_code == 200
    found = db.session.scalars(select(ApiClient).where(ApiClient.name == "CRM")).one()
    assert token.split("_", 2)[2] not in found.secret_hash  # only a hash is kept

    new_token = rotate_secret(get_client(found.id), found.created_by_id)
    db.session.commit()
    assert client.get("/api/v1/cases", headers=bearer(token)).status_code == 401
    assert client.get("/api/v1/cases", headers=bearer(new_token)).status_code == 200

    revoke_client(get_client(found.id), found.created_by_id)
    db.session.commit()
    assert client.get("/api/v1/cases", headers=bearer(new_token)).status_code == 401


def forwarded_case(client, api_token, controller) -> str:
    reference = file(
        client, api_token("requests:create", f"controller:{controller.id}"), controller_id=controller.id
    )
    case = db.session.scalars(select(Case).where(Case.reference == reference)).one()
    forward_case(case, None)
    db.session.commit()
    return reference


def test_a_client_controller_reads_its_forwarded_requests_and_posts_its_instruction(client, api_token):
    controller, other = add_controller(), add_controller(name="Other BV")
    reference = forwarded_case(client, api_token, controller)
    own = api_token(f"controller:{controller.id}")

    listing = client.get(f"/api/v1/controllers/{controller.id}/forwards", headers=bearer(own))
    assert listing.status_code == 200
    [item] = listing.get_json()["items"]
    # The controller decides on the request (rules P3): it reads who asks and what.
    assert item["reference"] == reference and item["requester"]["email"] == "an.peeters@example.org"
    assert item["instruction"] is None

    path = f"/api/v1/controllers/{controller.id}/forwards/{reference}/instruction"
    bad = client.post(path, json={"instruction": "shred_everything"}, headers=bearer(own))
    assert bad.status_code == 422 and set(problem_fields(bad)) == {"/instruction"}
    done = client.post(
        path, json={"instruction": "no_data_held", "note": "Not a customer."}, headers=bearer(own)
    )
    assert done.status_code == 200 and done.get_json()["instruction"] == "no_data_held"
    db.session.expire_all()
    case = db.session.scalars(select(Case).where(Case.reference == reference)).one()
    assert case.controller_instruction_at is not None
    assert "controller_instruction" in [event.kind for event in case.events]

    # Another controller's token sees nothing of it and cannot instruct.
    theirs = api_token(f"controller:{other.id}")
    assert (
        client.get(f"/api/v1/controllers/{controller.id}/forwards", headers=bearer(theirs)).status_code == 403
    )
    assert (
        client.get(f"/api/v1/controllers/{other.id}/forwards", headers=bearer(theirs)).get_json()["items"]
        == []
    )
    other_path = f"/api/v1/controllers/{other.id}/forwards/{reference}/instruction"
    refused = client.post(other_path, json={"instruction": "controller_answers"}, headers=bearer(theirs))
    assert refused.status_code == 404


def test_calls_beyond_the_clients_limit_get_429_as_a_problem(make_app, api_token):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_API="3 per minute")
    token = api_token("cases:read")
    with app.app_context():
        client = app.test_client()
        statuses = [client.get("/api/v1/cases", headers=bearer(token)).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.get("/api/v1/cases", headers=bearer(token))
        assert limited.mimetype == "application/problem+json"
        # Another client has its own budget.
        assert client.get("/api/v1/cases", headers=bearer(api_token("cases:read"))).status_code == 200


def test_the_api_sets_no_cookie_and_ignores_a_staff_session(client, forms, staff, api_token):
    from tests.support.signin import sign_in

    staff("handler")
    sign_in(forms)  # the client now carries a signed-in staff session cookie
    assert client.get("/api/v1/cases").status_code == 401  # a cookie is no credential here
    response = client.get("/api/v1/cases", headers=bearer(api_token("cases:read")))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    filed = client.post("/api/v1/requests?lang=nl", json=BODY, headers=bearer(api_token("requests:create")))
    assert filed.status_code == 201 and "Set-Cookie" not in filed.headers


def test_browser_routes_keep_their_csrf_protection(client):
    response = client.post("/", data=BODY)
    assert response.status_code == 400  # no CSRF token: refused, nothing stored
    assert db.session.scalars(select(Case)).all() == []


def test_a_number_beyond_any_row_id_is_refused_clearly_not_with_a_server_error(
    client, api_token, staff, forms
):
    """Ids are INTEGER columns; PostgreSQL refuses a larger number outright, so it must never reach it."""
    controller = add_controller()
    own = api_token(f"controller:{controller.id}")
    too_large = 2**31  # one past the largest row id
    listing = client.get(
        f"/api/v1/controllers/{controller.id}/forwards?after={too_large}", headers=bearer(own)
    )
    assert listing.status_code == 400 and problem_fields(listing) == {"/after": "This number is too large."}
    cases = client.get(f"/api/v1/cases?controller_id={too_large}", headers=bearer(api_token("cases:read")))
    assert cases.status_code == 400 and problem_fields(cases) == {
        "/controller_id": "This number is too large."
    }
    cursor = client.get(
        f"/api/v1/cases?after=2026-01-01.{too_large}", headers=bearer(api_token("cases:read"))
    )
    assert cursor.status_code == 400

    staff("admin")
    sign_in(forms, email="admin@example.org")
    assert client.get(f"/staff/controllers/{too_large}").status_code == 404
    assert client.get(f"/staff/cases?after=2026-01-01.{too_large}").status_code == 200  # the first page

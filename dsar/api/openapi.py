"""The OpenAPI 3.1 document of /api/v1. The request body is built from the same field table the
code checks (filing.REQUEST_FIELDS); tests/api/test_openapi.py keeps paths and methods in step with
the routes, and schemathesis checks every response against it."""

from __future__ import annotations

from dsar.api import filing
from dsar.api.webhooks import EVENT_TYPES
from dsar.cases.queue import DUE_WINDOWS
from dsar.controllers.forms import INSTRUCTION_LABELS
from dsar.core.db import MAX_ID
from workflows.states import CaseRole, CaseState, Right

REFERENCE_PATTERN = "^[0-9A-Z]{4}-[0-9A-Z]{4}$"


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


PROBLEM = {"application/problem+json": {"schema": _ref("Problem")}}
DATE = {"type": "string", "format": "date"}
INSTANT = {"type": "string", "format": "date-time"}


def _request_schema() -> dict:
    json_types = {str: {"type": "string", "maxLength": 2000}, bool: {"type": "boolean"}}
    properties = {}
    for name, kind in filing.REQUEST_FIELDS.items():
        if kind is list:
            item = {"type": "string", "enum": [r.value for r in Right]}
            properties[name] = {"type": "array", "items": item, "minItems": 1, "maxItems": len(Right)}
        elif kind is int:
            properties[name] = {"type": "integer", "minimum": 1}
        else:
            properties[name] = dict(json_types[kind])
    properties["email"] = {"type": "string", "format": "email", "maxLength": 254}
    properties["received_at"] = {**INSTANT, "description": "When it reached us elsewhere; default: now."}
    properties["channel"] = {"type": "string", "enum": ["api", "email", "letter", "phone", "in_person"]}
    properties["language"] = {"type": "string", "enum": ["nl", "fr", "en"]}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(filing.REQUIRED),
        "properties": properties,
        "examples": [
            {"rights": ["access"], "name": "An Peeters", "email": "an.peeters@example.org"},
            {
                "rights": ["erasure"],
                "erasure_scope": "My customer account",
                "name": "Jan Jansen",
                "email": "jan@example.org",
                "channel": "letter",
                "received_at": "2026-11-02T09:30:00+01:00",
                "backdate_reason": "The letter was scanned late.",
            },
        ],
    }


def _schemas() -> dict:
    summary = {
        "reference": {"type": "string", "pattern": REFERENCE_PATTERN},
        "state": {"type": "string", "enum": [s.value for s in CaseState]},
        "role": {"type": "string", "enum": [r.value for r in CaseRole]},
        "channel": {"type": "string"},
        "controller_id": _nullable("integer"),
        "rights": {"type": "array", "items": {"type": "string", "enum": [r.value for r in Right]}},
        "received_at": INSTANT,
        "due_date": DATE,
    }
    deadlines = {
        "receipt_date": DATE,
        "one_month_due": DATE,
        "extended_due": DATE,
        "due_date": DATE,
        "forward_by": _nullable("string", format="date"),
        "paused_days": {"type": "integer"},
        "extended": {"type": "boolean"},
    }
    case = {
        **summary,
        "deadlines": _object(deadlines),
        "outcomes": {
            "type": "array",
            "items": _object(
                {
                    "right": {"type": "string"},
                    "outcome": _nullable("string"),
                    "decided_at": _nullable("string", format="date-time"),
                }
            ),
        },
        "timeline": {"type": "array", "items": _object({"at": INSTANT, "kind": {"type": "string"}})},
        "answered_at": _nullable("string", format="date-time"),
        "closed_at": _nullable("string", format="date-time"),
    }
    requester = {
        "name": {"type": "string"},
        "email": {"type": "string"},
        "customer_reference": _nullable("string"),
        "on_behalf": {"type": "boolean"},
        "subject_name": _nullable("string"),
    }
    forward = {
        "id": {"type": "integer"},
        "reference": {"type": "string"},
        "sent_at": INSTANT,
        "forward_by": _nullable("string", format="date"),
        "received_at": INSTANT,
        "channel": {"type": "string"},
        "requester": _object(requester),
        "rights": {
            "type": "array",
            "items": _object({"right": {"type": "string"}, "details": {"type": "object"}}),
        },
        "acknowledged_at": _nullable("string", format="date-time"),
        "instruction": _nullable("string"),
        "instruction_at": _nullable("string", format="date-time"),
    }
    problem = {
        "type": "object",
        "required": ["type", "title", "status"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {
                "type": "array",
                "items": _object({"pointer": {"type": "string"}, "detail": {"type": "string"}}),
            },
        },
    }
    return {
        "NewRequest": _request_schema(),
        "CaseSummary": _object(summary),
        "Case": _object(case),
        "CaseList": _object(
            {"items": {"type": "array", "items": _ref("CaseSummary")}, "next": _nullable("string")}
        ),
        "Forward": _object(forward),
        "ForwardList": _object(
            {"items": {"type": "array", "items": _ref("Forward")}, "next": _nullable("string")}
        ),
        "Instruction": {
            "type": "object",
            "additionalProperties": False,
            "required": ["instruction"],
            "properties": {
                "instruction": {"type": "string", "enum": list(INSTRUCTION_LABELS)},
                "note": {"type": "string", "maxLength": 4000},
            },
        },
        "Problem": problem,
        "WebhookEvent": _object(
            {
                "type": {"type": "string", "enum": list(EVENT_TYPES)},
                "timestamp": INSTANT,
                "data": _object(
                    {
                        "reference": {"type": "string"},
                        "state": {"type": "string"},
                        "role": {"type": "string"},
                        "controller_id": _nullable("integer"),
                        "due_date": DATE,
                    }
                ),
            }
        ),
    }


def _object(properties: dict) -> dict:
    return {"type": "object", "required": list(properties), "properties": properties}


def _operation(summary: str, ok: dict, *, status: str = "200", parameters=(), body=None, security=True):
    operation = {
        "summary": summary,
        "parameters": list(parameters),
        "responses": {status: {"description": "OK", "content": _json(ok)}, "default": _problem()},
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": _json(body)}
    if not security:
        operation["security"] = []
    return operation


def _problem() -> dict:
    return {"description": "An RFC 9457 problem", "content": PROBLEM}


def _query(name: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema}


def _path(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


LIMIT = _query("limit", {"type": "integer", "minimum": 1, "maximum": 100})
REFERENCE = _path("reference", {"type": "string", "pattern": REFERENCE_PATTERN})
CONTROLLER = _path("controller_id", {"type": "integer", "minimum": 1, "maximum": MAX_ID})


def document() -> dict:
    case_filters = [
        _query("state", {"type": "string", "enum": [s.value for s in CaseState]}),
        _query("right", {"type": "string", "enum": [r.value for r in Right]}),
        _query("role", {"type": "string", "enum": [r.value for r in CaseRole]}),
        _query("controller_id", {"type": "integer", "minimum": 1, "maximum": MAX_ID}),
        _query("due", {"type": "string", "enum": list(DUE_WINDOWS)}),
        _query("after", {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}\.\d{1,10}$"}),
        LIMIT,
    ]
    forward_page = [_query("after", {"type": "integer", "minimum": 0, "maximum": MAX_ID}), LIMIT]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "DSAR portal API",
            "version": "1",
            "description": "File and follow data-subject requests. Errors are RFC 9457 problem details.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/openapi.json": {"get": _operation("This document", {"type": "object"}, security=False)},
            "/requests": {
                "post": _operation(
                    "File a request (scope requests:create)",
                    _ref("Case"),
                    status="201",
                    body=_ref("NewRequest"),
                )
            },
            "/cases": {
                "get": _operation(
                    "Open cases by due date (scope cases:read)", _ref("CaseList"), parameters=case_filters
                )
            },
            "/cases/{reference}": {
                "get": _operation("One case (scope cases:read)", _ref("Case"), parameters=[REFERENCE])
            },
            "/controllers/{controller_id}/forwards": {
                "get": _operation(
                    "Requests forwarded to a client controller (scope controller:<id>)",
                    _ref("ForwardList"),
                    parameters=[CONTROLLER, *forward_page],
                )
            },
            "/controllers/{controller_id}/forwards/{reference}/instruction": {
                "post": _operation(
                    "The controller's instruction (scope controller:<id>)",
                    _ref("Forward"),
                    parameters=[CONTROLLER, REFERENCE],
                    body=_ref("Instruction"),
                )
            },
        },
        "webhooks": {
            event_type: {
                "post": {
                    "summary": f"{event_type}: signed with Standard Webhooks headers",
                    "requestBody": {"content": _json(_ref("WebhookEvent"))},
                    "responses": {"2XX": {"description": "Received"}},
                }
            }
            for event_type in EVENT_TYPES
        },
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
